package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
 * Scheduled retraining of a many-series model over real HTTP: a panel of four monthly series (2015-01 to 2018-12, plus
 * one too short) takes observations for three of them (three, one and two months); the policy's run trains on a new
 * long-format dataset with the model's id columns that holds each series' observations after its own end, and the new
 * version forecasts each series from after its latest observation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManySeriesRetrainingEndToEndTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", TestDataDir.create("foresight-panel-retraining")::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void aManySeriesModelRetrainsOnItsDatasetAndEachSeriesObservations() throws InterruptedException {
        Http http = new Http(port);
        Http.Response submitted = http.postMultipart("/api/v1/models/stores/training-jobs?idColumns=store,item",
                Map.of("file", ObservationsEndToEndTest.panel(), "spec", "{\"target\": \"sales\", \"horizon\": 6}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode first = ForecastingEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        JsonNode original = http.get("/api/v1/datasets/" + first.get("datasetId").asString()).json();

        Http.Response added = http.postMultipart("/api/v1/models/stores/observations", Map.of("file",
                ("date,store,item,sales\n2019-01-01,1,2,150\n2019-02-01,1,2,160\n2019-03-01,1,2,155\n"
                        + "2019-01-01,2,1,230\n2019-01-01,2,2,260\n2019-02-01,2,2,262\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("points").asInt()).isEqualTo(6);

        Http.Response policy = http.putJson("/api/v1/models/stores/retraining", "{\"cron\": \"*/2 * * * * *\"}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        String jobId = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (jobId == null && Instant.now().isBefore(deadline)) {
            JsonNode lastRun = http.get("/api/v1/models/stores/retraining").json().get("lastRun");
            if (lastRun != null && !lastRun.isNull()) {
                assertThat(lastRun.get("error").isNull()).as(lastRun.toString()).isTrue();
                jobId = lastRun.get("jobId").isNull() ? null : lastRun.get("jobId").asString();
            }
            Thread.sleep(200);
        }
        assertThat(jobId).as("a scheduled run").isNotNull();
        JsonNode job = ForecastingEndToEndTest.awaitJob(http, jobId);
        assertThat(http.delete("/api/v1/models/stores/retraining").status()).isEqualTo(204);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("trigger").asString()).isEqualTo("schedule");

        String retrained = job.get("datasetId").asString();
        assertThat(retrained).isNotEqualTo(original.get("id").asString());
        JsonNode dataset = http.get("/api/v1/datasets/" + retrained).json();
        assertThat(dataset.get("idColumns").toString()).isEqualTo("[\"store\",\"item\"]");
        assertThat(dataset.get("series").asInt()).isEqualTo(original.get("series").asInt());
        assertThat(dataset.get("rows").asInt()).isEqualTo(original.get("rows").asInt() + 6);
        assertThat(dataset.get("end").asString()).isEqualTo("2019-03-01");
        Map<String, String> ends = Map.of("1/1", "2018-12-01", "1/2", "2019-03-01", "2/1", "2019-01-01", "2/2",
                "2019-02-01", "3/9", "2015-07-01");
        for (JsonNode s : http.get("/api/v1/datasets/" + retrained + "/series?size=10").json().get("series")) {
            assertThat(s.get("end").asString()).as(s.toString()).isEqualTo(ends.get(s.get("id").asString()));
        }
        int version = job.get("version").asInt();
        assertThat(version).isEqualTo(2);
        JsonNode manifest = http.get("/api/v1/models/stores/versions/2").json();
        assertThat(manifest.get("data").get("datasetId").asString()).isEqualTo(retrained);
        assertThat(manifest.get("data").get("end").asString()).isEqualTo("2019-03-01");

        JsonNode batch = http.postJson("/api/v1/models/stores/forecast",
                "{\"horizon\": 3, \"version\": 2, \"series\": [\"1/1\", \"1/2\", \"2/1\", \"2/2\"]}").json();
        List<String> starts = List.of("2019-01-01", "2019-04-01", "2019-02-01", "2019-03-01");
        for (int i = 0; i < starts.size(); i++) {
            JsonNode series = batch.get("series").get(i);
            assertThat(series.get("points").get(0).get("timestamp").asString()).as(series.get("id").asString())
                    .isEqualTo(starts.get(i));
        }
    }
}
