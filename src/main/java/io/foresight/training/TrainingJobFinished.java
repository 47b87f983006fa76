package io.foresight.training;

/**
 * Published when a job ends, whatever the outcome; {@code outcome} is the final status in lower case. A many-series
 * job counts the series it trained and those it could not ({@code seriesFailed}); both are 0 for one series.
 */
public record TrainingJobFinished(String jobId, String model, String outcome, double seconds, int seriesTrained,
        int seriesFailed) {
}
