package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two lock files shared with another process, as two replicas share the registry's lock and a model's log lock. This
 * JVM holds the first in one thread while a second thread asks for the second, which the other process holds while it
 * waits for the first: the kernel, which tracks processes and not threads, sees a cycle and refuses the second
 * thread's lock with EDEADLK, although the first thread lets go a moment later and nothing is stuck. The lock must
 * wait and take it, not fail (TwoReplicasIT failed a training job on this).
 */
class RegistryLockDeadlockTest {

    @TempDir
    Path dir;

    /** The other process: takes {@code second}, says so, then asks for {@code first} and lets both go once it has it. */
    public static final class Other {
        public static void main(String[] args) throws Exception {
            try (FileChannel second = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = second.lock()) {
                System.out.println("HOLDS SECOND");
                System.out.flush();
                try (FileChannel first = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock both = first.lock()) {
                    System.out.println("HAS BOTH");
                    System.out.flush();
                }
            }
        }
    }

    @Test
    void aLockTheKernelRefusesAsADeadlockIsTakenOnceTheOtherThreadLetsGo() throws Exception {
        Path first = dir.resolve("first.lock");
        Path second = dir.resolve("second.lock");
        Files.createFile(first);
        Files.createFile(second);
        RegistryLock firstLock = new RegistryLock(first);
        RegistryLock secondLock = new RegistryLock(second);
        CountDownLatch holdingFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> firstLock.locked(() -> {
            holdingFirst.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertThat(holdingFirst.await(10, TimeUnit.SECONDS)).isTrue();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Other.class.getName(), first.toString(), second.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("HOLDS SECOND");
            Thread.sleep(200); // the other process is now waiting for the first lock, which this process holds
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread asker = new Thread(() -> {
                try {
                    secondLock.locked(() -> {
                    });
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            asker.start();
            Thread.sleep(300); // the kernel refuses the second lock (EDEADLK) at once; RegistryLock keeps asking
            release.countDown();
            holder.join(10_000);
            asker.join(20_000);
            assertThat(failure.get()).as("the second lock, asked for while the kernel saw a cycle").isNull();
            assertThat(asker.isAlive()).isFalse();
            assertThat(out.readLine()).isEqualTo("HAS BOTH");
            assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            other.destroyForcibly();
        }
    }
}
