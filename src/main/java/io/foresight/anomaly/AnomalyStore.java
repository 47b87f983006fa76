package io.foresight.anomaly;

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
import java.util.function.Function;

import io.foresight.FramedLog;
import io.foresight.registry.FoldedLogs;

/**
 * The anomalies of each model and how far its observations have been checked, in one append-only log per model:
 * {@code <root>/<model>/anomalies.log}, framed as the observation log is (magic, payload length, CRC-32, payload; a
 * frame appended and forced to the device, so a check is recorded whole or not at all; a torn frame is ignored by
 * readers and cut off by the next writer). A frame holds, per series checked, the timestamp of the last observation
 * checked, and the anomalies found (72 bytes each plus the series' id). Writers take the model's
 * {@code anomalies.lock} (through {@link FoldedLogs}), so replicas sharing the data directory never check the same
 * observations twice; readers take no lock.
 */
public final class AnomalyStore {

    static final String LOG = "anomalies.log";
    private static final String LOCK = "anomalies.lock";
    private static final int MAGIC = 0x414E4D31; // "ANM1"

    private final FoldedLogs<State> logs;

    /**
     * A model's log as read.
     *
     * @param checked   per series, the seconds of the last observation checked
     * @param anomalies every anomaly, in the order found
     */
    public record State(Map<String, Long> checked, List<Anomaly> anomalies) {
    }

    /** What one check records: the new last-checked marks and the anomalies found. */
    public record Change(Map<String, Long> checked, List<Anomaly> anomalies) {
    }

    public AnomalyStore(Path root) {
        this.logs = new FoldedLogs<>(root, LOG, LOCK, MAGIC, "anomalies", new State(Map.of(), List.of()),
                (before, payloads) -> {
                    State state = before;
                    for (ByteBuffer payload : payloads) {
                        state = apply(state, decode(payload));
                    }
                    return state;
                });
    }

    /** The model's marks and anomalies as on disk. */
    public State state(String model) {
        return logs.state(model);
    }

    /** Deletes the model's log, under its lock (the model was deleted: a new one of the name starts empty). */
    public void delete(String model) {
        logs.delete(model);
    }

    /** Appends what {@code plan} makes of the model's state as it is on disk, holding the model's lock. */
    public Change write(String model, Function<State, Change> plan) {
        return logs.write(model, writer -> {
            Change change = plan.apply(writer.state());
            if (!change.checked().isEmpty() || !change.anomalies().isEmpty()) {
                writer.append(frame(change));
            }
            return change;
        });
    }

    private static State apply(State state, Change change) {
        Map<String, Long> checked = new HashMap<>(state.checked());
        checked.putAll(change.checked());
        List<Anomaly> anomalies = new ArrayList<>(state.anomalies().size() + change.anomalies().size());
        anomalies.addAll(state.anomalies());
        anomalies.addAll(change.anomalies());
        return new State(Map.copyOf(checked), List.copyOf(anomalies));
    }

    private static byte[] frame(Change change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[FramedLog.HEADER]);
            out.writeInt(change.checked().size());
            for (Map.Entry<String, Long> mark : change.checked().entrySet()) {
                writeId(out, mark.getKey());
                out.writeLong(mark.getValue());
            }
            out.writeInt(change.anomalies().size());
            for (Anomaly a : change.anomalies()) {
                writeId(out, a.series());
                out.writeLong(a.seconds());
                out.writeDouble(a.value());
                out.writeDouble(a.expected());
                out.writeDouble(a.lower());
                out.writeDouble(a.upper());
                out.writeDouble(a.level());
                out.writeDouble(a.score());
                out.writeInt(a.version());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FramedLog.seal(MAGIC, bytes.toByteArray());
    }

    private static void writeId(DataOutputStream out, String id) throws IOException {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readId(ByteBuffer in) {
        byte[] id = new byte[in.getInt()];
        in.get(id);
        return new String(id, StandardCharsets.UTF_8);
    }

    private static Change decode(ByteBuffer in) {
        int marks = in.getInt();
        Map<String, Long> checked = new HashMap<>(marks * 2);
        for (int i = 0; i < marks; i++) {
            checked.put(readId(in), in.getLong());
        }
        int count = in.getInt();
        List<Anomaly> anomalies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            anomalies.add(new Anomaly(readId(in), in.getLong(), in.getDouble(), in.getDouble(), in.getDouble(),
                    in.getDouble(), in.getDouble(), in.getDouble(), in.getInt()));
        }
        return new Change(checked, anomalies);
    }

}
