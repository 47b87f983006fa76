package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foresight.e2e.Http;
import io.foresight.e2e.PackagedService;
import tools.jackson.databind.JsonNode;

/**
 * Really crashes the service: {@code target/foresight.jar} runs as a separate JVM, trains small LSTMs on
 * AirPassengers and is killed with SIGKILL ({@link Process#destroyForcibly()}) at random moments, then
 * restarted on the same data directory. Each round submits two jobs. Round 1 lets the first job finish (and
 * measures how long a first job takes here, JVM warm-up included), then kills at a random moment up to 0.6 of
 * that later; rounds 3 and 5 kill at a random delay between 0.1 and 1.1 of it after submitting (the first
 * job queued, training or saving, or the second one); rounds 2 and 4 watch the registry's directory and kill the moment a version's temporary
 * directory appears, i.e. in the middle of a save.
 *
 * <p>After every restart: each version that was reported SUCCEEDED before any kill is listed and forecasts
 * exactly what it forecast before; every listed version loads and forecasts (none is broken, none is
 * unavailable); no temporary leftovers remain; no job is QUEUED or RUNNING, the interrupted ones are FAILED
 * and say so, and the succeeded ones still name their version.
 *
 * <p>What SIGKILL does not test: a power cut (the page cache survives a killed process). That the
 * registry forces files and directories to disk before renaming is checked by reading {@code AtomicFiles}.
 */
class CrashRecoveryIT {

    static final int ROUNDS = 5;
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final String SPEC = """
            {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "epochs": 5, "layers": [8],
             "seed": %d}""";

