package io.foresight.training;

import java.time.Instant;
import java.util.concurrent.Future;

/** The mutable state of one job; every access is synchronised, the API sees {@link #view()} snapshots. */
final class TrainingJob {

    private final String id;
    private final String model;
    private final TrainingRequest request;
    private final Instant createdAt;
    private final String trigger;
    private final String rerunOf;
    private JobStatus status;
    private Progress progress = Progress.none();
    private Instant startedAt;
    private Instant finishedAt;
    private Integer version;
    private String error;
    private volatile boolean cancelRequested;
    private Future<?> future;

    TrainingJob(String id, String model, TrainingRequest request, Instant createdAt, String trigger, String rerunOf) {
        this.id = id;
        this.trigger = trigger;
        this.rerunOf = rerunOf;
        this.model = model;
        this.request = request;
        this.createdAt = createdAt;
        this.status = JobStatus.QUEUED;
    }

    static TrainingJob restore(TrainingJobView view) {
        TrainingJob job = new TrainingJob(view.id(), view.model(), view.request(), view.createdAt(), view.trigger(),
                view.rerunOf());
        job.status = view.status();
        job.progress = view.progress() == null ? Progress.none() : view.progress();
        job.startedAt = view.startedAt();
        job.finishedAt = view.finishedAt();
        job.version = view.version();
        job.error = view.error();
        return job;
    }

    String id() {
        return id;
    }

    String model() {
        return model;
    }

    TrainingRequest request() {
        return request;
    }

    synchronized TrainingJobView view() {
        return new TrainingJobView(id, model, request.datasetId(), status, progress, createdAt, startedAt, finishedAt,
                version, error, request, trigger, rerunOf);
    }

    synchronized JobStatus status() {
        return status;
    }

    synchronized void future(Future<?> future) {
        this.future = future;
    }

    /** Moves QUEUED to RUNNING; false when the job was cancelled before it started. */
    synchronized boolean start() {
        if (status != JobStatus.QUEUED) {
            return false;
        }
        status = JobStatus.RUNNING;
        startedAt = Instant.now();
        return true;
    }

    synchronized Instant startedAt() {
        return startedAt;
    }

    synchronized void progress(Progress progress) {
        this.progress = progress;
    }

    synchronized void succeed(int version) {
        if (!status.finished()) {
            this.version = version;
            finish(JobStatus.SUCCEEDED, null);
        }
    }

    /** Ends the job with {@code status}; a job that has already ended (e.g. interrupted by a shutdown) stays as it is. */
    synchronized void finish(JobStatus status, String error) {
        if (this.status.finished()) {
            return;
        }
        this.status = status;
        this.error = error;
        this.finishedAt = Instant.now();
    }

    /**
     * Ends a queued or running job because the service stopped (a shutdown, or a crash found at start-up): FAILED,
     * saying so; a running one stops at its next checkpoint. False when the job had already ended.
     */
    synchronized boolean interrupt() {
        if (status.finished()) {
            return false;
        }
        cancelRequested = true;
        if (future != null) {
            future.cancel(false);
        }
        finish(JobStatus.FAILED, TrainingJobView.INTERRUPTED + status + "; submit it again.");
        return true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Returns true when this call cancelled a job that was still queued. */
    synchronized boolean cancel() {
        cancelRequested = true;
        if (status == JobStatus.QUEUED) {
            if (future != null) {
                future.cancel(false);
            }
            finish(JobStatus.CANCELLED, "cancelled before it started");
            return true;
        }
        return false;
    }
}
