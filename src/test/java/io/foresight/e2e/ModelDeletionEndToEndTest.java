package io.foresight.e2e;

import static io.foresight.e2e.MonitoringEndToEndTest.await;
import static io.foresight.e2e.MonitoringEndToEndTest.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Deleting a model ({@code DELETE /models/{name}}) removes what hangs on it: a model that drifts (observations three
 * times its forecast), with anomalies, a forecast ledger and a retraining policy, is deleted and trained again under the
 * same name (a job of it still running is cancelled); the new model has no observations, no live accuracy, no anomalies and no policy, and the old model's
 * per-model gauges and counters are gone from {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelDeletionEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-model-deletion");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("foresight.monitoring.drift-window", () -> "6");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void aDeletedModelTakesItsObservationsLedgerAnomaliesPolicyAndGaugesWithIt() throws Exception {
        Http http = new Http(port);
        train(http, 1);
        JsonNode forecast = http.get("/api/v1/models/air/forecast?horizon=6").json();
        await("the forecast recorded", () -> Files.exists(DATA_DIR.resolve("ledger/air/ledger.log")), Boolean::booleanValue);
        StringBuilder points = new StringBuilder();
        for (JsonNode p : forecast.get("points")) {
            points.append(points.isEmpty() ? "" : ",").append("{\"timestamp\": \"").append(p.get("timestamp").asString())
                    .append("\", \"value\": ").append(p.get("value").asDouble() * 3).append('}');
        }
        assertThat(http.postJson("/api/v1/models/air/observations", "{\"points\": [" + points + "]}").status())
                .isEqualTo(200);
        assertThat(http.putJson("/api/v1/models/air/retraining", "{\"cron\": \"0 0 3 1 1 *\"}").status()).isEqualTo(200);
        await("anomalies flagged", () -> http.get("/api/v1/models/air/anomalies").json().get("total").asInt(), n -> n > 0);
        String before = await("the gauges of the drifting model", this::metrics,
                m -> Double.valueOf(1.0).equals(gauge(m, "forecast_model_drifting", "model=\"air\""))
                        && gauge(m, "forecast_live_mase", "model=\"air\"") != null
                        && gauge(m, "forecast_anomalies_total", "model=\"air\"") != null);
        assertThat(gauge(before, "forecast_model_backtest_mase", "model=\"air\"")).isNotNull();
        assertThat(gauge(before, "forecast_drift_onsets_total", "model=\"air\"")).isEqualTo(1.0);
        assertThat(gauge(before, "forecast_observations_total", "model=\"air\"")).isEqualTo(6.0);

        // a job of the model still running is cancelled, or it would bring the model back
        Http.Response running = http.postJson("/api/v1/models/air/training-jobs", "{\"datasetId\": \""
                + http.get("/api/v1/models/air").json().get("versions").get(0).get("datasetId").asString()
                + "\", \"target\": \"value\", \"horizon\": 6, \"architecture\": \"LSTM\", \"layers\": [64, 64],"
                + " \"epochs\": 1000, \"earlyStopping\": false}");
        assertThat(running.status()).as(running.body()).isEqualTo(202);
        Http.Response deleted = http.delete("/api/v1/models/air");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        JsonNode cancelled = ForecastingEndToEndTest.awaitJob(http, running.json().get("id").asString());
        assertThat(cancelled.get("status").asString()).as(cancelled.toString()).isEqualTo("CANCELLED");
        assertThat(http.get("/api/v1/models/air").status()).isEqualTo(404);
        Http.Response again = http.delete("/api/v1/models/air");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(http.get("/api/v1/models/air/retraining").status()).as("the policy went with the model").isEqualTo(404);
        // a scrape is not atomic: wait until one shows none of the model's meters (fails after 20 s otherwise)
        List<String> perModel = List.of("forecast_live_mase", "forecast_live_coverage", "forecast_model_drifting",
                "forecast_model_backtest_mase", "forecast_model_series", "forecast_drift_onsets_total",
                "forecast_observations_total", "forecast_anomalies_total");
        String after = await("the model's meters gone", this::metrics,
                m -> perModel.stream().allMatch(name -> gauge(m, name, "model=\"air\"") == null));
        assertThat(after.lines().filter(l -> l.contains("model=\"air\""))).as("no meter of the model, timers neither")
                .isEmpty();

        // a new model of the same name starts clean (and goes on from the next version number)
        int version = train(http, 2);
        assertThat(version).as("version numbers are not reused").isEqualTo(2);
        assertThat(http.get("/api/v1/models/air/observations").json().get("total").asInt()).isZero();
        assertThat(http.get("/api/v1/models/air/anomalies").json().get("total").asInt()).isZero();
        JsonNode accuracy = http.get("/api/v1/models/air/accuracy").json();
        assertThat(accuracy.get("versions")).as(accuracy.toString()).isEmpty();
        assertThat(accuracy.get("points")).isEmpty();
        assertThat(http.get("/api/v1/models/air/retraining").status()).isEqualTo(404);
        JsonNode next = http.get("/api/v1/models/air/forecast?horizon=6").json();
        assertThat(next.get("points").get(0).get("timestamp").asString()).as("from the end of the data, not of old"
                + " observations").isEqualTo(forecast.get("points").get(0).get("timestamp").asString());
        String fresh = await("the new model scored", this::metrics,
                m -> gauge(m, "forecast_model_backtest_mase", "model=\"air\"", "version=\"2\"") != null);
        assertThat(gauge(fresh, "forecast_model_drifting", "model=\"air\"")).as("no inherited drift").isIn(null, 0.0);
        assertThat(gauge(fresh, "forecast_drift_onsets_total", "model=\"air\"")).isNull();
    }

    /** Trains model {@code air} on the first 60 months of AirPassengers; returns its version. */
    private static int train(Http http, int expected) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http.postMultipart("/api/v1/models/air/training-jobs", Map.of("file", first60,
                "spec", "{\"target\": \"value\", \"horizon\": 6, \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 10, \"seed\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("version").asInt()).isEqualTo(expected);
        return job.get("version").asInt();
    }

    private String metrics() {
        return new Http(managementPort).get("/actuator/prometheus").body();
    }
}