    private PackagedService service;
    private Path dataDir;
    private Path logs;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void killedAtRandomMomentsTheServiceComesBackWithEverySucceededVersionIntactAndNoBrokenOne() throws Exception {
        assertThat(PackagedService.JAR).as("the packaged service (run `./mvnw verify`, which packages before integration tests)").isRegularFile();
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        // under the build directory rather than /tmp: on the project's disk, where fsync is real (/tmp may be a tmpfs)
        logs = Files.createDirectories(PackagedService.WORK);
        dataDir = Files.createTempDirectory(logs.toAbsolutePath(), "data-");
        System.out.printf("CrashRecoveryIT: seed %d (rerun with -Dcrash.seed=%d), data dir %s, logs %s%n", seed, seed, dataDir, logs);

        Http http = start(0);
        Http.Response upload = http.postMultipart("/api/v1/datasets",
                Map.of("file", Files.readAllBytes(Path.of("sample-data", "AirPassengers.csv")), "name", "air"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();

        Map<Integer, JsonNode> forecastsBeforeKill = new TreeMap<>();
        Map<String, Integer> succeededJobs = new TreeMap<>();
        int killsWhileTraining = 0;
        int killsDuringSave = 0;
        int interruptedJobs = 0;
        long jobNanos = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            List<String> submitted = new ArrayList<>();
            for (int j = 0; j < 2; j++) {
                Http.Response job = http.postJson("/api/v1/models/air/training-jobs", SPEC.formatted(datasetId, round * 10 + j));
                assertThat(job.status()).as(job.body()).isEqualTo(202);
                submitted.add(job.json().get("id").asString());
            }
            Observer observer = new Observer(http);
            observer.start();
            String moment;
            if (round == 1) {
                // calibration: let the first job finish, then kill somewhere inside the second one
                long submittedAt = System.nanoTime();
                observer.awaitFirstSuccess(Duration.ofMinutes(10));
                jobNanos = System.nanoTime() - submittedAt;
                long delay = (long) (0.6 * random.nextDouble() * jobNanos / 1_000_000);
                Thread.sleep(delay);
                moment = delay + " ms after the first job succeeded (a job took " + jobNanos / 1_000_000 + " ms)";
                kill();
            } else if (round % 2 == 0) {
                boolean caught = killDuringSave(Duration.ofMinutes(10));
                killsDuringSave += caught ? 1 : 0;
                moment = caught ? "while a version's temporary directory existed" : "after waiting in vain for a save";
            } else {
                long delay = (long) ((0.1 + random.nextDouble()) * jobNanos / 1_000_000);
                Thread.sleep(delay);
                moment = delay + " ms after submitting";
                kill();
            }
            observer.stopAndJoin();
            Map<String, String> lastSeen = observer.statuses();
            boolean wasTraining = lastSeen.values().contains("RUNNING");
            killsWhileTraining += wasTraining ? 1 : 0;
            forecastsBeforeKill.putAll(observer.forecasts());
            succeededJobs.putAll(observer.succeeded());
            System.out.printf("CrashRecoveryIT round %d: SIGKILL %s; jobs last seen %s; succeeded so far %s%n", round,
                    moment, lastSeen, succeededJobs);

            http = start(round);
            interruptedJobs += checkRecovered(http, forecastsBeforeKill, succeededJobs, submitted);
        }
        System.out.printf("CrashRecoveryIT: %d rounds, %d kills with a job RUNNING, %d kills during a save, "
                + "%d succeeded versions all intact (%d compared forecasts), %d interrupted jobs shown FAILED%n", ROUNDS,
                killsWhileTraining, killsDuringSave, succeededJobs.size(), forecastsBeforeKill.size(), interruptedJobs);
        assertThat(succeededJobs).as("some versions succeeded, so there was something to keep").isNotEmpty();
        assertThat(killsWhileTraining).as("some kills hit a running training").isPositive();
        stop();
        io.foresight.AtomicFiles.deleteRecursively(dataDir); // kept when the test fails, for a look
    }

    /** After a restart: what was promised is there and identical, nothing broken is listed, no job hangs. */
    private int checkRecovered(Http http, Map<Integer, JsonNode> forecastsBeforeKill, Map<String, Integer> succeededJobs,
            List<String> submittedThisRound) throws IOException {
        assertThat(leftovers()).as("temporary leftovers after the restart").isEmpty();

        Http.Response model = http.get("/api/v1/models/air");
        Set<Integer> listed = new TreeSet<>();
        if (model.status() == 200) {
            JsonNode summary = model.json();
            summary.get("versions").forEach(v -> listed.add(v.get("version").asInt()));
            assertThat(summary.get("unavailable")).as("versions that failed their integrity check").isEmpty();
        } else {
            assertThat(model.status()).as(model.body()).isEqualTo(404);
        }
        assertThat(listed).as("every version reported SUCCEEDED before a kill is listed").containsAll(succeededJobs.values());
        for (int version : listed) {
            Http.Response forecast = http.get("/api/v1/models/air/forecast?horizon=12&version=" + version);
            assertThat(forecast.status()).as("version %d forecasts: %s", version, forecast.body()).isEqualTo(200);
            JsonNode before = forecastsBeforeKill.get(version);
            if (before != null) {
                assertThat(forecast.json()).as("version %d forecasts what it did before the kill", version).isEqualTo(before);
            }
        }
        if (!listed.isEmpty()) {
            assertThat(http.get("/api/v1/models/air/forecast?horizon=12").status()).as("the production alias serves").isEqualTo(200);
        }

        int interrupted = 0;
        Set<Integer> ofSucceededJobs = new TreeSet<>();
        for (JsonNode job : http.get("/api/v1/training-jobs").json()) {
            String id = job.get("id").asString();
            String status = job.get("status").asString();
            assertThat(status).as("job %s after the restart", id).isIn("SUCCEEDED", "FAILED");
            if (status.equals("SUCCEEDED")) {
                ofSucceededJobs.add(job.get("version").asInt());
            }
            if (succeededJobs.containsKey(id)) {
                assertThat(status).isEqualTo("SUCCEEDED");
                assertThat(job.get("version").asInt()).isEqualTo(succeededJobs.get(id));
            }
            if (submittedThisRound.contains(id) && status.equals("FAILED")) {
                assertThat(job.get("error").asString()).as("why job %s failed", id).startsWith("The service stopped while this job was");
                interrupted++;
            }
        }
        Set<Integer> orphans = new TreeSet<>(listed);
        orphans.removeAll(ofSucceededJobs);
        System.out.printf("CrashRecoveryIT after restart: listed versions %s, interrupted jobs this round %d%s%n", listed,
                interrupted, orphans.isEmpty() ? "" : ", complete versions whose job was killed before it recorded SUCCEEDED: " + orphans);
        return interrupted;
    }

    // ---------------------------------------------------------------------------------------------- the process

    private Http start(int round) throws IOException, InterruptedException {
        // keep-versions=0: retention must not delete what this test expects to find; no start-up training warm-up:
        // jobs submitted right after a restart wait QUEUED for it (a few seconds), and this test's kills must land
        // while jobs run and save, which its random moments after submitting then mostly miss
        service = PackagedService.start(dataDir, logs.resolve("service-" + round + ".log"), START_TIMEOUT,
                Map.of("OMP_NUM_THREADS", "1"), "--foresight.registry.keep-versions=0", "--foresight.training.warm-up=false");
        return service.http();
    }

    private void kill() throws InterruptedException {
        service.process().destroyForcibly(); // SIGKILL on Linux
        assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(service.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** Kills the moment a temporary version directory appears; true when it caught one. */
    private boolean killDuringSave(Duration timeout) throws InterruptedException {
        Path versions = dataDir.resolve("models").resolve("air").resolve("versions");
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean caught = false;
        while (System.nanoTime() < deadline && !caught) {
            if (Files.isDirectory(versions)) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(versions, ".tmp-*")) {
                    caught = temps.iterator().hasNext();
                } catch (IOException ignored) {
                    // the directory changed while being read; look again
                }
            }
            if (!caught) {
                LockSupport.parkNanos(200_000);
            }
        }
        kill();
        return caught;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(dataDir.resolve("models"))) {
            return walk.map(Path::toString).filter(p -> p.contains(".tmp-")).toList();
        } catch (UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * Polls the jobs while the service runs: which ones succeeded with which version, and each new version's
     * forecast, fetched before the kill. Stops quietly when the service is gone.
     */
    private static final class Observer extends Thread {

        private final Http http;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, String> statuses = new ConcurrentHashMap<>();
        private final Map<String, Integer> succeeded = new ConcurrentHashMap<>();
        private final Map<Integer, JsonNode> forecasts = new ConcurrentHashMap<>();

        Observer(Http http) {
            super("crash-observer");
            this.http = http;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (running.get()) {
                    JsonNode jobs = http.get("/api/v1/training-jobs").json();
                    for (JsonNode job : jobs) {
                        String id = job.get("id").asString();
                        String status = job.get("status").asString();
                        statuses.put(id, status);
                        if (status.equals("SUCCEEDED") && !succeeded.containsKey(id)) {
                            int version = job.get("version").asInt();
                            succeeded.put(id, version);
                            Http.Response forecast = http.get("/api/v1/models/air/forecast?horizon=12&version=" + version);
                            if (forecast.status() == 200) {
                                forecasts.put(version, forecast.json());
                            }
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (RuntimeException | InterruptedException serviceGone) {
                // killed
            }
        }

        void awaitFirstSuccess(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (succeeded.isEmpty()) {
                assertThat(System.nanoTime()).as("a job succeeds in time").isLessThan(deadline);
                assertThat(isAlive()).as("the observer is polling").isTrue();
                Thread.sleep(20);
            }
        }

        void stopAndJoin() throws InterruptedException {
            running.set(false);
            join(Duration.ofMinutes(2).toMillis());
        }

        Map<String, String> statuses() {
            return new TreeMap<>(statuses);
        }

        Map<String, Integer> succeeded() {
            return new TreeMap<>(succeeded);
        }

        Map<Integer, JsonNode> forecasts() {
            return new TreeMap<>(forecasts);
        }
    }
}
