package io.foresight.retraining;

import java.time.Instant;

import io.foresight.training.TrainingRequest;

/**
 * A model's retraining policy: a cron expression (Spring's six fields, second first, in UTC) and/or retraining when
 * the production version starts drifting, with training settings that override the production version's.
 * {@code since} is when the policy was set: the first cron time counts from it.
 */
public record RetrainingPolicy(String model, String cron, boolean onDrift, TrainingRequest spec, Instant since) {
}
