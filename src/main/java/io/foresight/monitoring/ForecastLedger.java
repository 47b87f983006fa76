package io.foresight.monitoring;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.foresight.FramedLog;
import io.foresight.registry.FoldedLogs;

/**
 * The forecast ledger: the forecasts each model answered from stored data, in one append-only log per model,
 * {@code <root>/<model>/ledger.log}. A write is one frame (magic, payload length, CRC-32, payload) of one or more
 * {@link LedgerEntry entries}, appended and forced to the device: a frame torn by a crash fails its length or
 * checksum, is ignored by readers and cut off by the next writer, as in the observation log. Writers hold the model's
 * {@code ledger.lock} (through {@link FoldedLogs}), so replicas sharing the data directory append one at a time; readers take
 * no lock and read only the frames added since they last looked. Retention: when a model's log holds more than a
 * quarter over {@code maxEntries}, the writer rewrites it (atomically, under the lock) with the newest
 * {@code maxEntries}.
 */
public final class ForecastLedger {

    static final String LOG = "ledger.log";
    private static final String LOCK = "ledger.lock";
    private static final int MAGIC = 0x4C444731; // "LDG1"

    private final int maxEntries;
    private final FoldedLogs<List<LedgerEntry>> logs;

    public ForecastLedger(Path root, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("foresight.monitoring.ledger-max-entries must be 1 or more; got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.logs = new FoldedLogs<>(root, LOG, LOCK, MAGIC, "forecast ledger", List.of(), (before, payloads) -> {
            List<LedgerEntry> entries = new ArrayList<>(before);
            Map<String, String> shared = new HashMap<>();
            Map<String, float[]> sharedLevels = new HashMap<>();
            payloads.forEach(payload -> entries.addAll(decode(payload, shared, sharedLevels)));
            return List.copyOf(entries);
        });
    }

    /** The model's recorded forecasts, oldest first (an unmodifiable snapshot). */
    public List<LedgerEntry> entries(String model) {
        return logs.state(model);
    }

    /** Deletes the model's log, under its lock (the model was deleted: a new one of the name starts empty). */
    public void delete(String model) {
        logs.delete(model);
    }

    /**
     * Appends {@code entries} to the model's log as one frame, forced to the device; then applies the retention.
     * Returns whether the retention dropped old entries.
     */
    public boolean append(String model, List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return false;
        }
        return logs.write(model, writer -> {
            List<LedgerEntry> current = writer.state();
            if (current.size() + entries.size() > maxEntries + maxEntries / 4) {
                List<LedgerEntry> all = new ArrayList<>(current.size() + entries.size());
                all.addAll(current);
                all.addAll(entries);
                writer.rewrite(frame(all.subList(all.size() - maxEntries, all.size())));
                return true;
            }
            writer.append(frame(entries));
            return false;
        });
    }

    static byte[] frame(List<LedgerEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[FramedLog.HEADER]);
            out.writeInt(entries.size());
            for (LedgerEntry e : entries) {
                out.writeInt(e.version());
                byte[] id = e.series().getBytes(StandardCharsets.UTF_8);
                out.writeShort(id.length);
                out.write(id);
                byte[] frequency = e.frequency().getBytes(StandardCharsets.UTF_8);
                out.writeByte(frequency.length);
                out.write(frequency);
                out.writeLong(e.origin());
                out.writeFloat(e.maseScale());
                out.writeFloat(e.validationMase());
                out.writeByte(e.levels().length);
                for (float level : e.levels()) {
                    out.writeFloat(level);
                }
                out.writeShort(e.horizon());
                for (float v : e.numbers()) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FramedLog.seal(MAGIC, bytes.toByteArray());
    }

    private static List<LedgerEntry> decode(ByteBuffer in, Map<String, String> shared, Map<String, float[]> sharedLevels) {
        int count = in.getInt();
        List<LedgerEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int version = in.getInt();
            byte[] id = new byte[in.getShort() & 0xffff];
            in.get(id);
            byte[] frequency = new byte[in.get() & 0xff];
            in.get(frequency);
            long origin = in.getLong();
            float maseScale = in.getFloat();
            float validationMase = in.getFloat();
            int levelCount = in.get() & 0xff;
            float[] levels = new float[levelCount];
            for (int j = 0; j < levelCount; j++) {
                levels[j] = in.getFloat();
            }
            float[] numbers = new float[(in.getShort() & 0xffff) * (1 + 2 * levelCount)];
            in.asFloatBuffer().get(numbers);
            in.position(in.position() + numbers.length * Float.BYTES);
            String seriesId = new String(id, StandardCharsets.UTF_8);
            String frequencyCode = new String(frequency, StandardCharsets.UTF_8);
            // entries of a model repeat a few series ids, frequencies and level sets: share them
            entries.add(new LedgerEntry(version, shared.computeIfAbsent(seriesId, k -> k),
                    shared.computeIfAbsent(frequencyCode, k -> k), origin, maseScale, validationMase,
                    sharedLevels.computeIfAbsent(java.util.Arrays.toString(levels), k -> levels), numbers));
        }
        return entries;
    }
}
