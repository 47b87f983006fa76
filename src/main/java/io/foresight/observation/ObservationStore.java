package io.foresight.observation;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.foresight.FramedLog;
import io.foresight.registry.FoldedLogs;

/**
 * The observations of each model, in one append-only log per model: {@code <root>/<model>/observations.log}. A write is
 * one frame (magic, payload length, CRC-32, payload) holding every series of one request, appended and forced to the
 * device, so a request is applied whole or not at all: a frame torn by a crash fails its length or checksum, is
 * ignored by readers and cut off by the next writer. A frame either appends to its series or (replace) first drops
 * their observations from its first timestamp on. Writers take the model's lock (a lock file
 * plus a JVM lock, through {@link FoldedLogs}), so replicas sharing the data directory write one at a time and each validates against the log as
 * it is on disk; readers take no lock and read only the frames added since they last looked.
 * <p>
 * A frame's payload: a flags byte (bit 0: replace; bit 1: its series carry columns), the number of series, then per
 * series its id (length, UTF-8 bytes), the number of points and each point's seconds and value; with bit 1, after a
 * series' points, the number of its columns and per column its name (length, UTF-8 bytes) and one value per point. A
 * write of the target alone (a model without feature columns) leaves bit 1 clear and is the frame of the first format,
 * so logs written before columns existed read as they did.
 */
public final class ObservationStore {

    static final String LOG = "observations.log";
    private static final String LOCK = "observations.lock";
    private static final int MAGIC = 0x4F425331; // "OBS1"
    private static final int REPLACE = 1;
    private static final int COLUMNS = 2;

    private final FoldedLogs<Map<String, Observations>> logs;

    /**
     * One series' new points in a write; {@code seconds} as {@link Observations#seconds}; {@code columns[j]}: the values
     * of column {@code names[j]} at the same points (a model that reads feature columns or future features; none for
     * one that reads the target alone).
     */
    public record Append(String series, long[] seconds, double[] values, List<String> names, double[][] columns) {

        /** The target's values alone. */
        public Append(String series, long[] seconds, double[] values) {
            this(series, seconds, values, List.of(), new double[0][]);
        }
    }

    /** What one request writes: its series' points, and whether they replace what is stored from their first on. */
    public record Change(boolean replace, List<Append> appends) {
    }

    public ObservationStore(Path root) {
        this.logs = new FoldedLogs<>(root, LOG, LOCK, MAGIC, "observations", Map.of(), (before, payloads) -> {
            Map<String, Observations> series = new HashMap<>(before);
            payloads.forEach(payload -> apply(series, decode(payload)));
            return Map.copyOf(series);
        });
    }

    /** The observations of {@code series} ({@code ""} for a single-series model) at or after {@code from} (null: all). */
    public Observations observations(String model, String series, LocalDateTime from) {
        Observations stored = logs.state(model).get(series);
        return stored == null ? Observations.none(series) : stored.from(from);
    }

    /** Every series of the model that has observations, by id. */
    public Map<String, Observations> all(String model) {
        return logs.state(model);
    }

    /** Deletes the model's log, under its lock (the model was deleted: a new one of the name starts empty). */
    public void delete(String model) {
        logs.delete(model);
    }

    /**
     * Writes what {@code plan} makes of the model's observations as they are on disk, holding the model's lock; the
     * plan may throw to write nothing. Returns the change written.
     */
    public Change write(String model, Function<Map<String, Observations>, Change> plan) {
        return logs.write(model, writer -> {
            Change change = plan.apply(writer.state());
            if (!change.appends().isEmpty()) {
                writer.append(frame(change));
            }
            return change;
        });
    }

    private static void apply(Map<String, Observations> series, Change change) {
        for (Append append : change.appends()) {
            Observations stored = series.getOrDefault(append.series(), Observations.none(append.series()));
            series.put(append.series(), stored.with(append.seconds(), append.values(), append.names(), append.columns(),
                    change.replace()));
        }
    }

    private static byte[] frame(Change change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[FramedLog.HEADER]);
            boolean columns = change.appends().stream().anyMatch(a -> !a.names().isEmpty());
            out.writeByte((change.replace() ? REPLACE : 0) | (columns ? COLUMNS : 0));
            out.writeInt(change.appends().size());
            for (Append append : change.appends()) {
                writeText(out, append.series());
                out.writeInt(append.values().length);
                for (int i = 0; i < append.values().length; i++) {
                    out.writeLong(append.seconds()[i]);
                    out.writeDouble(append.values()[i]);
                }
                if (columns) {
                    out.writeInt(append.names().size());
                    for (int j = 0; j < append.names().size(); j++) {
                        writeText(out, append.names().get(j));
                        for (double value : append.columns()[j]) {
                            out.writeDouble(value);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FramedLog.seal(MAGIC, bytes.toByteArray());
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Change decode(ByteBuffer in) {
        int flags = in.get();
        boolean replace = (flags & REPLACE) != 0;
        boolean columns = (flags & COLUMNS) != 0;
        int count = in.getInt();
        List<Append> appends = new java.util.ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            String id = readText(in);
            int n = in.getInt();
            long[] seconds = new long[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                seconds[i] = in.getLong();
                values[i] = in.getDouble();
            }
            if (!columns) {
                appends.add(new Append(id, seconds, values));
                continue;
            }
            int width = in.getInt();
            List<String> names = new java.util.ArrayList<>(width);
            double[][] cells = new double[width][n];
            for (int j = 0; j < width; j++) {
                names.add(readText(in));
                for (int i = 0; i < n; i++) {
                    cells[j][i] = in.getDouble();
                }
            }
            appends.add(new Append(id, seconds, values, names, cells));
        }
        return new Change(replace, appends);
    }
}
