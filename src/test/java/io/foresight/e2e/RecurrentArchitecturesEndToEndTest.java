package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.ForesightApplication;
import tools.jackson.databind.JsonNode;

/**
 * GRU and BIDIRECTIONAL over real HTTP, as LSTM is: a request naming the architecture trains it, the version is
 * stored (in the service's own network format), served, served again after a restart on the same data directory
 * (loaded from its files), and trained further by a warm start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecurrentArchitecturesEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-e2e-architectures");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"GRU", "BIDIRECTIONAL"})
    void trainsStoresLoadsAndForecastsLikeLstm(String architecture) throws Exception {
        Http http = new Http(port);
        String model = "air-" + architecture.toLowerCase(java.util.Locale.ROOT);
        Http.Response submitted = http.postMultipart("/api/v1/models/" + model + "/training-jobs", Map.of(
                "file", ForecastingEndToEndTest.sample("AirPassengers.csv"),
                "spec", """
                        {"target": "value", "horizon": 12, "architecture": "%s", "layers": [16, 8], "epochs": 30,
                         "dropout": 0.1, "seed": 3}""".formatted(architecture)));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode version = http.get("/api/v1/models/" + model + "/versions/1").json();
        assertThat(version.get("method").asString()).isEqualTo(architecture);
        assertThat(version.get("settings").get("architecture").asString()).isEqualTo(architecture);
        // asked for by name, the network is scored against the naive baselines only (no statistical method is
        // fitted at every held-back origin), and the version still has its backtest and calibrated intervals
        assertThat(version.get("candidates").findValuesAsString("method")).containsExactly(architecture, "NAIVE",
                "SEASONAL_NAIVE");
        assertThat(version.get("selection").asString()).contains("requested explicitly");
        assertThat(version.get("backtest").get("naive").get("mase").asDouble()).isPositive();
        assertThat(version.get("backtest").get("seasonalNaive").get("mase").asDouble()).isPositive();
        assertThat(version.get("intervals").isObject()).isTrue();
        Path stored = DATA_DIR.resolve("models").resolve(model).resolve("versions").resolve("1");
        JsonNode configuration = Http.JSON.readTree(Files.readAllBytes(stored.resolve("network-0.json")));
        assertThat(configuration.get("format").asString()).isEqualTo("foresight-recurrent-1");
        assertThat(configuration.get("method").asString()).isEqualTo(architecture);

        Http.Response response = http.postJson("/api/v1/models/" + model + "/forecast", "{\"horizon\": 24, \"levels\": [80]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode forecast = response.json();
        assertThat(forecast.get("method").asString()).isEqualTo(architecture);
        ForecastingEndToEndTest.assertPlausibleAirForecast(forecast, 24);

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(ForesightApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--foresight.data-dir=" + DATA_DIR)) {
            Http again = new Http(Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port")));
            Http.Response reloaded = again.postJson("/api/v1/models/" + model + "/forecast",
                    "{\"horizon\": 24, \"levels\": [80]}");
            assertThat(reloaded.json()).isEqualTo(forecast);
        }

        Http.Response warm = http.postJson("/api/v1/models/" + model + "/training-jobs", """
                {"datasetId": "%s", "target": "value", "warmStartFrom": 1, "epochs": 3}"""
                .formatted(version.get("data").get("datasetId").asString()));
        assertThat(warm.status()).as(warm.body()).isEqualTo(202);
        JsonNode warmJob = ForecastingEndToEndTest.awaitJob(http, warm.json().get("id").asString());
        assertThat(warmJob.get("status").asString()).as(warmJob.toString()).isEqualTo("SUCCEEDED");
        JsonNode child = http.get("/api/v1/models/" + model + "/versions/2").json();
        assertThat(child.get("candidates").findValuesAsString("name")).contains("PARENT_VERSION_1")
                .anyMatch(name -> name.startsWith(architecture + "/"));
    }
}
