package io.foresight.training;

import java.time.Instant;

/**
 * A training job as the API shows it. {@code trigger} says what submitted it: {@code manual} (a request to the API),
 * {@code schedule} (a retraining policy's cron time) or {@code drift} (a retraining policy on drift); null in job files
 * written before it was recorded.
 */
public record TrainingJobView(String id, String model, String datasetId, JobStatus status, Progress progress,
        Instant createdAt, Instant startedAt, Instant finishedAt, Integer version, String error,
        TrainingRequest request, String trigger) {

    /** What submitted a job. */
    public static final String MANUAL = "manual";
    public static final String SCHEDULE = "schedule";
    public static final String DRIFT = "drift";

    /** A job submitted through the API. */
    public TrainingJobView(String id, String model, String datasetId, JobStatus status, Progress progress,
            Instant createdAt, Instant startedAt, Instant finishedAt, Integer version, String error,
            TrainingRequest request) {
        this(id, model, datasetId, status, progress, createdAt, startedAt, finishedAt, version, error, request, MANUAL);
    }
}
