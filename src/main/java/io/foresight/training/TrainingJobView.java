package io.foresight.training;

import java.time.Instant;

/**
 * A training job as the API shows it. {@code trigger} says what submitted it: {@code manual} (a request to the API),
 * {@code schedule} (a retraining policy's cron time) or {@code drift} (a retraining policy on drift); null in job files
 * written before it was recorded. {@code rerunOf} is the job this one runs again because the service stopped while that
 * one was queued or running ({@link #interrupted()}): a retraining policy's run is submitted again once after a
 * restart; null otherwise.
 */
public record TrainingJobView(String id, String model, String datasetId, JobStatus status, Progress progress,
        Instant createdAt, Instant startedAt, Instant finishedAt, Integer version, String error,
        TrainingRequest request, String trigger, String rerunOf) {

    /** What submitted a job. */
    public static final String MANUAL = "manual";
    public static final String SCHEDULE = "schedule";
    public static final String DRIFT = "drift";
    /** How the error of a job that the service's stop (a shutdown or a crash) ended starts. */
    static final String INTERRUPTED = "The service stopped while this job was ";

    /** A job submitted by {@code trigger}, not a rerun. */
    public TrainingJobView(String id, String model, String datasetId, JobStatus status, Progress progress,
            Instant createdAt, Instant startedAt, Instant finishedAt, Integer version, String error,
            TrainingRequest request, String trigger) {
        this(id, model, datasetId, status, progress, createdAt, startedAt, finishedAt, version, error, request, trigger,
                null);
    }

    /** A job submitted through the API. */
    public TrainingJobView(String id, String model, String datasetId, JobStatus status, Progress progress,
            Instant createdAt, Instant startedAt, Instant finishedAt, Integer version, String error,
            TrainingRequest request) {
        this(id, model, datasetId, status, progress, createdAt, startedAt, finishedAt, version, error, request, MANUAL);
    }

    /** Whether the job failed because the service stopped (gracefully or not) while it was queued or running. */
    public boolean interrupted() {
        return status == JobStatus.FAILED && error != null && error.startsWith(INTERRUPTED);
    }
}
