package io.foresight.observation;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.foresight.FramedLog;
import io.foresight.registry.RegistryLock;

/**
 * The observations of each model, in one append-only log per model: {@code <root>/<model>/observations.log}. A write is
 * one frame (magic, payload length, CRC-32, payload) holding every series of one request, appended and forced to the
 * device, so a request is applied whole or not at all: a frame torn by a crash fails its length or checksum, is
 * ignored by readers and cut off by the next writer. A frame either appends to its series or (replace) first drops
 * their observations from its first timestamp on. Writers take the model's lock ({@link RegistryLock}: a lock file
 * plus a JVM lock), so replicas sharing the data directory write one at a time and each validates against the log as
 * it is on disk; readers take no lock and read only the frames added since they last looked.
 */
public final class ObservationStore {

    static final String LOG = "observations.log";
    private static final String LOCK = "observations.lock";
    private static final int MAGIC = 0x4F425331; // "OBS1"

    private final Path root;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    /** One series' new points in a write; {@code seconds} as {@link Observations#seconds}. */
    public record Append(String series, long[] seconds, double[] values) {
    }

    /** What one request writes: its series' points, and whether they replace what is stored from their first on. */
    public record Change(boolean replace, List<Append> appends) {
    }

    /** A model's log as read: its series, the bytes of whole frames, the file's length and identity when read. */
    private record Loaded(Map<String, Observations> series, long valid, long length, Object fileKey) {
    }

    public ObservationStore(Path root) {
        this.root = root;
    }

    /** The observations of {@code series} ({@code ""} for a single-series model) at or after {@code from} (null: all). */
    public Observations observations(String model, String series, LocalDateTime from) {
        Observations stored = loaded(model).series().get(series);
        return stored == null ? Observations.none(series) : stored.from(from);
    }

    /** Every series of the model that has observations, by id. */
    public Map<String, Observations> all(String model) {
        return loaded(model).series();
    }

    /** Deletes the model's log, under its lock (the model was deleted: a new one of the name starts empty). */
    public void delete(String model) {
        Path dir = root.resolve(model);
        if (!Files.isDirectory(dir)) {
            return;
        }
        new RegistryLock(dir.resolve(LOCK)).locked(() -> {
            try {
                Files.deleteIfExists(dir.resolve(LOG));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete " + dir.resolve(LOG) + ": " + e.getMessage(), e);
            }
            cache.remove(model);
            return null;
        });
    }

    /**
     * Writes what {@code plan} makes of the model's observations as they are on disk, holding the model's lock; the
     * plan may throw to write nothing. Returns the change written.
     */
    public Change write(String model, Function<Map<String, Observations>, Change> plan) {
        Path dir = root.resolve(model);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir + ": " + e.getMessage(), e);
        }
        return new RegistryLock(dir.resolve(LOCK)).locked(() -> {
            Loaded current = loaded(model);
            Change change = plan.apply(current.series());
            if (change.appends().isEmpty()) {
                return change;
            }
            byte[] frame = frame(change);
            Path log = dir.resolve(LOG);
            FramedLog.append(log, current.valid(), frame, "the observations of model '" + model + "'");
            Map<String, Observations> series = new HashMap<>(current.series());
            apply(series, change);
            long length = current.valid() + frame.length;
            cache.put(model, new Loaded(Map.copyOf(series), length, length, fileKey(log)));
            return change;
        });
    }

    private Loaded loaded(String model) {
        Path log = root.resolve(model).resolve(LOG);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(log, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cache.remove(model);
            return new Loaded(Map.of(), 0, 0, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + log + ": " + e.getMessage(), e);
        }
        Loaded cached = cache.get(model);
        long length = attributes.size();
        boolean sameFile = cached != null && Objects.equals(cached.fileKey(), attributes.fileKey());
        if (sameFile && cached.length() == length) {
            return cached;
        }
        Loaded from = sameFile && length >= cached.valid() ? cached : new Loaded(Map.of(), 0, 0, attributes.fileKey());
        Loaded read = readFrom(log, from, attributes.fileKey());
        cache.put(model, read);
        return read;
    }

    private static Loaded readFrom(Path log, Loaded from, Object fileKey) {
        byte[] bytes = FramedLog.tail(log, from.valid());
        Map<String, Observations> series = new HashMap<>(from.series());
        int whole = FramedLog.frames(bytes, MAGIC, payload -> apply(series, decode(payload)));
        return new Loaded(Map.copyOf(series), from.valid() + whole, from.valid() + bytes.length, fileKey);
    }

    private static void apply(Map<String, Observations> series, Change change) {
        for (Append append : change.appends()) {
            Observations stored = series.getOrDefault(append.series(), Observations.none(append.series()));
            series.put(append.series(), stored.with(append.seconds(), append.values(), change.replace()));
        }
    }

    private static byte[] frame(Change change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[FramedLog.HEADER]);
            out.writeByte(change.replace() ? 1 : 0);
            out.writeInt(change.appends().size());
            for (Append append : change.appends()) {
                byte[] id = append.series().getBytes(StandardCharsets.UTF_8);
                out.writeInt(id.length);
                out.write(id);
                out.writeInt(append.values().length);
                for (int i = 0; i < append.values().length; i++) {
                    out.writeLong(append.seconds()[i]);
                    out.writeDouble(append.values()[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FramedLog.seal(MAGIC, bytes.toByteArray());
    }

    private static Change decode(ByteBuffer in) {
        boolean replace = in.get() == 1;
        int count = in.getInt();
        List<Append> appends = new java.util.ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            byte[] id = new byte[in.getInt()];
            in.get(id);
            int n = in.getInt();
            long[] seconds = new long[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                seconds[i] = in.getLong();
                values[i] = in.getDouble();
            }
            appends.add(new Append(new String(id, StandardCharsets.UTF_8), seconds, values));
        }
        return new Change(replace, appends);
    }

    private static Object fileKey(Path log) {
        try {
            return Files.readAttributes(log, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
