package io.foresight.training;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that runs a job, as recorded in the job's file: the host (the {@code HOSTNAME} environment variable,
 * which Docker and Kubernetes set to the container's or pod's name, else the machine's name), the process id and
 * when that process started (a process id is reused; the pair is not).
 */
record JobOwner(String host, long pid, Instant processStart) {

    /** Start instants read from {@code /proc} by two processes may differ in their last digits. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    static JobOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new JobOwner(hostName(), self.pid(), self.info().startInstant().orElse(null));
    }

    /**
     * Whether this owner, a process on the same host as {@code self}, has certainly stopped: its process id no longer
     * runs, or runs a process that started at another time (the id was reused, e.g. a restarted container's process
     * 1). False for an owner on another host: only its heartbeat tells.
     */
    boolean stoppedOnHostOf(JobOwner self) {
        if (!host.equals(self.host)) {
            return false;
        }
        if (pid == self.pid) {
            return !sameStart(processStart, self.processStart);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Instant started = process.get().info().startInstant().orElse(null);
        return started != null && processStart != null && !sameStart(processStart, started);
    }

    private static boolean sameStart(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Duration.between(a, b).abs().compareTo(SAME_START) < 0;
    }

    @Override
    public String toString() {
        return "process " + pid + " on " + host;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
