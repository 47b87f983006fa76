package io.foresight.training;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rule every replica applies to a queued or running job it does not run itself: its owner refreshes the job's
 * file (the heartbeat) every {@link #heartbeatInterval()}; a job whose heartbeat is older than the lease, or whose
 * owner is a process on this host that no longer runs, is abandoned (its process stopped) and is marked FAILED.
 *
 * @param lease how long a heartbeat counts ({@code foresight.training.job-lease})
 * @param self  this process
 */
record JobLease(Duration lease, JobOwner self) {

    /** The owner refreshes six times per lease: one or two missed refreshes (a busy disk, a GC pause) do not matter. */
    Duration heartbeatInterval() {
        return lease.dividedBy(6);
    }

    /**
     * Why {@code job} is abandoned, as the error it fails with; empty while its owner may still run it.
     *
     * @param owner     the recorded owner; null in a file written before owners were recorded
     * @param heartbeat when the owner last refreshed the job's file
     */
    Optional<String> abandoned(TrainingJobView job, JobOwner owner, Instant heartbeat, Instant now) {
        if (job.status().finished()) {
            return Optional.empty();
        }
        String process = owner == null ? "the process that ran it" : "the process that ran it (" + owner + ")";
        if (owner != null && owner.stoppedOnHostOf(self)) {
            return Optional.of(stopped(job, process + " is no longer running"));
        }
        Duration silent = Duration.between(heartbeat, now);
        if (silent.compareTo(lease) > 0) {
            return Optional.of(stopped(job, process + " stopped: no heartbeat for " + silent.toSeconds()
                    + " s, more than foresight.training.job-lease (" + lease.toSeconds() + " s)"));
        }
        return Optional.empty();
    }

    /** Starts as a shutdown's and a crash's message do ({@link TrainingJob#interrupt}), saying which process stopped. */
    private static String stopped(TrainingJobView job, String why) {
        return TrainingJobView.INTERRUPTED + job.status() + ": " + why + "; submit it again.";
    }
}
