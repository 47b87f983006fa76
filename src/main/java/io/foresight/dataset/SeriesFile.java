package io.foresight.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.foresight.AtomicFiles;

/**
 * The parsed {@link TimeSeries} of a dataset in a small binary format of our own ({@code series.bin}), so that loading
 * a stored dataset does not parse its CSV again. Written with {@link DataOutputStream} primitives only (big-endian);
 * never Java serialization.
 *
 * <pre>
 * int     magic 0x46535231 ("FSR1")
 * int     format version (1)
 * UTF     frequency code
 * boolean dateOnly
 * int     rows n (at least 1)
 * long    first timestamp, epoch seconds of the LocalDateTime read as UTC; int its nanoseconds
 * long    last timestamp, epoch seconds; int its nanoseconds (a check: the grid from the first must end there)
 * int     columns c; per column: int byte length, then the name in UTF-8
 * c x n   long: the values column by column, as Double.doubleToRawLongBits (NaN for missing)
 * 32      SHA-256 of every byte before it
 * </pre>
 *
 * Timestamps are not stored one by one: a series is on its frequency's grid, so row {@code k} is
 * {@code frequency.plus(first, k)}, exactly as {@link DatasetParser} builds it. Files of format version 1 are kept as
 * test fixtures ({@code src/test/resources/fixtures/series-format-1}); a file this build cannot read is
 * {@link DamagedException damaged}, and the dataset's CSV is parsed instead.
 */
final class SeriesFile {

    static final String NAME = "series.bin";

    private static final int MAGIC = 0x46535231;
    private static final int VERSION = 1;
    /** The SHA-256 that ends a file of either binary format ({@link PanelFile} too). */
    static final int DIGEST_LENGTH = 32;

    private SeriesFile() {
    }

    /** A stored series file that cannot be read back: damaged, truncated, or of an unknown format version. */
    static final class DamagedException extends Exception {
        private static final long serialVersionUID = 1L;

        DamagedException(String message) {
            super(message);
        }

        DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static byte[] write(TimeSeries series) {
        int rows = series.size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + rows * 8 * series.columns().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(series.frequency().code());
            out.writeBoolean(series.dateOnly());
            out.writeInt(rows);
            writeTimestamp(out, series.timestamps().get(0));
            writeTimestamp(out, series.timestamps().get(rows - 1));
            out.writeInt(series.columns().size());
            for (SeriesColumn column : series.columns()) {
                byte[] name = column.name().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
            }
            for (SeriesColumn column : series.columns()) {
                for (double value : column.values()) {
                    out.writeLong(Double.doubleToRawLongBits(value));
                }
            }
            out.flush();
            out.write(AtomicFiles.sha256(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * What the binary formats ({@code series.bin}, {@code panel.bin}) check alike before reading their content: the
     * SHA-256 that ends the file, then its magic number and format version.
     *
     * @return the length of the content: the file without its digest (the header included)
     */
    static int checkedContent(byte[] file, int magic, int version, String kind) throws DamagedException {
        if (file.length < DIGEST_LENGTH + 8) {
            throw new DamagedException("too short (" + file.length + " bytes)");
        }
        int body = file.length - DIGEST_LENGTH;
        if (!Arrays.equals(AtomicFiles.sha256(file, body), 0, DIGEST_LENGTH, file, body, file.length)) {
            throw new DamagedException("its SHA-256 does not match its content");
        }
        ByteBuffer header = ByteBuffer.wrap(file, 0, 8);
        if (header.getInt() != magic) {
            throw new DamagedException("not a " + kind + " file");
        }
        int found = header.getInt();
        if (found != version) {
            throw new DamagedException("format version " + found + ", this build reads " + version);
        }
        return body;
    }

    static TimeSeries read(byte[] file) throws DamagedException {
        int body = checkedContent(file, MAGIC, VERSION, "series");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 8, body - 8))) {
            Frequency frequency = Frequency.parse(in.readUTF());
            boolean dateOnly = in.readBoolean();
            int rows = in.readInt();
            LocalDateTime first = readTimestamp(in);
            LocalDateTime last = readTimestamp(in);
            int columnCount = in.readInt();
            if (rows < 1 || columnCount < 1 || (long) rows * columnCount * 8 > body) {
                throw new DamagedException(rows + " rows of " + columnCount + " columns do not fit its size");
            }
            List<String> names = new ArrayList<>(columnCount);
            for (int c = 0; c < columnCount; c++) {
                int length = in.readInt();
                if (length < 0 || length > body) {
                    throw new DamagedException("a column name of " + length + " bytes");
                }
                names.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
            List<SeriesColumn> columns = new ArrayList<>(columnCount);
            for (String name : names) {
                double[] values = new double[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = Double.longBitsToDouble(in.readLong());
                }
                columns.add(new SeriesColumn(name, values));
            }
            if (in.read() != -1) {
                throw new DamagedException("bytes left after the values");
            }
            List<LocalDateTime> timestamps = new ArrayList<>(rows);
            for (int k = 0; k < rows; k++) {
                timestamps.add(frequency.plus(first, k));
            }
            if (!timestamps.get(rows - 1).equals(last)) {
                throw new DamagedException("the " + frequency + " grid from " + first + " ends at "
                        + timestamps.get(rows - 1) + ", not at the stored " + last);
            }
            return new TimeSeries(timestamps, columns, frequency, dateOnly);
        } catch (IOException | RuntimeException e) {
            throw new DamagedException("unreadable (" + e + ")", e);
        }
    }

    private static void writeTimestamp(DataOutputStream out, LocalDateTime t) throws IOException {
        out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
        out.writeInt(t.getNano());
    }

    private static LocalDateTime readTimestamp(DataInputStream in) throws IOException {
        return LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
    }
}
