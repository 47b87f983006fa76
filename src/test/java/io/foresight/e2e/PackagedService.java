package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/foresight.jar}, or {@code -Dforesight.jar}) running as a separate JVM on free
 * ports, for the integration tests that stop or kill it (GracefulShutdownIT, CrashRecoveryIT). C1 only and the
 * serial collector: a faster start on a busy machine (Java floating point is the same either way).
 */
public final class PackagedService implements AutoCloseable {

    /** Set by failsafe (pom.xml) to the packaged jar; the default fits a run from the project directory. */
    public static final Path JAR = Path.of(System.getProperty("foresight.jar", "target/foresight.jar"));
    /** Under the build directory rather than /tmp: on the project's disk, where fsync is real (/tmp may be a tmpfs). */
    public static final Path WORK = Path.of(System.getProperty("foresight.it.dir", "target/crash-recovery-it"));

    private final Process process;
    private final int port;
    private final int managementPort;

    private PackagedService(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Starts the jar on {@code dataDir} with {@code arguments} added and {@code environment} set, its output in
     * {@code log}, and waits until its health endpoint answers (failing when it exits or takes longer than
     * {@code timeout}).
     */
    public static PackagedService start(Path dataDir, Path log, Duration timeout, Map<String, String> environment,
            String... arguments) throws IOException, InterruptedException {
        int port;
        int managementPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
            port = socket.getLocalPort();
            managementPort = management.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", JAR.toString(), "--server.port=" + port, "--management.server.port=" + managementPort,
                "--foresight.data-dir=" + dataDir);
        builder.command().addAll(List.of(arguments));
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the service is running (see %s)", log).isTrue();
            try {
                if (new Http(managementPort).get("/actuator/health").status() == 200) {
                    return new PackagedService(process, port, managementPort);
                }
            } catch (IllegalStateException notYet) {
                // connection refused while starting
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not start within " + timeout + " (see " + log + ")");
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    public Http http() {
        return new Http(port);
    }

    /** The actuator (health, prometheus) on the management port. */
    public Http management() {
        return new Http(managementPort);
    }

    /** Kills the service if it still runs (after a failed test). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
