package io.foresight.training;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetService;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs training jobs in the background on a bounded queue. Each job is one JSON file under {@code <data-dir>/jobs}
 * ({@link JobFiles}), written whenever its status changes and at most once a second with its progress, so the job list
 * survives restarts. Several service processes (replicas) may share the folder: each runs the jobs submitted to it
 * (held in memory), refreshes their files as a heartbeat, and reads every other job from its file. A queued or running
 * job whose process stopped ({@link JobLease}: no heartbeat for {@code foresight.training.job-lease}, or its process is
 * gone from this host) is marked FAILED by whichever process looks first: at start-up, every few seconds, and on a
 * read. On a graceful shutdown the jobs of this process end as FAILED at once, with a final event to their streams.
 * Another process's job is followed by polling its file and cancelled by a request file its owner picks up.
 */
@Service
public class TrainingService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrainingService.class);
    /** How often a running job's progress is written to its file at most (status changes are written at once). */
    private static final Duration PROGRESS_SAVE_INTERVAL = Duration.ofSeconds(1);
    /** How often the stream of a job another process runs reads its file. */
    private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(500);
    /** Longest a job waits for the start-up warm-up before it runs anyway. */
    private static final Duration WARM_UP_WAIT = Duration.ofMinutes(2);

    private final Trainer trainer;
    private final ApplicationEventPublisher events;
    private final JobFiles files;
    private final JobLease lease;
    private final Duration timeLimit;
    private final ThreadPoolExecutor executor;
    /** Heartbeats, cancel requests, the sweep for abandoned jobs, and the streams of other processes' jobs. */
    private final ScheduledThreadPoolExecutor housekeeping;
    /** The jobs this process runs (and has run since it started). */
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();
    /** Every other job's file as last read, refreshed when its modification time changes. */
    private final Map<String, JobFiles.Stored> others = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<TrainingJobView>>> subscribers = new ConcurrentHashMap<>();
    /** Streams of other processes' jobs: closed on a graceful shutdown. */
    private final Set<Runnable> followers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean stopping;
    private final ForesightProperties properties;
    private final JsonMapper json;
    /** The start-up warm-up ({@link TrainingWarmUp}): done at once when it is off or has not been started. */
    private volatile CompletableFuture<Void> warmUp = CompletableFuture.completedFuture(null);
    /** Its duration in seconds once it has finished, else NaN. */
    private volatile double warmUpSeconds = Double.NaN;

    TrainingService(DatasetService datasets, ModelRegistry registry, JsonMapper json, ApplicationEventPublisher events,
            ForesightProperties properties, Environment environment) {
        NativeThreads.configure(environment.getProperty(NativeThreads.PROPERTY, Integer.class));
        this.trainer = new Trainer(datasets, registry, properties, Trainer.libraries(environment::getProperty));
        this.events = events;
        this.files = new JobFiles(properties.dataDir().resolve("jobs"), json);
        this.lease = new JobLease(properties.training().jobLease(), JobOwner.current());
        this.timeLimit = properties.training().jobTimeout();
        this.properties = properties;
        this.json = json;
        int workers = Math.max(1, properties.training().workers());
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.training().queueCapacity())), r -> {
                    Thread thread = new Thread(r, "training-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.housekeeping = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "training-jobs-lease");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.setRemoveOnCancelPolicy(true);
        files.removeOldTemporaries();
        others();
        long heartbeat = lease.heartbeatInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::housekeeping, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    /** Checks the request, then queues it; 429 when the queue is full. */
    public TrainingJobView submit(String model, TrainingRequest request) {
        return submit(model, request, TrainingJobView.MANUAL);
    }

    /**
     * Checks the request, then queues it as submitted by {@code trigger} ({@link TrainingJobView#MANUAL},
     * {@link TrainingJobView#SCHEDULE}, {@link TrainingJobView#DRIFT}); 429 when the queue is full.
     */
    public TrainingJobView submit(String model, TrainingRequest request, String trigger) {
        return submit(model, request, trigger, null);
    }

    /**
     * As {@link #submit(String, TrainingRequest, String)}, marked as the rerun of {@code rerunOf}, a job the service's
     * stop interrupted ({@link TrainingJobView#interrupted()}).
     */
    public TrainingJobView submit(String model, TrainingRequest request, String trigger, String rerunOf) {
        Trainer.Prepared prepared = trainer.prepare(model, request);
        if (stopping) {
            throw new ForesightException(ForesightException.Kind.BUSY, "Shutting down",
                    "The service is shutting down and accepts no training job; submit it again once it is back.");
        }
        String id = "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TrainingJob job = new TrainingJob(id, model, request, Instant.now(), trigger, rerunOf);
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

    /** A job of this process or of another one sharing the jobs folder. */
    public TrainingJobView get(String id) {
        TrainingJob job = local(id);
        return job != null ? job.view() : other(id).orElseThrow(() -> notFound(id));
    }

    /** Every job in the shared folder, newest first. */
    public List<TrainingJobView> list() {
        Map<String, TrainingJobView> all = new HashMap<>(others());
        for (TrainingJob job : jobs.values()) {
            all.put(job.id(), job.view());
        }
        return all.values().stream().sorted(Comparator.comparing(TrainingJobView::createdAt).reversed()).toList();
    }

    /**
     * Cancels a queued or running job; a finished job is left as it is (409). A job another process runs gets a cancel
     * request that its owner picks up within a heartbeat interval; the answer is the job as it is now.
     */
    public TrainingJobView cancel(String id) {
        TrainingJob job = local(id);
        TrainingJobView view = job != null ? job.view() : other(id).orElseThrow(() -> notFound(id));
        if (view.status().finished()) {
            throw ForesightException.conflict("Job " + id + " has already ended with status " + view.status() + ".");
        }
        if (job == null) {
            files.requestCancel(id);
            log.info("Asked the process that runs training job {} to cancel it", id);
            return view;
        }
        cancelHere(job);
        return job.view();
    }

    /** Follows a job: {@code listener} gets every change until the returned handle is closed. */
    public AutoCloseable subscribe(String id, Consumer<TrainingJobView> listener) {
        return subscribe(id, listener, () -> {
        });
    }

    /**
     * Follows a job: {@code listener} gets every change until the returned handle is closed. A job another process runs
     * is followed by reading its file every {@link #FOLLOW_INTERVAL}; {@code closed} runs when such a stream is ended
     * without a final event (this process shuts down while the job goes on).
     */
    public AutoCloseable subscribe(String id, Consumer<TrainingJobView> listener, Runnable closed) {
        if (local(id) != null) {
            subscribers.computeIfAbsent(id, k -> new CopyOnWriteArraySet<>()).add(listener);
            return () -> {
                Set<Consumer<TrainingJobView>> set = subscribers.get(id);
                if (set != null) {
                    set.remove(listener);
                }
            };
        }
        AtomicReference<TrainingJobView> last = new AtomicReference<>(other(id).orElseThrow(() -> notFound(id)));
        AtomicReference<ScheduledFuture<?>> poll = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> task = poll.get();
            if (task != null) {
                task.cancel(false);
            }
        };
        Runnable shutdown = () -> {
            stop.run();
            closed.run();
        };
        Runnable end = () -> {
            stop.run();
            followers.remove(shutdown);
        };
        followers.add(shutdown);
        poll.set(housekeeping.scheduleWithFixedDelay(() -> {
            TrainingJobView now = other(id).orElse(null);
            if (now == null || now.equals(last.get())) {
                return;
            }
            last.set(now);
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                end.run();
                return;
            }
            if (now.status().finished()) {
                end.run();
            }
        }, FOLLOW_INTERVAL.toMillis(), FOLLOW_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        return end::run;
    }

    public int activeJobs() {
        return active.get();
    }

    /**
     * When the service has started and {@code foresight.training.warm-up} is on, trains a small network once on a
     * thread of its own ({@link TrainingWarmUp}: nothing is stored); a job taken up by a worker meanwhile waits for it
     * (still QUEUED) rather than compete for the cores. Not a task of the workers: it must not take a queue slot
     * ({@code foresight.training.queue-capacity} counts jobs only).
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        if (!properties.training().warmUp()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        warmUp = done;
        Runnable task = () -> {
            try {
                Duration took = TrainingWarmUp.run(properties, json, () -> stopping);
                warmUpSeconds = took.toMillis() / 1000.0;
                log.info("Training warm-up (a small LSTM on a synthetic series, nothing stored) took {} s",
                        String.format(java.util.Locale.ROOT, "%.2f", warmUpSeconds));
            } catch (TrainingWarmUp.Stopped e) {
                log.debug("Training warm-up stopped: the service stops");
            } catch (RuntimeException | Error e) {
                log.warn("Training warm-up failed; the first job will be slower: {}", e.toString());
            } finally {
                done.complete(null);
            }
        };
        Thread thread = new Thread(task, "training-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Seconds the start-up warm-up took, once it has finished; NaN before, when it is off or when it failed. */
    public double warmUpSeconds() {
        return warmUpSeconds;
    }

    /** Waits (at most {@link #WARM_UP_WAIT}) for the start-up warm-up, so that a job does not compete with it. */
    private void awaitWarmUp() {
        try {
            warmUp.get(WARM_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            log.warn("Training warm-up not done after {}; running the job anyway", WARM_UP_WAIT);
        }
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
        for (Runnable follower : List.copyOf(followers)) {
            follower.run();
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
        housekeeping.shutdownNow();
    }

    private void run(TrainingJob job, Trainer.Prepared prepared) {
        awaitWarmUp();
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
                private Instant saved = Instant.now();

                @Override
                public void progress(Progress progress) {
                    job.progress(progress);
                    publish(job);
                    // other processes read the progress from the file
                    Instant now = Instant.now();
                    if (Duration.between(saved, now).compareTo(PROGRESS_SAVE_INTERVAL) >= 0) {
                        saved = now;
                        save(job);
                    }
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
            files.clearCancel(job.id());
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

    /** The job when this process runs it (or ran it since it started), else null. */
    private TrainingJob local(String id) {
        return JobFiles.isId(id) ? jobs.get(id) : null;
    }

    /** A job of another process, from its file, marked FAILED first when that process has stopped. */
    private Optional<TrainingJobView> other(String id) {
        return JobFiles.isId(id) ? files.read(id).map(this::settled) : Optional.empty();
    }

    /**
     * Every job file not of this process, as {@link #other} would read it: a finished job's file, once read, is not
     * looked at again (it does not change); an unfinished one is read again when its modification time changed, and
     * gets the lease rule.
     */
    private Map<String, TrainingJobView> others() {
        Set<String> ids = files.ids();
        others.keySet().retainAll(ids);
        Map<String, TrainingJobView> all = new HashMap<>();
        for (String id : ids) {
            if (jobs.containsKey(id)) {
                continue;
            }
            JobFiles.Stored stored = others.get(id);
            if (stored == null || !stored.job().status().finished()) {
                Instant modified = files.modified(id).orElse(null);
                if (modified == null) {
                    continue;
                }
                if (stored == null || !stored.heartbeat().equals(modified)) {
                    stored = files.read(id).orElse(null);
                    if (stored == null) {
                        continue;
                    }
                    others.put(id, stored);
                }
            }
            all.put(id, stored.job().status().finished() ? stored.job() : settled(stored));
        }
        return all;
    }

    /** The stored job, or, when its owner has stopped ({@link JobLease}), the job marked FAILED and saved so. */
    private TrainingJobView settled(JobFiles.Stored stored) {
        Optional<String> abandoned = lease.abandoned(stored.job(), stored.owner(), stored.heartbeat(), Instant.now());
        if (abandoned.isEmpty()) {
            return stored.job();
        }
        String id = stored.job().id();
        // the owner may have written since the file was read: then it is alive after all
        if (!files.unchangedSince(id, stored.heartbeat())) {
            return files.read(id).map(JobFiles.Stored::job).orElse(stored.job());
        }
        TrainingJob failed = TrainingJob.restore(stored.job());
        failed.finish(JobStatus.FAILED, abandoned.get());
        TrainingJobView view = failed.view();
        try {
            files.save(view, stored.owner());
            files.clearCancel(id);
            log.warn("Training job {} marked FAILED: {}", id, abandoned.get());
        } catch (RuntimeException e) {
            log.warn("Could not mark job {} FAILED: {}", id, e.getMessage());
        }
        return view;
    }

    /** Every heartbeat interval: refresh this process's unfinished jobs, take up cancel requests, sweep the others. */
    private void housekeeping() {
        try {
            for (TrainingJob job : jobs.values()) {
                if (job.status().finished()) {
                    continue;
                }
                files.touch(job.id());
                if (files.cancelRequested(job.id())) {
                    log.info("Training job {}: cancel requested through another process", job.id());
                    cancelHere(job);
                }
            }
            others();
        } catch (RuntimeException e) {
            log.warn("Training job housekeeping failed: {}", e.toString());
        }
    }

    private void cancelHere(TrainingJob job) {
        if (job.cancel()) {
            save(job);
            publish(job);
            files.clearCancel(job.id());
        }
    }

    private static ForesightException notFound(String id) {
        return ForesightException.notFound("There is no training job '" + id + "'.")
                .remedy(ForesightException.Remedy.LIST_JOBS, null);
    }

    private void save(TrainingJob job) {
        try {
            synchronized (job) {
                files.save(job.view(), lease.self());
            }
        } catch (RuntimeException e) {
            log.warn("Could not save job {}: {}", job.id(), e.getMessage());
        }
    }

    private static final class JobCancelledException extends RuntimeException {
        JobCancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
