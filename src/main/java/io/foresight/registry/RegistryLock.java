package io.foresight.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The registry's one lock across threads and processes: a lock file under the registry root taken with
 * {@link FileChannel#lock()} (a POSIX {@code fcntl} lock: local disks, and NFS with lockd), held only while a
 * thread also holds a JVM-wide lock keyed by the file's real path.
 *
 * <p>Why both: a file lock belongs to the process, so a second channel on the same file in the same JVM would throw
 * {@link java.nio.channels.OverlappingFileLockException}, and closing any channel on the file would release the
 * process's lock. The JVM lock lets exactly one thread of the JVM (whichever registry instance it runs for) open the
 * file and lock it at a time, so two registries on one directory in one JVM (tests, a Spark driver beside nothing
 * else) queue like two processes do. The observation store takes one per model the same way. Reentrant: a thread that holds it may take it again without touching the file.
 */
public final class RegistryLock {

    /** Lock file (real path) to the JVM's lock for it, shared by every registry instance in this JVM. */
    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock jvm;

    public RegistryLock(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException exists) {
                // another process or registry made it first
            }
            this.file = file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the registry's lock file " + file + ": "
                    + VersionStore.describe(e), e);
        }
        this.jvm = IN_THIS_JVM.computeIfAbsent(this.file, key -> new ReentrantLock());
    }

    /** Runs {@code action} holding the lock against every other thread and process on this registry. */
    public <T> T locked(Supplier<T> action) {
        jvm.lock();
        try {
            if (jvm.getHoldCount() > 1) {
                return action.get();
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lock(channel)) {
                return action.get();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not lock the registry (" + file + "): " + VersionStore.describe(e), e);
            }
        } finally {
            jvm.unlock();
        }
    }

    /** Attempts at a lock the kernel refused as a deadlock before the refusal is passed on (about 10 s in all). */
    static final int DEADLOCK_ATTEMPTS = 200;

    /**
     * {@link FileChannel#lock()}, taken again after a short pause when the kernel refuses it with EDEADLK ("Resource
     * deadlock avoided"). Linux detects deadlocks between processes, not threads: when this process holds one lock file
     * in one thread (the registry's) and waits for another in a second thread (a model's log) that a replica holds while
     * it waits for the first, the kernel sees a cycle and refuses, although the first thread will let go and nothing is
     * stuck. A refusal is therefore a reason to wait and try again, not to fail a job (TwoReplicasIT met it).
     */
    private static FileLock lock(FileChannel channel) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return channel.lock();
            } catch (IOException e) {
                if (attempt >= DEADLOCK_ATTEMPTS || !deadlockAvoided(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(attempt, 20) * 5L));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for " + channel);
                }
            }
        }
    }

    static boolean deadlockAvoided(IOException e) {
        String message = e.getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("deadlock");
    }

    void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }
}
