package io.foresight.retraining;

import java.time.Instant;

/**
 * The last retraining a policy started: when, what triggered it and the job it submitted (null: not submitted).
 * {@code rerunOf} is the job the service's stop interrupted and {@code jobId} runs again (null: the run's first job);
 * {@code at} stays the run's time, so the schedule goes on from the run, not from its rerun.
 */
public record RetrainingRun(Instant at, String trigger, String jobId, String error, String rerunOf) {

    RetrainingRun(Instant at, String trigger, String jobId, String error) {
        this(at, trigger, jobId, error, null);
    }
}
