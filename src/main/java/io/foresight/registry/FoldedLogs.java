package io.foresight.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.foresight.AtomicFiles;
import io.foresight.FramedLog;

/**
 * One kind of append-only log ({@link FramedLog}), one per model ({@code <root>/<model>/<log>}), each folded into a
 * state: what the observation store, the forecast ledger and the anomaly store share. Readers take no lock; the state
 * is cached per model with the file's length and identity, and a reader whose file grew folds in only the frames
 * appended since (a replaced or rewritten file is read again from its start). Writers hold the model's lock file
 * ({@link RegistryLock}), so processes sharing the data directory write one at a time, each from the log as it is on
 * disk.
 *
 * @param <S> the folded state, immutable
 */
public final class FoldedLogs<S> {

    private final Path root;
    private final String log;
    private final String lock;
    private final int magic;
    private final String what;
    private final S empty;
    private final BiFunction<S, List<ByteBuffer>, S> fold;
    private final Map<String, Folded<S>> cache = new ConcurrentHashMap<>();

    /** A model's log as read: its state, the bytes of whole frames, the file's length and identity when read. */
    private record Folded<S>(S state, long valid, long length, Object fileKey) {
    }

    /** What a writer holding a model's lock sees and does. */
    public interface Writer<S> {

        /** The model's state as on disk (after this writer's own writes). */
        S state();

        /** Appends a sealed frame ({@link FramedLog#seal}), forced to the device. */
        void append(byte[] frame);

        /** Replaces the whole log by one sealed frame, atomically. */
        void rewrite(byte[] frame);
    }

    /**
     * @param log   the log's file name in the model's folder, e.g. {@code observations.log}
     * @param lock  the lock file's name there
     * @param magic the frames' magic number
     * @param what  what the log holds, for errors, e.g. "observations"
     * @param empty the state of a model without a log
     * @param fold  the state after some payloads, in order, from the state before them
     */
    public FoldedLogs(Path root, String log, String lock, int magic, String what, S empty,
            BiFunction<S, List<ByteBuffer>, S> fold) {
        this.root = root;
        this.log = log;
        this.lock = lock;
        this.magic = magic;
        this.what = what;
        this.empty = empty;
        this.fold = fold;
    }

    /** The model's state as on disk. */
    public S state(String model) {
        return folded(model).state();
    }

    /** Runs {@code work} holding the model's lock, with the model's state as on disk; returns what it returns. */
    public <R> R write(String model, Function<Writer<S>, R> work) {
        Path dir = root.resolve(model);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(log);
        return new RegistryLock(dir.resolve(lock)).locked(() -> work.apply(new Writer<>() {
            private Folded<S> current = folded(model);

            @Override
            public S state() {
                return current.state();
            }

            @Override
            public void append(byte[] frame) {
                FramedLog.append(file, current.valid(), frame, "the " + what + " of model '" + model + "'");
                written(current.state(), current.valid(), frame);
            }

            @Override
            public void rewrite(byte[] frame) {
                AtomicFiles.writeFile(file, frame);
                written(empty, 0, frame);
            }

            private void written(S before, long at, byte[] frame) {
                List<ByteBuffer> payloads = new ArrayList<>(1);
                FramedLog.frames(frame, magic, payloads::add);
                long length = at + frame.length;
                current = new Folded<>(fold.apply(before, payloads), length, length, fileKey(file));
                cache.put(model, current);
            }
        }));
    }

    /** Deletes the model's log under its lock (a model of the same name created later starts empty). */
    public void delete(String model) {
        Path dir = root.resolve(model);
        if (!Files.isDirectory(dir)) {
            return;
        }
        new RegistryLock(dir.resolve(lock)).locked(() -> {
            try {
                Files.deleteIfExists(dir.resolve(log));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete " + dir.resolve(log) + ": " + e.getMessage(), e);
            }
            cache.remove(model);
            return null;
        });
    }

    private Folded<S> folded(String model) {
        Path file = root.resolve(model).resolve(log);
        // most models have no log: java.io.File answers that without the exception NIO throws (a forecast from
        // stored data asks on every request; the exception cost 10-20 µs, the check 3-6)
        if (!file.toFile().exists()) {
            return absent(model);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return absent(model); // deleted since
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        Folded<S> cached = cache.get(model);
        long length = attributes.size();
        boolean sameFile = cached != null && Objects.equals(cached.fileKey(), attributes.fileKey());
        if (sameFile && cached.length() == length) {
            return cached;
        }
        Folded<S> from = sameFile && length >= cached.valid() ? cached : new Folded<>(empty, 0, 0, attributes.fileKey());
        byte[] bytes = FramedLog.tail(file, from.valid());
        List<ByteBuffer> payloads = new ArrayList<>();
        int whole = FramedLog.frames(bytes, magic, payloads::add);
        Folded<S> read = new Folded<>(payloads.isEmpty() ? from.state() : fold.apply(from.state(), payloads),
                from.valid() + whole, from.valid() + bytes.length, attributes.fileKey());
        cache.put(model, read);
        return read;
    }

    /** The state of a model without a log. */
    private Folded<S> absent(String model) {
        cache.remove(model);
        return new Folded<>(empty, 0, 0, null);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
