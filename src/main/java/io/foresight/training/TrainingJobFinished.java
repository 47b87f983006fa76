package io.foresight.training;

/** Published when a job ends, whatever the outcome; {@code outcome} is the final status in lower case. */
public record TrainingJobFinished(String jobId, String model, String outcome, double seconds) {
}
