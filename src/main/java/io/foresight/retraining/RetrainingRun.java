package io.foresight.retraining;

import java.time.Instant;

/** The last retraining a policy started: when, what triggered it and the job it submitted (null: not submitted). */
public record RetrainingRun(Instant at, String trigger, String jobId, String error) {
}
