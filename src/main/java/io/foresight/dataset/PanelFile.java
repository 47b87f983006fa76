package io.foresight.dataset;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.foresight.AtomicFiles;
import io.foresight.ForesightException;

/**
 * The parsed {@link Panel} of a many-series dataset in our own binary format ({@code panel.bin}), the sibling of
 * {@link SeriesFile}: loading a stored dataset reads it instead of parsing its CSV again. Big-endian primitives written
 * with {@link ByteBuffer} in bulk; never Java serialization.
 *
 * <pre>
 * int     magic 0x46535031 ("FSP1")
 * int     format version (1)
 * text    frequency code (text: int byte length, then UTF-8)
 * boolean dateOnly (one byte)
 * int     id columns k; k x text
 * int     numeric columns c; c x text
 * int     series s; per series:
 *   text  id
 *   int   rows n (at least 1); int gaps (rows inserted where its grid had no timestamp)
 *   long  first timestamp, epoch seconds of the LocalDateTime read as UTC
 *   long  last timestamp (a check: the grid from the first must end there)
 *   c x n double: the values column by column (NaN for missing)
 * 32      SHA-256 of every byte before it
 * </pre>
 *
 * Timestamps are not stored one by one: row {@code k} of a series is {@code frequency.plus(first, k)} and is read back
 * as {@link RegularTimestamps}. A file this build cannot read is {@link SeriesFile.DamagedException damaged}, and the
 * dataset's CSV is parsed instead.
 */
final class PanelFile {

    static final String NAME = "panel.bin";

    private static final int MAGIC = 0x46535031;
    private static final int VERSION = 1;

    private PanelFile() {
    }

    /** A panel with the gaps of each of its series. */
    record Stored(Panel panel, int[] gaps) {
    }

    static byte[] write(Panel panel, int[] gaps) {
        if (panel.size() == 0) {
            throw new IllegalArgumentException("a stored panel has at least one series");
        }
        TimeSeries first = panel.series().get(0).data();
        List<String> columnNames = first.columnNames();
        long size = 4 + 4 + text(first.frequency().code()) + 1 + 4 + 4 + 4 + SeriesFile.DIGEST_LENGTH;
        for (String name : panel.idColumns()) {
            size += text(name);
        }
        for (String name : columnNames) {
            size += text(name);
        }
        for (Panel.Member member : panel.series()) {
            size += text(member.id()) + 4 + 4 + 8 + 8 + 8L * member.data().size() * columnNames.size();
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a panel of " + size + " bytes is too large to store in one file");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(MAGIC).putInt(VERSION);
        putText(out, first.frequency().code());
        out.put((byte) (first.dateOnly() ? 1 : 0));
        out.putInt(panel.idColumns().size());
        panel.idColumns().forEach(name -> putText(out, name));
        out.putInt(columnNames.size());
        columnNames.forEach(name -> putText(out, name));
        out.putInt(panel.size());
        for (int i = 0; i < panel.size(); i++) {
            Panel.Member member = panel.series().get(i);
            TimeSeries series = member.data();
            if (!series.columnNames().equals(columnNames) || !series.frequency().equals(first.frequency())) {
                throw new IllegalArgumentException("series " + member.id() + " differs in columns or frequency");
            }
            putText(out, member.id());
            out.putInt(series.size()).putInt(gaps[i]);
            out.putLong(series.timestamps().get(0).toEpochSecond(ZoneOffset.UTC));
            out.putLong(series.timestamps().get(series.size() - 1).toEpochSecond(ZoneOffset.UTC));
            for (SeriesColumn column : series.columns()) {
                out.asDoubleBuffer().put(column.values());
                out.position(out.position() + 8 * column.values().length);
            }
        }
        byte[] bytes = out.array();
        out.put(AtomicFiles.sha256(bytes, out.position()));
        return bytes;
    }

    static Stored read(byte[] file) throws SeriesFile.DamagedException {
        int body = SeriesFile.checkedContent(file, MAGIC, VERSION, "panel");
        ByteBuffer in = ByteBuffer.wrap(file, 8, body - 8);
        try {
            Frequency frequency = Frequency.parse(getText(in));
            boolean dateOnly = in.get() != 0;
            List<String> idColumns = getTexts(in);
            List<String> columnNames = getTexts(in);
            int count = in.getInt();
            if (count < 1 || columnNames.isEmpty() || count > body) {
                throw new SeriesFile.DamagedException(count + " series of " + columnNames.size() + " columns");
            }
            List<Panel.Member> members = new ArrayList<>(count);
            int[] gaps = new int[count];
            for (int s = 0; s < count; s++) {
                String id = getText(in);
                int rows = in.getInt();
                gaps[s] = in.getInt();
                LocalDateTime first = LocalDateTime.ofEpochSecond(in.getLong(), 0, ZoneOffset.UTC);
                LocalDateTime last = LocalDateTime.ofEpochSecond(in.getLong(), 0, ZoneOffset.UTC);
                if (rows < 1 || gaps[s] < 0 || gaps[s] >= rows || (long) rows * columnNames.size() * 8 > in.remaining()) {
                    throw new SeriesFile.DamagedException("series " + id + ": " + rows + " rows do not fit its size");
                }
                List<SeriesColumn> columns = new ArrayList<>(columnNames.size());
                for (String name : columnNames) {
                    double[] values = new double[rows];
                    in.asDoubleBuffer().get(values);
                    in.position(in.position() + 8 * rows);
                    columns.add(new SeriesColumn(name, values));
                }
                RegularTimestamps timestamps = new RegularTimestamps(first, rows, frequency);
                if (!timestamps.get(rows - 1).equals(last)) {
                    throw new SeriesFile.DamagedException("series " + id + ": the " + frequency + " grid from "
                            + first + " ends at " + timestamps.get(rows - 1) + ", not at the stored " + last);
                }
                members.add(new Panel.Member(id, new TimeSeries(timestamps, columns, frequency, dateOnly)));
            }
            if (in.hasRemaining()) {
                throw new SeriesFile.DamagedException("bytes left after the values");
            }
            return new Stored(new Panel(idColumns, members), gaps);
        } catch (BufferUnderflowException | IllegalArgumentException | ForesightException e) {
            throw new SeriesFile.DamagedException("unreadable (" + e + ")", e);
        }
    }

    private static long text(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putText(ByteBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(bytes.length).put(bytes);
    }

    private static String getText(ByteBuffer in) throws SeriesFile.DamagedException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new SeriesFile.DamagedException("a text of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> getTexts(ByteBuffer in) throws SeriesFile.DamagedException {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new SeriesFile.DamagedException(count + " names");
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(getText(in));
        }
        return names;
    }
}
