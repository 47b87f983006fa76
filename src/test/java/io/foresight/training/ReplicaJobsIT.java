package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foresight.AtomicFiles;
import io.foresight.e2e.Http;
import io.foresight.e2e.PackagedService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18: two packaged service processes on one data directory, as two replicas behind the load balancer. A dataset
 * uploaded to A is trained by a job submitted to B; A answers the job's status and streams its events until the end;
 * B serves the new version; a dataset deleted on A is gone on B. Then B is killed (SIGKILL) while it runs a long job,
 * and A marks that job FAILED once the lease ({@code foresight.training.job-lease}, 6 s here) has passed, not before.
 * The replicas get different host names ({@code HOSTNAME}), as containers do: A can only tell by B's heartbeat.
 */
class ReplicaJobsIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration LEASE = Duration.ofSeconds(6);

    private final List<PackagedService> services = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (PackagedService service : services) {
            service.close();
        }
    }

    @Test
    void twoReplicasShareDatasetsAndJobsAndAJobOfAKilledReplicaFailsAfterTheLease() throws Exception {
        assertThat(PackagedService.JAR).as("the packaged service (./mvnw package)").isRegularFile();
        long begin = System.nanoTime();
        Path dataDir = Files.createTempDirectory(Files.createDirectories(PackagedService.WORK).toAbsolutePath(), "replicas-");
        CompletableFuture<PackagedService> startingA = CompletableFuture.supplyAsync(() -> start(dataDir, "replica-a"));
        CompletableFuture<PackagedService> startingB = CompletableFuture.supplyAsync(() -> start(dataDir, "replica-b"));
        PackagedService serviceA = startingA.get(4, TimeUnit.MINUTES);
        PackagedService serviceB = startingB.get(4, TimeUnit.MINUTES);
        Http a = serviceA.http();
        Http b = serviceB.http();
        System.out.printf("ReplicaJobsIT: both replicas up after %d ms%n", (System.nanoTime() - begin) / 1_000_000);

        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] csv = (String.join("\n", lines.subList(0, 41)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response upload = a.postMultipart("/api/v1/datasets", Map.of("file", csv, "name", "air40"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();

        Http.Response submitted = b.postJson("/api/v1/models/air/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 3, "architecture": "LSTM", "layers": [8],
                 "epochs": 30, "seed": 1}""".formatted(datasetId));
        assertThat(submitted.status()).as("B trains a dataset uploaded to A: %s", submitted.body()).isEqualTo(202);
        String job = submitted.json().get("id").asString();

        Http.Response onA = a.get("/api/v1/training-jobs/" + job);
        assertThat(onA.status()).as("A answers for B's job: %s", onA.body()).isEqualTo(200);
        assertThat(onA.json().get("status").asString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
        long streamStart = System.nanoTime();
        Http.Response stream = a.stream("/api/v1/training-jobs/" + job + "/events");
        long streamMillis = (System.nanoTime() - streamStart) / 1_000_000;
        List<String> events = stream.body().lines().filter(line -> line.startsWith("event:")).toList();
        List<String> data = stream.body().lines().filter(line -> line.startsWith("data:")).toList();
        System.out.printf("ReplicaJobsIT: A streamed B's job for %d ms: %d events %s%n", streamMillis, events.size(),
                events.stream().distinct().toList());
        assertThat(stream.status()).isEqualTo(200);
        assertThat(events).last().isEqualTo("event:end");
        assertThat(events).filteredOn("event:end"::equals).hasSize(1);
        JsonNode last = JSON.readTree(data.get(data.size() - 1).substring("data:".length()));
        assertThat(last.get("status").asString()).as(last.toString()).isEqualTo("SUCCEEDED");
        int version = last.get("version").asInt();
        assertThat(version).isEqualTo(1);
        assertThat(a.get("/api/v1/training-jobs/" + job).json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(a.get("/api/v1/training-jobs").json().findValuesAsString("id")).contains(job);

        Http.Response forecast = b.get("/api/v1/models/air/forecast?horizon=3");
        assertThat(forecast.status()).as("B serves the version it trained: %s", forecast.body()).isEqualTo(200);
        assertThat(forecast.json().get("version").asInt()).isEqualTo(version);

        // B has read the dataset (it trained it); A deletes it
        assertThat(b.get("/api/v1/datasets/" + datasetId).status()).isEqualTo(200);
        assertThat(a.delete("/api/v1/datasets/" + datasetId).status()).isEqualTo(204);
        Http.Response gone = b.get("/api/v1/datasets/" + datasetId);
        assertThat(gone.status()).as("deleted on A: %s", gone.body()).isEqualTo(404);
        assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
        assertThat(b.get("/api/v1/datasets").json().findValuesAsString("id")).doesNotContain(datasetId);
        assertThat(b.postJson("/api/v1/models/air/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 3}""".formatted(datasetId)).status())
                .as("training a deleted dataset").isIn(400, 404);

        // a long job on B, then B is killed
        Http.Response again = b.postMultipart("/api/v1/datasets", Map.of("file", csv, "name", "air40"));
        assertThat(again.status()).isEqualTo(201);
        Http.Response longJob = b.postJson("/api/v1/models/air/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 3, "architecture": "LSTM", "layers": [64, 64],
                 "epochs": 1000, "earlyStopping": false, "seed": 2}""".formatted(again.json().get("id").asString()));
        assertThat(longJob.status()).as(longJob.body()).isEqualTo(202);
        String doomed = longJob.json().get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!a.get("/api/v1/training-jobs/" + doomed).json().get("status").asString().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("A sees B's long job running").isLessThan(deadline);
            Thread.sleep(100);
        }
        long pid = serviceB.process().pid();
        serviceB.process().destroyForcibly();
        assertThat(serviceB.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        long killed = System.nanoTime();

        JsonNode justAfter = a.get("/api/v1/training-jobs/" + doomed).json();
        assertThat(justAfter.get("status").asString()).as("within the lease the job is still B's").isEqualTo("RUNNING");
        JsonNode failed = justAfter;
        deadline = killed + LEASE.plusSeconds(10).toNanos();
        while (!failed.get("status").asString().equals("FAILED")) {
            assertThat(System.nanoTime()).as("A marks the job of the killed B FAILED").isLessThan(deadline);
            Thread.sleep(100);
            failed = a.get("/api/v1/training-jobs/" + doomed).json();
        }
        long failedAfter = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("ReplicaJobsIT: B killed; A showed its RUNNING job FAILED %d ms later (lease %d ms, heartbeat"
                + " every %d ms); whole test %d ms%n", failedAfter, LEASE.toMillis(), LEASE.dividedBy(6).toMillis(),
                (System.nanoTime() - begin) / 1_000_000);
        // B's last heartbeat was at most one heartbeat interval before the kill
        assertThat(failedAfter).isGreaterThanOrEqualTo(LEASE.minus(LEASE.dividedBy(6)).toMillis());
        assertThat(failed.get("error").asString()).startsWith("The service stopped while this job was RUNNING: the"
                + " process that ran it (process " + pid + " on replica-b) stopped: no heartbeat for");
        assertThat(failed.get("version").isNull()).isTrue();
        assertThat(a.get("/api/v1/training-jobs").json().findValuesAsString("status")).doesNotContain("RUNNING", "QUEUED");

        serviceA.process().destroy();
        assertThat(serviceA.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        AtomicFiles.deleteRecursively(dataDir);
    }

    private PackagedService start(Path dataDir, String host) {
        try {
            PackagedService service = PackagedService.start(dataDir, dataDir.resolveSibling(dataDir.getFileName() + "-" + host + ".log"),
                    Duration.ofMinutes(3), Map.of("HOSTNAME", host), "--foresight.training.job-lease=" + LEASE.toSeconds() + "s");
            synchronized (services) {
                services.add(service);
            }
            return service;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
