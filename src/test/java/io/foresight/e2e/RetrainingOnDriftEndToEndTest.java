package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Retraining on drift over real HTTP: a network trained on the first 60 months of AirPassengers (horizon 6) with an
 * {@code onDrift} policy forecasts 6 months; observations three times its forecast make the version drift (window 6),
 * and the drift onset submits a job with trigger {@code drift} on the 60 months plus the 6 observations, warm-started
 * from version 1; the new version is promoted exactly when it validates better than its parent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetrainingOnDriftEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-retraining-drift");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("foresight.monitoring.drift-window", () -> "6");
    }

    @LocalServerPort
    int port;

    @Test
    void aDriftOnsetRetrainsTheModelOnceWithTriggerDrift() throws IOException, InterruptedException {
        Http http = new Http(port);
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http.postMultipart("/api/v1/models/air/training-jobs", Map.of("file", first60,
                "spec", "{\"target\": \"value\", \"horizon\": 6, \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 15, \"seed\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode first = ForecastingEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");

        Http.Response policy = http.putJson("/api/v1/models/air/retraining", "{\"onDrift\": true}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        assertThat(policy.json().get("nextRun").isNull()).as("no cron, no next run").isTrue();

        JsonNode forecast = http.get("/api/v1/models/air/forecast?horizon=6").json();
        Path ledger = DATA_DIR.resolve("ledger").resolve("air").resolve("ledger.log");
        Instant recorded = Instant.now().plusSeconds(30);
        while (!(Files.exists(ledger) && Files.size(ledger) > 0) && Instant.now().isBefore(recorded)) {
            Thread.sleep(100);
        }
        assertThat(ledger).as("the forecast recorded").isNotEmptyFile();
        StringBuilder points = new StringBuilder();
        for (JsonNode p : forecast.get("points")) {
            points.append(points.isEmpty() ? "" : ",").append("{\"timestamp\": \"").append(p.get("timestamp").asString())
                    .append("\", \"value\": ").append(p.get("value").asDouble() * 3).append('}');
        }
        Http.Response added = http.postJson("/api/v1/models/air/observations", "{\"points\": [" + points + "]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);

        JsonNode lastRun = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            lastRun = http.get("/api/v1/models/air/retraining").json().get("lastRun");
            if (lastRun != null && !lastRun.isNull() && !lastRun.get("jobId").isNull()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(lastRun).as("a retraining run").isNotNull();
        assertThat(lastRun.get("trigger").asString()).as(lastRun.toString()).isEqualTo("drift");
        assertThat(lastRun.get("jobId").isNull()).as(lastRun.toString()).isFalse();
        JsonNode job = ForecastingEndToEndTest.awaitJob(http, lastRun.get("jobId").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("trigger").asString()).isEqualTo("drift");
        assertThat(job.get("request").get("warmStartFrom").asInt()).isEqualTo(1);
        assertThat(http.get("/api/v1/datasets/" + job.get("datasetId").asString()).json().get("rows").asInt())
                .isEqualTo(66);

        JsonNode manifest = http.get("/api/v1/models/air/versions/2").json();
        double mase = manifest.get("backtest").get("model").get("mase").asDouble();
        double parentMase = Double.NaN;
        for (JsonNode candidate : manifest.get("candidates")) {
            if (candidate.get("name").asString().equals("PARENT_VERSION_1")) {
                parentMase = candidate.get("validationMase").asDouble();
            }
        }
        assertThat(parentMase).isFinite();
        int production = http.get("/api/v1/models/air").json().get("production").asInt();
        assertThat(production).as(manifest.get("promotion").asString()).isEqualTo(mase < parentMase ? 2 : 1);
        // one onset, one retraining: no other job for the model
        long jobs = 0;
        for (JsonNode j : http.get("/api/v1/training-jobs").json()) {
            if (j.get("model").asString().equals("air")) {
                jobs++;
            }
        }
        assertThat(jobs).isEqualTo(2);
    }
}
