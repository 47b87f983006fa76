package io.foresight.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foresight.AtomicFiles;
import io.foresight.e2e.Http;
import io.foresight.e2e.PackagedService;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20, "a restart in the middle of a scheduled run", on the packaged service over real HTTP: a model trained on
 * the first 60 months of AirPassengers gets a cron policy whose one time (a daily cron a few seconds ahead) comes while
 * the service runs; as soon as the scheduled job is RUNNING the service is killed (SIGKILL), started again on the same
 * directory, and the run is trained exactly once: the killed job is FAILED as interrupted, one rerun with trigger
 * {@code schedule} (marked {@code rerunOf}) succeeds, one version is registered for the slot and nothing more is
 * submitted. Then the same with a graceful stop (SIGTERM) for the policy's next slot.
 */
class RetrainingRestartIT {

    /** A small network and few epochs: the job runs for a few seconds, long enough to be stopped while RUNNING. */
    static final String TRAINING = """
            {"target": "value", "horizon": 6, "architecture": "SIMPLE_RNN", "layers": [32, 32], "epochs": 3, "seed": 3,
             "earlyStopping": false}""";
    static final String RETRAINING_SPEC = "{\"epochs\": 400, \"earlyStopping\": false}";

    private PackagedService service;
    private Path dataDir;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aScheduledRunInterruptedByAKillOrAShutdownIsTrainedExactlyOnceAfterTheRestart() throws Exception {
        assertThat(PackagedService.JAR).as("the packaged service (./mvnw package)").isRegularFile();
        long started = System.nanoTime();
        dataDir = Files.createTempDirectory(Files.createDirectories(PackagedService.WORK).toAbsolutePath(), "retraining-");
        Http http = start(0);
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http.postMultipart("/api/v1/models/air60/training-jobs",
                Map.of("file", first60, "spec", TRAINING));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(await(http, submitted.json().get("id").asString()).get("status").asString()).isEqualTo("SUCCEEDED");

        // SIGKILL in the middle of the scheduled run
        String killed = scheduleAndAwaitRunning(http);
        service.process().destroyForcibly();
        assertThat(service.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        http = start(1);
        assertRunOnce(http, killed, 2, "The service stopped while this job was RUNNING: the process that ran it");

        // a graceful stop (SIGTERM) in the middle of the next scheduled run
        String stopped = scheduleAndAwaitRunning(http);
        service.process().destroy();
        assertThat(service.process().waitFor(15, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        http = start(2);
        assertRunOnce(http, stopped, 3, "The service stopped while this job was RUNNING; submit it again.");

        service.process().destroy();
        assertThat(service.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        System.out.printf("RetrainingRestartIT: %d s in all (three starts of the packaged service)%n",
                (System.nanoTime() - started) / 1_000_000_000);
        AtomicFiles.deleteRecursively(dataDir);
    }

    /** Sets a policy whose daily cron time is a few seconds ahead; returns its job once RUNNING. */
    private static String scheduleAndAwaitRunning(Http http) throws InterruptedException {
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3);
        String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * *";
        Http.Response policy = http.putJson("/api/v1/models/air60/retraining",
                "{\"cron\": \"" + cron + "\", \"spec\": " + RETRAINING_SPEC + "}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        Instant since = Instant.parse(policy.json().get("since").asString());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode lastRun = http.get("/api/v1/models/air60/retraining").json().get("lastRun");
            if (lastRun != null && !lastRun.isNull() && !lastRun.get("jobId").isNull()
                    && !Instant.parse(lastRun.get("at").asString()).isBefore(since)) {
                String jobId = lastRun.get("jobId").asString();
                JsonNode job = http.get("/api/v1/training-jobs/" + jobId).json();
                assertThat(job.get("status").asString()).as(job.toString()).isIn("QUEUED", "RUNNING");
                if (job.get("status").asString().equals("RUNNING")) {
                    assertThat(job.get("trigger").asString()).isEqualTo("schedule");
                    return jobId;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the scheduled job did not run within 60 s");
    }

    /**
     * After the restart: the interrupted job is FAILED saying so, exactly one rerun of it (trigger {@code schedule})
     * succeeds and registers the newest of the model's {@code versions} versions (one per run; a number the stopped job
     * had reserved may be skipped), and no other job is submitted for the model.
     */
    private static void assertRunOnce(Http http, String interrupted, int versions, String error)
            throws InterruptedException {
        JsonNode before = http.get("/api/v1/training-jobs/" + interrupted).json();
        assertThat(before.get("status").asString()).isEqualTo("FAILED");
        assertThat(before.get("error").asString()).startsWith(error);
        assertThat(before.get("version").isNull()).isTrue();

        JsonNode rerun = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline) && (rerun == null || !rerun.get("status").asString().equals("SUCCEEDED"))) {
            List<JsonNode> reruns = jobs(http, "air60").stream().filter(j -> interrupted.equals(text(j, "rerunOf"))).toList();
            assertThat(reruns).as("one rerun").hasSizeLessThanOrEqualTo(1);
            rerun = reruns.isEmpty() ? null : reruns.get(0);
            if (rerun != null) {
                assertThat(rerun.get("status").asString()).as(rerun.toString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
            }
            Thread.sleep(200);
        }
        assertThat(rerun).as("a rerun of %s succeeded", interrupted).isNotNull();
        assertThat(rerun.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(rerun.get("trigger").asString()).isEqualTo("schedule");
        assertThat(rerun.get("request").get("epochs").asInt()).isEqualTo(400);

        Thread.sleep(1500); // the scheduler checks every second: nothing more may come
        List<JsonNode> scheduled = jobs(http, "air60").stream().filter(j -> "schedule".equals(text(j, "trigger"))).toList();
        List<String> ids = scheduled.stream().map(j -> j.get("id").asString()).toList();
        assertThat(ids).contains(interrupted, rerun.get("id").asString());
        // two scheduled runs so far in this test at most: the first slot's pair and (for the second) the second's
        assertThat(scheduled.stream().filter(j -> "SUCCEEDED".equals(text(j, "status"))).count())
                .as("successful scheduled jobs: one per slot").isEqualTo(versions - 1);
        assertThat(scheduled).as("no other job for the slot").hasSize(2 * (versions - 1));

        JsonNode model = http.get("/api/v1/models/air60").json();
        List<Integer> numbers = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        model.get("versions").forEach(v -> {
            numbers.add(v.get("version").asInt());
            jobIds.add(v.get("jobId").asString());
        });
        assertThat(numbers).as("one version per run, none twice").hasSize(versions);
        assertThat(jobIds).as("no version of the interrupted job").doesNotContain(interrupted)
                .containsOnlyOnce(rerun.get("id").asString());
        assertThat(rerun.get("version").asInt()).isEqualTo(numbers.stream().mapToInt(Integer::intValue).max().orElseThrow());
        JsonNode lastRun = http.get("/api/v1/models/air60/retraining").json().get("lastRun");
        assertThat(lastRun.get("jobId").asString()).isEqualTo(rerun.get("id").asString());
        assertThat(lastRun.get("rerunOf").asString()).isEqualTo(interrupted);
        assertThat(lastRun.get("trigger").asString()).isEqualTo("schedule");
    }

    private static List<JsonNode> jobs(Http http, String model) {
        List<JsonNode> jobs = new ArrayList<>();
        http.get("/api/v1/training-jobs").json().forEach(j -> {
            if (model.equals(text(j, "model"))) {
                jobs.add(j);
            }
        });
        return jobs;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static JsonNode await(Http http, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http.get("/api/v1/training-jobs/" + jobId).json();
            if (!job.get("status").asString().equals("QUEUED") && !job.get("status").asString().equals("RUNNING")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish in time");
    }

    private Http start(int round) throws IOException, InterruptedException {
        long t = System.nanoTime();
        service = PackagedService.start(dataDir, dataDir.resolveSibling(dataDir.getFileName() + "-service-" + round + ".log"),
                Duration.ofMinutes(3), Map.of());
        System.out.printf("RetrainingRestartIT: start %d took %d ms%n", round, (System.nanoTime() - t) / 1_000_000);
        return service.http();
    }
}
