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
 * Scheduled retraining over real HTTP: a network trained on the first 60 months of AirPassengers (horizon 6) takes the
 * next 12 months as observations; a policy with a cron every 5 seconds submits a job with trigger {@code schedule} on a
 * new dataset of the 72 months, warm-started from the production version, and a new version is registered, promoted
 * exactly when it validates better than its parent on the same held-back windows (auto-promote {@code better}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetrainingEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-retraining");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void aCronPolicyRetrainsOnTheDatasetAndTheObservationsWithAWarmStart() throws IOException, InterruptedException {
        Http http = new Http(port);
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http.postMultipart("/api/v1/models/air60/training-jobs", Map.of("file", first60,
                "spec", "{\"target\": \"value\", \"horizon\": 6, \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 15, \"seed\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(submitted.json().get("trigger").asString()).isEqualTo("manual");
        JsonNode first = ForecastingEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        String originalDataset = first.get("datasetId").asString();

        StringBuilder points = new StringBuilder();
        for (int i = 60; i < 72; i++) {
            String[] row = lines.get(i + 1).split(",");
            points.append(i == 60 ? "" : ",").append("{\"timestamp\": \"").append(row[0]).append("\", \"value\": ")
                    .append(row[1]).append('}');
        }
        Http.Response added = http.postJson("/api/v1/models/air60/observations", "{\"points\": [" + points + "]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);

        Http.Response policy = http.putJson("/api/v1/models/air60/retraining",
                "{\"cron\": \"*/5 * * * * *\", \"spec\": {\"epochs\": 10}}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        assertThat(policy.json().get("nextRun").isNull()).isFalse();

        String jobId = awaitRetrainingJob(http);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http, jobId);
        // no second run while the first one is still queued or running, and none after: stop the schedule
        assertThat(http.delete("/api/v1/models/air60/retraining").status()).isEqualTo(204);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("trigger").asString()).isEqualTo("schedule");
        assertThat(job.get("request").get("warmStartFrom").asInt()).isEqualTo(1);
        assertThat(job.get("request").get("epochs").asInt()).isEqualTo(10);
        String retrainedDataset = job.get("datasetId").asString();
        assertThat(retrainedDataset).isNotEqualTo(originalDataset);
        JsonNode dataset = http.get("/api/v1/datasets/" + retrainedDataset).json();
        assertThat(dataset.get("rows").asInt()).isEqualTo(72);
        assertThat(dataset.get("end").asString()).isEqualTo(lines.get(72).split(",")[0]);

        int version = job.get("version").asInt();
        assertThat(version).isEqualTo(2);
        JsonNode manifest = http.get("/api/v1/models/air60/versions/2").json();
        assertThat(manifest.get("data").get("points").asInt()).isEqualTo(72);
        double mase = manifest.get("backtest").get("model").get("mase").asDouble();
        double parentMase = Double.NaN;
        for (JsonNode candidate : manifest.get("candidates")) {
            if (candidate.get("name").asString().equals("PARENT_VERSION_1")) {
                parentMase = candidate.get("validationMase").asDouble();
            }
        }
        assertThat(parentMase).as("the parent scored on the new held-back windows").isFinite();
        int production = http.get("/api/v1/models/air60").json().get("production").asInt();
        assertThat(production).as(manifest.get("promotion").asString()).isEqualTo(mase < parentMase ? 2 : 1);
    }

    /** The job the policy's first run submitted, from {@code lastRun}. */
    private static String awaitRetrainingJob(Http http) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode lastRun = http.get("/api/v1/models/air60/retraining").json().get("lastRun");
            if (lastRun != null && !lastRun.isNull()) {
                assertThat(lastRun.get("trigger").asString()).isEqualTo("schedule");
                JsonNode jobId = lastRun.get("jobId");
                assertThat(lastRun.get("error") == null || lastRun.get("error").isNull()).as(lastRun.toString()).isTrue();
                if (jobId != null && !jobId.isNull()) {
                    return jobId.asString();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no retraining job was submitted within 60 s");
    }
}
