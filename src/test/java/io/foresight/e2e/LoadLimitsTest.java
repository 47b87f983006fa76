package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Load limits (docs/BAD_INPUT.md): the training queue is bounded ({@code foresight.training.queue-capacity}; past
 * it 429 with {@code Retry-After}, and nothing is stored), and a job that runs longer than
 * {@code foresight.training.job-timeout} ends FAILED with an error that names the setting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadLimitsTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-load").resolve("data");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("foresight.training.workers", () -> "1");
        registry.add("foresight.training.queue-capacity", () -> "1");
        registry.add("foresight.training.job-timeout", () -> "3s");
    }

    @LocalServerPort
    int port;

    /** Health and metrics have their own port (management.server.port; random in tests). */
    @LocalManagementPort
    int managementPort;

    Http management() {
        return new Http(managementPort);
    }

    static String datasetId;
    static String running;
    static String queued;

    Http http() {
        return new Http(port);
    }

    /** A job that would train for far longer than the time limit. */
    static String longJob(String datasetId) {
        return """
                {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "layers": [128, 128],
                 "epochs": 1000, "earlyStopping": false}""".formatted(datasetId);
    }

    @Test
    @Order(1)
    void pastTheQueueCapacityTrainingRequestsGet429WithRetryAfter() {
        datasetId = BadInputSupport.uploadAir(http());
        Http.Response first = http().postJson("/api/v1/models/slow/training-jobs", longJob(datasetId));
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        running = first.json().get("id").asString();
        Http.Response second = http().postJson("/api/v1/models/slow/training-jobs", longJob(datasetId));
        assertThat(second.status()).as(second.body()).isEqualTo(202);
        queued = second.json().get("id").asString();

        Map<String, String> before = BadInputSupport.snapshot(DATA_DIR);
        Http.Response third = http().postJson("/api/v1/models/slow/training-jobs", longJob(datasetId));
        assertProblem(third, 429, "queue is full", "retry");
        assertThat(third.header("Retry-After")).isNotBlank().matches("\\d+");
        // the one-call upload is refused the same way, and its CSV is not kept
        Http.Response upload = http().postMultipart("/api/v1/models/slow/training-jobs", Map.of("file", sample("AirPassengers.csv"),
                "spec", "{\"target\": \"value\", \"horizon\": 12}"));
        assertProblem(upload, 429, "queue is full");
        assertThat(upload.header("Retry-After")).isNotBlank();
        assertThat(http().get("/api/v1/training-jobs").json().size()).isEqualTo(2);
        assertThat(http().get("/api/v1/datasets").json().size()).isEqualTo(1);
        assertThat(BadInputSupport.snapshot(DATA_DIR).keySet()).isEqualTo(before.keySet());
    }

    @Test
    @Order(2)
    void aJobOverTheTimeLimitFailsWithAClearError() {
        assertThat(http().delete("/api/v1/training-jobs/" + queued).json().get("status").asString()).isEqualTo("CANCELLED");
        JsonNode job = BadInputSupport.awaitJob(http(), running, Duration.ofSeconds(90));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.get("error").asString()).contains("time limit").contains("foresight.training.job-timeout");
        assertThat(job.get("progress").get("epoch").asInt()).isLessThan(1000);
        assertThat(http().get("/api/v1/models").json().size()).as("nothing was registered").isZero();
    }

    @Test
    @Order(3)
    void theQueueAcceptsJobsAgainAndTheServiceIsHealthy() {
        Http.Response again = http().postJson("/api/v1/models/slow/training-jobs", longJob(datasetId));
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(http().delete("/api/v1/training-jobs/" + again.json().get("id").asString()).status()).isEqualTo(200);
        assertThat(management().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertProblem(http().delete("/api/v1/training-jobs/" + running), 409, "already ended");
    }
}
