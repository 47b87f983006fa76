package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foresight.e2e.Http;
import io.foresight.e2e.PackagedService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 15, family 8 (docs/BAD_INPUT.md): SIGTERM with an open event stream on a running job. The packaged service
 * runs as a separate JVM (as in registry/CrashRecoveryIT); a client follows a long job's {@code /events}; then
 * {@link Process#destroy()} sends SIGTERM. The service must exit within a few seconds (it took 32 s, past Docker's
 * 10 s stop timeout), the stream must end with a final {@code end} event saying the job stopped, and after a restart
 * the job is FAILED with the same error a crash leaves, and no version was registered.
 */
class GracefulShutdownIT {

    static final Duration STOP_LIMIT = Duration.ofSeconds(8);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private PackagedService service;
    private Path dataDir;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void sigtermWithAnOpenEventStreamEndsTheStreamAndExitsWithinSeconds() throws Exception {
        assertThat(PackagedService.JAR).as("the packaged service (./mvnw package)").isRegularFile();
        dataDir = Files.createTempDirectory(Files.createDirectories(PackagedService.WORK).toAbsolutePath(), "shutdown-");
        Http http = start(0);
        Http.Response upload = http.postMultipart("/api/v1/datasets",
                Map.of("file", Files.readAllBytes(Path.of("sample-data", "AirPassengers.csv")), "name", "air"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http.postJson("/api/v1/models/air/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "layers": [64, 64],
                 "epochs": 1000, "earlyStopping": false, "seed": 1}""".formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String job = submitted.json().get("id").asString();

        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(HttpRequest.newBuilder(
                URI.create("http://localhost:" + service.port() + "/api/v1/training-jobs/" + job + "/events")).build(),
                HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> lines.addAll(
                        new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList()))));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (lines.stream().noneMatch(line -> line.contains("\"RUNNING\"")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(lines).as("the stream shows the job running").anyMatch(line -> line.contains("\"RUNNING\""));

        long sigterm = System.nanoTime();
        service.process().destroy(); // SIGTERM
        boolean exited = service.process().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        long stopMillis = (System.nanoTime() - sigterm) / 1_000_000;
        System.out.printf("GracefulShutdownIT: the service exited %d ms after SIGTERM with one open event stream%n", stopMillis);
        assertThat(exited).as("exited within %s of SIGTERM", STOP_LIMIT).isTrue();
        stream.get(5, TimeUnit.SECONDS); // the stream was closed by the service, not cut off

        int end = lines.indexOf("event:end");
        assertThat(end).as("a final end event in %s", lines).isNotNegative();
        JsonNode last = JSON.readTree(lines.get(end + 1).substring("data:".length()));
        assertThat(last.get("status").asString()).isEqualTo("FAILED");
        assertThat(last.get("error").asString()).isEqualTo("The service stopped while this job was RUNNING; submit it again.");

        http = start(1);
        JsonNode after = http.get("/api/v1/training-jobs/" + job).json();
        assertThat(after.get("status").asString()).isEqualTo("FAILED");
        assertThat(after.get("error").asString()).isEqualTo("The service stopped while this job was RUNNING; submit it again.");
        assertThat(after.get("version").isNull()).isTrue();
        assertThat(http.get("/api/v1/models/air").status()).as("no version was registered").isEqualTo(404);
        service.process().destroy();
        assertThat(service.process().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        io.foresight.AtomicFiles.deleteRecursively(dataDir);
    }

    private Http start(int round) throws IOException, InterruptedException {
        service = PackagedService.start(dataDir, dataDir.resolveSibling(dataDir.getFileName() + "-service-" + round + ".log"),
                Duration.ofMinutes(3), Map.of());
        return service.http();
    }
}
