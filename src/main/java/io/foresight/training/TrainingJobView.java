package io.foresight.training;

import java.time.Instant;

/** A training job as the API shows it. */
public record TrainingJobView(String id, String model, String datasetId, JobStatus status, Progress progress,
        Instant createdAt, Instant startedAt, Instant finishedAt, Integer version, String error,
        TrainingRequest request) {
}
