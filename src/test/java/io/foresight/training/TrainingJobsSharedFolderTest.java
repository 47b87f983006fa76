package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetService;
import io.foresight.registry.ModelRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas on one data directory, as two {@link TrainingService}s in one JVM (issue 18): a job submitted to one is
 * read, listed, followed and cancelled through the other; a job whose owner stopped is failed after the lease.
 */
class TrainingJobsSharedFolderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path dataDir;

    private final List<TrainingService> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        for (TrainingService service : started) {
            service.stop();
            service.close();
        }
    }

    private ForesightProperties properties() {
        ForesightProperties d = ForesightProperties.defaults(dataDir);
        return new ForesightProperties(dataDir, null, false, d.limits(),
                new ForesightProperties.Training(16, 1, Duration.ofMinutes(30), List.of(32), 0, 1000, LEASE), d.serving(),
                d.registry());
    }

    private TrainingService replica(DatasetService datasets) {
        ForesightProperties properties = properties();
        TrainingService service = new TrainingService(datasets, new ModelRegistry(properties, JSON, change -> {
        }), JSON, event -> {
        }, properties, new MockEnvironment());
        started.add(service);
        return service;
    }

    private static TrainingRequest request(String datasetId, int epochs) {
        return JSON.readValue("""
                {"datasetId": "%s", "target": "value", "horizon": 3, "architecture": "LSTM", "layers": [8],
                 "epochs": %d, "earlyStopping": false, "seed": 1}""".formatted(datasetId, epochs), TrainingRequest.class);
    }

    /** A job that runs for minutes (as in GracefulShutdownIT): it is still running when the test cancels it. */
    private static TrainingRequest longRequest(String datasetId) {
        return JSON.readValue("""
                {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "layers": [64, 64],
                 "epochs": 1000, "earlyStopping": false, "seed": 1}""".formatted(datasetId), TrainingRequest.class);
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waited %s for %s", timeout, what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aJobSubmittedToOneReplicaIsReadListedFollowedAndCancelledThroughTheOther() throws Exception {
        DatasetService datasetsA = new DatasetService(properties(), JSON);
        DatasetService datasetsB = new DatasetService(properties(), JSON);
        TrainingService a = replica(datasetsA);
        TrainingService b = replica(datasetsB);
        String datasetId = datasetsA.create("air", null, Files.readAllBytes(Path.of("sample-data", "AirPassengers.csv"))).id();

        String running = b.submit("air", longRequest(datasetId)).id();
        String queued = b.submit("air", request(datasetId, 5)).id();
        await("the first job running, as seen from a", Duration.ofSeconds(60),
                () -> a.get(running).status() == JobStatus.RUNNING);
        assertThat(a.get(queued).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(a.list()).extracting(TrainingJobView::id).containsExactly(queued, running);

        List<TrainingJobView> events = new CopyOnWriteArrayList<>();
        List<String> closed = new CopyOnWriteArrayList<>();
        a.subscribe(running, events::add, () -> closed.add("closed"));
        await("progress read from b's file", Duration.ofSeconds(10),
                () -> events.stream().anyMatch(view -> view.progress().epoch() > 0));

        TrainingJobView asked = a.cancel(queued);
        assertThat(asked.status()).as("the job as it is when cancelling is asked for").isEqualTo(JobStatus.QUEUED);
        await("b cancels the queued job", Duration.ofSeconds(5), () -> b.get(queued).status() == JobStatus.CANCELLED);
        assertThat(a.get(queued).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(a.get(queued).error()).isEqualTo("cancelled before it started");

        a.cancel(running);
        await("b stops the running job", Duration.ofSeconds(10), () -> b.get(running).status() == JobStatus.CANCELLED);
        await("a's stream ends with the final state", Duration.ofSeconds(5),
                () -> !events.isEmpty() && events.get(events.size() - 1).status() == JobStatus.CANCELLED);
        assertThat(events).filteredOn(view -> view.status().finished()).hasSize(1);
        assertThat(a.get(running).error()).isEqualTo("cancelled while running");
        assertThatThrownBy(() -> a.cancel(running)).isInstanceOfSatisfying(ForesightException.class,
                e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.CONFLICT));
        assertThat(closed).isEmpty();
        assertThat(dataDir.resolve("jobs").resolve(running + ".cancel")).as("the cancel request, taken up").doesNotExist();
    }

    @Test
    void aJobWhoseOwnerStoppedIsFailedByTheOtherReplicaAfterTheLeaseNotBefore() throws Exception {
        JobFiles files = new JobFiles(dataDir.resolve("jobs"), JSON);
        JobOwner elsewhere = new JobOwner("a-host-that-crashed", 4242, Instant.now().minusSeconds(3600));
        TrainingJobView job = new TrainingJobView("job-00000000000a", "air", "ds-0123456789ab", JobStatus.RUNNING,
                new Progress(7, 100, 0.5, 0.6, 30, 5, "LSTM [8]", 1, 1), Instant.now().minusSeconds(20),
                Instant.now().minusSeconds(19), null, null, null, request("ds-0123456789ab", 100));
        files.save(job, elsewhere);
        Instant lastHeartbeat = files.read(job.id()).orElseThrow().heartbeat();

        TrainingService a = replica(new DatasetService(properties(), JSON));
        TrainingJobView seen = a.get(job.id());
        assertThat(seen.status()).as("a fresh heartbeat: another process runs it").isEqualTo(JobStatus.RUNNING);
        assertThat(seen.progress().epoch()).isEqualTo(7);
        assertThat(a.list()).extracting(TrainingJobView::status).containsExactly(JobStatus.RUNNING);

        // the sweep, not a read, marks it
        await("the job marked FAILED", LEASE.plusSeconds(5),
                () -> files.read(job.id()).orElseThrow().job().status() == JobStatus.FAILED);
        Duration after = Duration.between(lastHeartbeat, Instant.now());
        System.out.printf("TrainingJobsSharedFolderTest: a job without heartbeat was marked FAILED %d ms after its last"
                + " heartbeat (lease %d ms, sweep every %d ms)%n", after.toMillis(), LEASE.toMillis(), LEASE.dividedBy(6).toMillis());
        assertThat(after).isGreaterThan(LEASE).isLessThan(LEASE.plusSeconds(3));
        TrainingJobView failed = a.get(job.id());
        assertThat(failed.error()).startsWith("The service stopped while this job was RUNNING: the process that ran it"
                + " (process 4242 on a-host-that-crashed) stopped: no heartbeat for 3 s");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(failed.progress().epoch()).as("what it had done is kept").isEqualTo(7);
    }

    @Test
    void startUpFailsAbandonedJobsLeavesLiveOnesAndRemovesOnlyOldTemporaries() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("jobs"));
        JobFiles files = new JobFiles(dir, JSON);
        JobOwner elsewhere = new JobOwner("another-host", 4242, Instant.now().minusSeconds(3600));
        TrainingJobView stale = new TrainingJobView("job-00000000000b", "air", "ds-0123456789ab", JobStatus.QUEUED,
                Progress.none(), Instant.now().minusSeconds(90), null, null, null, null, request("ds-0123456789ab", 5));
        TrainingJobView live = new TrainingJobView("job-00000000000c", "air", "ds-0123456789ab", JobStatus.QUEUED,
                Progress.none(), Instant.now().minusSeconds(90), null, null, null, null, request("ds-0123456789ab", 5));
        files.save(stale, elsewhere);
        files.save(live, elsewhere);
        Files.setLastModifiedTime(dir.resolve(stale.id() + ".json"), FileTime.from(Instant.now().minusSeconds(60)));
        Path old = Files.writeString(dir.resolve(".tmp-old"), "{");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(JobFiles.LEFTOVER_AGE).minusSeconds(60)));
        Path young = Files.writeString(dir.resolve(".tmp-young"), "{");

        replica(new DatasetService(properties(), JSON));

        assertThat(files.read(stale.id()).orElseThrow().job().status()).isEqualTo(JobStatus.FAILED);
        assertThat(files.read(live.id()).orElseThrow().job().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(old).doesNotExist();
        assertThat(young).as("maybe another process's write in progress").exists();
    }

    /**
     * The job list and the sweep every heartbeat interval stat every job file and read only changed ones: with a few
     * thousand finished jobs in the folder they stay in milliseconds. Measured, printed, bounded loosely.
     */
    @Test
    void listingThousandsOfOtherProcessesJobsTakesMilliseconds() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("jobs"));
        JobFiles files = new JobFiles(dir, JSON);
        JobOwner elsewhere = new JobOwner("another-host", 4242, Instant.now().minusSeconds(3600));
        TrainingJobView template = new TrainingJobView("job-000000000000", "air", "ds-0123456789ab", JobStatus.SUCCEEDED,
                new Progress(30, 30, 0.1, 0.2, 30, 5, "LSTM [8]", 1, 1), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:09Z"), 1, null,
                request("ds-0123456789ab", 30));
        files.save(template, elsewhere);
        String json = Files.readString(dir.resolve(template.id() + ".json"));
        int count = 3000;
        for (int i = 1; i < count; i++) {
            String id = "job-%012x".formatted(i);
            Files.writeString(dir.resolve(id + ".json"), json.replace(template.id(), id));
        }
        long start = System.nanoTime();
        TrainingService a = replica(new DatasetService(properties(), JSON));
        long startUpMillis = (System.nanoTime() - start) / 1_000_000;
        List<Long> micros = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long begin = System.nanoTime();
            assertThat(a.list()).hasSize(count);
            micros.add((System.nanoTime() - begin) / 1000);
        }
        micros.sort(null);
        System.out.printf("TrainingJobsSharedFolderTest: %d job files: start-up (every file read) %d ms; list() median %d us"
                + " (min %d, max %d)%n", count, startUpMillis, micros.get(10), micros.get(0), micros.get(19));
        assertThat(micros.get(10)).as("median list() in microseconds").isLessThan(500_000);
    }
}
