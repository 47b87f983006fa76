package io.foresight.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

import io.foresight.AtomicFiles;
import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetService;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs training jobs in the background on a bounded queue. Jobs are kept in memory and as one JSON file each
 * under {@code <data-dir>/jobs}, written whenever the status changes, so the job list survives restarts; a
 * job that was queued or running when the service stopped is shown as FAILED after the restart: marked so at
 * start-up after a crash, and at once (with a final event to its streams) on a graceful shutdown.
 */
@Service
public class TrainingService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);
    private static final Pattern JOB_ID = Pattern.compile("job-[0-9a-f]{12}");

    private final Trainer trainer;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Path dir;
    private final Duration timeLimit;
    private final ThreadPoolExecutor executor;
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<TrainingJobView>>> subscribers = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean stopping;

    TrainingService(DatasetService datasets, ModelRegistry registry, JsonMapper json, ApplicationEventPublisher events,
            ForesightProperties properties, Environment environment) {
        NativeThreads.configure(environment.getProperty(NativeThreads.PROPERTY, Integer.class));
        this.trainer = new Trainer(datasets, registry, properties, Trainer.libraries(environment::getProperty));
        this.json = json;
        this.events = events;
        this.dir = properties.dataDir().resolve("jobs");
        this.timeLimit = properties.training().jobTimeout();
        int workers = Math.max(1, properties.training().workers());
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.training().queueCapacity())), r -> {
                    Thread thread = new Thread(r, "training-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        restore();
    }

    /** Checks the request, then queues it; 429 when the queue is full. */
    public TrainingJobView submit(String model, TrainingRequest request) {
        Trainer.Prepared prepared = trainer.prepare(model, request);
        if (stopping) {
            throw new ForesightException(ForesightException.Kind.BUSY, "Shutting down",
                    "The service is shutting down and accepts no training job; submit it again once it is back.");
        }
        String id = "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TrainingJob job = new TrainingJob(id, model, request, Instant.now());
        jobs.put(id, job);
        try {
            synchronized (job) {
                job.future(executor.submit(() -> run(job, prepared)));
            }
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw new ForesightException(ForesightException.Kind.BUSY, "Training queue full",
                    "The training queue is full: " + executor.getQueue().size() + " job(s) waiting, the limit"
                            + " (foresight.training.queue-capacity), behind " + executor.getActiveCount()
                            + " running; retry later (see the Retry-After header) or cancel a queued job.");
        }
        save(job);
        return job.view();
    }

    public TrainingJobView get(String id) {
        return job(id).view();
    }

    public List<TrainingJobView> list() {
        return jobs.values().stream().map(TrainingJob::view)
                .sorted(Comparator.comparing(TrainingJobView::createdAt).reversed()).toList();
    }

    /** Cancels a queued or running job; a finished job is left as it is (409). */
    public TrainingJobView cancel(String id) {
        TrainingJob job = job(id);
        if (job.status().finished()) {
            throw ForesightException.conflict("Job " + id + " has already ended with status " + job.status() + ".");
        }
        if (job.cancel()) {
            save(job);
            publish(job);
        }
        return job.view();
    }

    /** Follows a job: {@code listener} gets every change until the returned handle is closed. */
    public AutoCloseable subscribe(String id, Consumer<TrainingJobView> listener) {
        job(id);
        subscribers.computeIfAbsent(id, k -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> {
            Set<Consumer<TrainingJobView>> set = subscribers.get(id);
            if (set != null) {
                set.remove(listener);
            }
        };
    }

    public int activeJobs() {
        return active.get();
    }

    /**
     * Graceful shutdown, before the web server waits for open requests: every queued or running job ends as FAILED
     * exactly as after a crash ({@link TrainingJob#interrupt}), is saved, and its event streams get their final
     * {@code end} event and close, so that no open stream holds the shutdown up. A running job stops at its next
     * checkpoint and registers nothing.
     */
    @Override
    public void stop() {
        stopping = true;
        for (TrainingJob job : jobs.values()) {
            if (job.interrupt()) {
                log.info("Training job {} interrupted by the shutdown", job.id());
                save(job);
                publish(job);
            }
        }
        executor.shutdownNow();
    }

    @Override
    public void start() {
        stopping = false;
    }

    @Override
    public boolean isRunning() {
        return !stopping;
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }

    private void run(TrainingJob job, Trainer.Prepared prepared) {
        if (!job.start()) {
            return;
        }
        active.incrementAndGet();
        save(job);
        publish(job);
        int seriesTrained = 0;
        int seriesFailed = 0;
        try {
            ModelVersion version = trainer.train(job.id(), prepared, new Trainer.Monitor() {
                @Override
                public void progress(Progress progress) {
                    job.progress(progress);
                    publish(job);
                }

                @Override
                public void checkpoint() {
                    if (job.cancelRequested()) {
                        throw new JobCancelledException();
                    }
                    if (Duration.between(job.startedAt(), Instant.now()).compareTo(timeLimit) > 0) {
                        throw new TrainingFailedException("The job exceeded the time limit of " + timeLimit
                                + " (foresight.training.job-timeout); ask for fewer epochs, smaller layers or a shorter window.");
                    }
                }
            });
            job.succeed(version.version());
            if (version.manySeries()) {
                seriesFailed = version.series().failed();
                seriesTrained = version.series().count() - seriesFailed;
            }
            if (log.isInfoEnabled()) {
                log.info("Model '{}' version {}: {}; candidates (validation MASE): {}", version.model(), version.version(),
                        version.selection(), version.candidates().stream()
                                .map(c -> String.format(java.util.Locale.ROOT, "%s %.4f", c.name(), c.validationMase())).toList());
            }
        } catch (JobCancelledException e) {
            job.finish(JobStatus.CANCELLED, "cancelled while running");
        } catch (TrainingFailedException | ForesightException e) {
            job.finish(JobStatus.FAILED, e.getMessage());
        } catch (UncheckedIOException e) {
            log.error("Training job {} could not save its model", job.id(), e);
            job.finish(JobStatus.FAILED, "Saving the model failed: " + e.getMessage()
                    + ". Nothing was registered; free disk space and train again.");
        } catch (RuntimeException | Error e) {
            log.error("Training job {} failed", job.id(), e);
            job.finish(JobStatus.FAILED, "Training failed unexpectedly (" + e.getClass().getSimpleName() + "); see the service log.");
        } finally {
            active.decrementAndGet();
            save(job);
            publish(job);
            TrainingJobView view = job.view();
            double seconds = view.startedAt() == null ? 0
                    : Duration.between(view.startedAt(), view.finishedAt()).toMillis() / 1000.0;
            events.publishEvent(new TrainingJobFinished(job.id(), job.model(), view.status().name().toLowerCase(), seconds,
                    seriesTrained, seriesFailed));
        }
    }

    private void publish(TrainingJob job) {
        Set<Consumer<TrainingJobView>> set = subscribers.get(job.id());
        if (set == null) {
            return;
        }
        TrainingJobView view = job.view();
        for (Consumer<TrainingJobView> listener : set) {
            try {
                listener.accept(view);
            } catch (RuntimeException e) {
                set.remove(listener);
            }
        }
        if (view.status().finished()) {
            subscribers.remove(job.id());
        }
    }

    private TrainingJob job(String id) {
        TrainingJob job = id == null || !JOB_ID.matcher(id).matches() ? null : jobs.get(id);
        if (job == null) {
            throw ForesightException.notFound("There is no training job '" + id + "'.")
                    .remedy(ForesightException.Remedy.LIST_JOBS, null);
        }
        return job;
    }

    private void save(TrainingJob job) {
        try {
            AtomicFiles.writeFile(dir.resolve(job.id() + ".json"), json.writeValueAsBytes(job.view()));
        } catch (RuntimeException e) {
            log.warn("Could not save job {}: {}", job.id(), e.getMessage());
        }
    }

    private void restore() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        AtomicFiles.removeTemporaries(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try {
                    TrainingJob job = TrainingJob.restore(json.readValue(file.toFile(), TrainingJobView.class));
                    if (job.interrupt()) {
                        save(job);
                    }
                    jobs.put(job.id(), job);
                } catch (RuntimeException e) {
                    log.warn("Ignoring unreadable job file {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class JobCancelledException extends RuntimeException {
        JobCancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
