package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.ForesightApplication;
import tools.jackson.databind.JsonNode;

/**
 * The whole service over real HTTP: upload, train SimpleRNN / LSTM / multi-feature LSTM, forecast, metrics,
 * and a restart on the same data directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForecastingEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-e2e");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    /** Health and metrics have their own port (management.server.port; random in tests). */
    @LocalManagementPort
    int managementPort;

    Http management() {
        return new Http(managementPort);
    }

    static String airDatasetId;
    static JsonNode lstmForecast;

    Http http() {
        return new Http(port);
    }

    static byte[] sample(String file) throws IOException {
        return Files.readAllBytes(Path.of("sample-data", file));
    }

    static JsonNode awaitJob(Http http, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http.get("/api/v1/training-jobs/" + jobId).json();
            String status = job.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not finish in time");
    }

    @Test
    @Order(1)
    void uploadsAirPassengersAndInfersMonthlyFrequency() throws IOException {
        Http.Response response = http().postMultipart("/api/v1/datasets",
                Map.of("file", sample("AirPassengers.csv"), "name", "air"));
        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        airDatasetId = body.get("id").asString();
        assertThat(response.header("Location")).isEqualTo("/api/v1/datasets/" + airDatasetId);
        assertThat(body.get("rows").asInt()).isEqualTo(144);
        assertThat(body.get("frequency").asString()).isEqualTo("P1M");
        assertThat(body.get("start").asString()).isEqualTo("1949-01-01");
        assertThat(body.get("end").asString()).isEqualTo("1960-12-01");
        assertThat(http().get("/api/v1/datasets/" + airDatasetId).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void trainsSimpleRnnAndForecastsTwelveMonthsFrom1961() throws Exception {
        Http.Response submitted = http().postJson("/api/v1/models/air-rnn/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "SIMPLE_RNN",
                 "layers": [16], "epochs": 40, "seed": 7}""".formatted(airDatasetId));
        assertThat(submitted.status()).isEqualTo(202);
        String jobId = submitted.json().get("id").asString();
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/training-jobs/" + jobId);

        JsonNode job = awaitJob(http(), jobId);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("version").asInt()).isEqualTo(1);
        assertThat(job.get("progress").get("epoch").asInt()).isPositive();
        assertThat(job.get("progress").get("trainWindows").asInt()).isPositive();

        JsonNode forecast = http().get("/api/v1/models/air-rnn/forecast?horizon=12").json();
        assertPlausibleAirForecast(forecast, 12);
        assertThat(forecast.get("method").asString()).isEqualTo("SIMPLE_RNN");
    }

    @Test
    @Order(3)
    void trainsLstmInOneMultipartCallAndForecastsWithIntervals() throws Exception {
        Http.Response submitted = http().postMultipart("/api/v1/models/air-lstm/training-jobs", Map.of(
                "file", sample("AirPassengers.csv"),
                "spec", """
                        {"target": "value", "horizon": 12, "architecture": "LSTM", "layers": [24, 24],
                         "dropout": 0.1, "epochs": 40, "seed": 11}"""));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String jobId = submitted.json().get("id").asString();

        Http.Response events = http().stream("/api/v1/training-jobs/" + jobId + "/events");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.body()).contains("event:end").contains("\"status\":\"SUCCEEDED\"");

        JsonNode model = http().get("/api/v1/models/air-lstm").json();
        JsonNode version = model.get("versions").get(0);
        assertThat(version.get("method").asString()).isEqualTo("LSTM");
        assertThat(model.get("aliases").get("production").asInt()).isEqualTo(1);

        Http.Response response = http().postJson("/api/v1/models/air-lstm/forecast", "{\"horizon\": 24, \"levels\": [80, 95]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        lstmForecast = response.json();
        assertPlausibleAirForecast(lstmForecast, 24);
        for (JsonNode point : lstmForecast.get("points")) {
            double value = point.get("value").asDouble();
            double lower80 = point.get("lower").get("80").asDouble();
            double lower95 = point.get("lower").get("95").asDouble();
            double upper80 = point.get("upper").get("80").asDouble();
            double upper95 = point.get("upper").get("95").asDouble();
            assertThat(lower95).isLessThanOrEqualTo(lower80);
            assertThat(lower80).isLessThanOrEqualTo(value);
            assertThat(upper80).isGreaterThanOrEqualTo(value);
            assertThat(upper95).isGreaterThanOrEqualTo(upper80);
        }
        JsonNode manifest = http().get("/api/v1/models/air-lstm/versions/1").json();
        JsonNode backtest = manifest.get("backtest");
        for (String baseline : new String[] {"model", "naive", "seasonalNaive"}) {
            assertThat(backtest.get(baseline).get("mase").asDouble()).isPositive();
            assertThat(backtest.get(baseline).get("rmse").asDouble()).isGreaterThanOrEqualTo(backtest.get(baseline).get("mae").asDouble());
        }
        assertThat(manifest.get("data").get("sha256").asString()).hasSize(64);
        assertThat(manifest.get("provenance").get("libraries").get("dl4j").asString()).isEqualTo("1.0.0-M2.1");
    }

    @Test
    @Order(4)
    void forecastsFromHistorySentInTheRequest() {
        StringBuilder history = new StringBuilder("[");
        double value = 400;
        for (int month = 1; month <= 12 * 3; month++) {
            int year = 1970 + (month - 1) / 12;
            int m = (month - 1) % 12 + 1;
            history.append(month > 1 ? "," : "").append("{\"timestamp\":\"%d-%02d-01\",\"value\":%.1f}".formatted(year, m, value));
            value *= 1.01;
        }
        history.append("]");
        Http.Response response = http().postJson("/api/v1/models/air-lstm/forecast",
                "{\"horizon\": 6, \"history\": " + history + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode points = response.json().get("points");
        assertThat(points).hasSize(6);
        assertThat(points.get(0).get("timestamp").asString()).isEqualTo("1973-01-01");
        assertThat(points.get(5).get("timestamp").asString()).isEqualTo("1973-06-01");
    }

    @Test
    @Order(5)
    void trainsMultiFeatureLstmOnEuStockMarkets() throws Exception {
        Http.Response upload = http().postMultipart("/api/v1/datasets", Map.of("file", sample("EuStockMarkets.csv")));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();
        Http.Response submitted = http().postJson("/api/v1/models/dax/training-jobs", """
                {"datasetId": "%s", "target": "DAX", "features": ["SMI", "CAC", "FTSE"], "horizon": 14,
                 "architecture": "LSTM", "layers": [16], "epochs": 8, "batchSize": 64}""".formatted(datasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode manifest = http().get("/api/v1/models/dax/versions/1").json();
        assertThat(manifest.get("data").get("features").toString()).isEqualTo("[\"SMI\",\"CAC\",\"FTSE\"]");
        assertThat(manifest.get("scaler").get("scale").size()).isEqualTo(4);

        JsonNode forecast = http().get("/api/v1/models/dax/forecast?horizon=20").json();
        assertThat(forecast.get("points")).hasSize(20);
        for (JsonNode point : forecast.get("points")) {
            // the DAX ended 1998 near 5,500; anything far outside means the scaling was not inverted
            assertThat(point.get("value").asDouble()).isBetween(2000.0, 10000.0);
        }
    }

    @Test
    @Order(6)
    void prometheusShowsTheServiceMeters() {
        Http.Response response = management().get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("forecast_requests_seconds_count{model=\"air-lstm\",outcome=\"success\"")
                .contains("forecast_training_jobs_total{outcome=\"succeeded\"}")
                .contains("forecast_training_seconds_count")
                .contains("forecast_training_jobs_active")
                .contains("forecast_models_registered 3.0")
                .contains("forecast_model_backtest_mase{model=\"air-lstm\",version=\"1\"}");
        // the start-up training warm-up (on by default) finished before the first job ran: its duration, no longer NaN
        assertThat(response.body()).containsPattern("(?m)^forecast_training_warm_up_seconds [0-9]+\\.[0-9]+(E-?[0-9]+)?$");
        assertThat(management().get("/actuator/env").status()).isEqualTo(404);
        assertThat(management().get("/actuator/heapdump").status()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void aRestartOnTheSameDataDirectoryListsAndServesTheModels() {
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(ForesightApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--foresight.data-dir=" + DATA_DIR)) {
            int restartedPort = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));
            Http again = new Http(restartedPort);
            JsonNode models = again.get("/api/v1/models").json();
            assertThat(models.findValuesAsString("name")).containsExactly("air-lstm", "air-rnn", "dax");
            Http.Response response = again.postJson("/api/v1/models/air-lstm/forecast", "{\"horizon\": 24, \"levels\": [80, 95]}");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json()).isEqualTo(lstmForecast);
            JsonNode jobs = again.get("/api/v1/training-jobs").json();
            assertThat(jobs.size()).isEqualTo(3);
        }
    }

    @Test
    @Order(8)
    void theSameDataSpecAndSeedGiveTheSameForecastBitForBit() throws Exception {
        String spec = """
                {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "layers": [16],
                 "dropout": 0.2, "epochs": 12, "seed": 5}""".formatted(airDatasetId);
        JsonNode[] forecasts = new JsonNode[2];
        for (int i = 0; i < 2; i++) {
            Http.Response submitted = http().postJson("/api/v1/models/repro-" + i + "/training-jobs", spec);
            JsonNode job = awaitJob(http(), submitted.json().get("id").asString());
            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            forecasts[i] = http().get("/api/v1/models/repro-" + i + "/forecast?horizon=12").json().get("points");
        }
        assertThat(forecasts[1]).isEqualTo(forecasts[0]);
        JsonNode other = http().postJson("/api/v1/models/repro-other/training-jobs", spec.replace("\"seed\": 5", "\"seed\": 6"))
                .json();
        assertThat(awaitJob(http(), other.get("id").asString()).get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode otherSeed = http().get("/api/v1/models/repro-other/forecast?horizon=12").json().get("points");
        assertThat(otherSeed).isNotEqualTo(forecasts[0]);
    }

    @Test
    @Order(9)
    void aWarmStartTrainsTheParentsNetworksFurtherAndIsComparedWithIt() throws Exception {
        Http.Response submitted = http().postJson("/api/v1/models/air-lstm/training-jobs", """
                {"datasetId": "%s", "target": "value", "warmStartFrom": 1, "epochs": 5}""".formatted(airDatasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode child = http().get("/api/v1/models/air-lstm/versions/" + job.get("version").asInt()).json();
        JsonNode parent = http().get("/api/v1/models/air-lstm/versions/1").json();
        assertThat(child.get("provenance").get("parentVersion").asInt()).isEqualTo(1);
        assertThat(child.get("settings").get("layers")).isEqualTo(parent.get("settings").get("layers"));
        assertThat(child.get("candidates").findValuesAsString("name")).contains("PARENT_VERSION_1");

        Http.Response unknown = http().postJson("/api/v1/models/air-lstm/training-jobs", """
                {"datasetId": "%s", "target": "value", "warmStartFrom": 99}""".formatted(airDatasetId));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("warmStartFrom").contains("99");
    }

    @Test
    @Order(10)
    void aSeriesTooShortForANetworkIsForecastByTheBestStatisticalMethod() throws Exception {
        // 4.5 years of monthly data and a 24-month horizon: too few points for network windows (57 needed);
        // US accidental deaths 1973-01..1977-06 (R's USAccDeaths, strongly seasonal)
        java.util.List<String> lines = Files.readAllLines(Path.of("benchmark", "heldout", "series", "USAccDeaths.csv"));
        byte[] csv = (String.join("\n", lines.subList(0, 55)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Http.Response upload = http().postMultipart("/api/v1/datasets", Map.of("file", csv, "name", "deaths-short"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();

        Http.Response lstm = http().postJson("/api/v1/models/deaths-short/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 24, "architecture": "LSTM"}""".formatted(datasetId));
        assertThat(lstm.status()).as(lstm.body()).isEqualTo(400);
        assertThat(lstm.json().get("detail").asString()).contains("54 points").contains("a network needs at least 57")
                .contains("AUTO");

        Http.Response submitted = http().postJson("/api/v1/models/deaths-short/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 24}""".formatted(datasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode version = http().get("/api/v1/models/deaths-short/versions/1").json();
        // one statistical method, or (none clearly better than the next on the rolling origins) a combination of them
        assertThat(version.get("method").asString()).isIn("NAIVE", "SEASONAL_NAIVE", "THETA", "DAMPED", "HOLT_WINTERS", "AUTOREGRESSIVE",
                "ETS", "COMBINATION");
        assertThat(version.get("selection").asString()).contains("too short for a network");
        assertThat(version.get("members")).isEmpty();
        assertThat(version.get("candidates").findValuesAsString("method")).doesNotContain("LSTM", "SIMPLE_RNN")
                .contains("NAIVE", "SEASONAL_NAIVE", "THETA", "DAMPED", "AUTOREGRESSIVE", "ETS");

        Http.Response response = http().postJson("/api/v1/models/deaths-short/forecast", "{\"horizon\": 24, \"levels\": [80, 95]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode points = response.json().get("points");
        assertThat(points).hasSize(24);
        assertThat(points.get(0).get("timestamp").asString()).isEqualTo("1977-07-01");
        for (JsonNode point : points) {
            // 1973-1978 ranged about 6,900..11,300 deaths a month
            assertThat(point.get("value").asDouble()).isBetween(5000.0, 14000.0);
            assertThat(point.get("lower").get("95").asDouble()).isLessThan(point.get("value").asDouble());
            assertThat(point.get("upper").get("95").asDouble()).isGreaterThan(point.get("value").asDouble());
        }

        // from history sent in the request: three seasons are enough for every statistical method
        assertThat(version.get("backtest").get("seasonalPeriod").asInt()).isEqualTo(12);
        Http.Response enough = http().postJson("/api/v1/models/deaths-short/forecast",
                "{\"horizon\": 6, \"history\": " + monthlyHistory(lines, 19, 36) + "}");
        assertThat(enough.status()).as(enough.body()).isEqualTo(200);
        assertThat(enough.json().get("points").get(0).get("timestamp").asString()).isEqualTo("1977-07-01");
    }

    @Test
    @Order(11)
    void autoAveragesThreeSeedsPerNetworkCandidateAndIsReproducible() throws Exception {
        String spec = """
                {"datasetId": "%s", "target": "value", "horizon": 12, "epochs": 15, "seed": 7}""".formatted(airDatasetId);
        JsonNode[] forecasts = new JsonNode[2];
        JsonNode version = null;
        for (int i = 0; i < 2; i++) {
            Http.Response submitted = http().postJson("/api/v1/models/auto-" + i + "/training-jobs", spec);
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            JsonNode job = awaitJob(http(), submitted.json().get("id").asString());
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            forecasts[i] = http().get("/api/v1/models/auto-" + i + "/forecast?horizon=12").json().get("points");
            version = http().get("/api/v1/models/auto-" + i + "/versions/1").json();
        }
        assertThat(forecasts[1]).isEqualTo(forecasts[0]);
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        int networks = 0;
        for (JsonNode candidate : version.get("candidates")) {
            String method = candidate.get("method").asString();
            if (method.equals("LSTM") || method.equals("SIMPLE_RNN")) {
                networks++;
                assertThat(candidate.get("seeds")).as(candidate.toString()).hasSize(3);
                candidate.get("seeds").forEach(seed -> seeds.add(seed.asLong()));
                assertThat(candidate.get("name").asString()).contains("seeds [");
            }
        }
        assertThat(networks).isGreaterThanOrEqualTo(2);
        assertThat(seeds).as("every network its own seed").hasSize(3 * networks);
        // a version forecasting with networks stores all three of each chosen candidate
        assertThat(version.get("members").size() % 3).isZero();
        assertPlausibleAirForecast(http().get("/api/v1/models/auto-0/forecast?horizon=12").json(), 12);
        // AirPassengers' AUTO version forecasts with networks (SIMPLE_RNN): the premise of the warm start below
        assertThat(version.get("members")).as(version.get("selection").asString()).isNotEmpty();
        // a warm start trains each of those networks further, one candidate per network
        Http.Response warm = http().postJson("/api/v1/models/auto-1/training-jobs", """
                {"datasetId": "%s", "target": "value", "warmStartFrom": 1, "epochs": 3}""".formatted(airDatasetId));
        assertThat(warm.status()).as(warm.body()).isEqualTo(202);
        JsonNode job = awaitJob(http(), warm.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode child = http().get("/api/v1/models/auto-1/versions/2").json();
        assertThat(child.get("candidates").findValuesAsString("name")).contains("PARENT_VERSION_1");
        long networkCandidates = 0;
        for (JsonNode candidate : child.get("candidates")) {
            String method = candidate.get("method").asString();
            boolean parent = candidate.get("name").asString().startsWith("PARENT_VERSION_");
            if (!parent && (method.equals("LSTM") || method.equals("SIMPLE_RNN"))) {
                networkCandidates++;
                assertThat(candidate.get("seeds")).hasSize(1);
            }
        }
        assertThat(networkCandidates).isEqualTo(version.get("members").size());
    }

    /** {@code count} rows of a CSV's lines from row {@code from} (1 = the first data row) as a JSON history. */
    @Test
    @Order(12)
    void aCyclicalSeriesGetsFiniteIntervalsEvenWhenAHeldBackForecastFallsBelowZero() throws Exception {
        // R's lynx (annual trappings 1821-1934, positive, a deep ten-year cycle): the autoregression's held-back
        // forecasts reach below zero, where log-scale errors are unbounded; the intervals fall back to the level
        byte[] csv = Files.readAllBytes(Path.of("benchmark", "heldout", "series", "lynx.csv"));
        Http.Response upload = http().postMultipart("/api/v1/datasets", Map.of("file", csv, "name", "lynx"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http().postJson("/api/v1/models/lynx/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 6}""".formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        Http.Response response = http().postJson("/api/v1/models/lynx/forecast", "{\"horizon\": 6, \"levels\": [80, 95]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (JsonNode point : response.json().get("points")) {
            double value = point.get("value").asDouble();
            // the series ranges 39..6991
            assertThat(value).as(point.toString()).isBetween(0.0, 7000.0);
            for (String level : new String[] {"80", "95"}) {
                assertThat(point.get("lower").get(level).isNumber()).as(point.toString()).isTrue();
                assertThat(point.get("upper").get(level).isNumber()).as(point.toString()).isTrue();
                // a positive series' bounds stay at or above zero
                assertThat(point.get("lower").get(level).asDouble()).as(point.toString()).isBetween(0.0, value);
                assertThat(point.get("upper").get(level).asDouble()).as(point.toString()).isBetween(value, 20000.0);
            }
        }
    }

    private static String monthlyHistory(java.util.List<String> lines, int from, int count) {
        StringBuilder history = new StringBuilder("[");
        for (int i = from; i < from + count; i++) {
            String[] cells = lines.get(i).split(",");
            history.append(i > from ? "," : "").append("{\"timestamp\":\"%s\",\"value\":%s}".formatted(cells[0], cells[1]));
        }
        return history.append("]").toString();
    }

    static void assertPlausibleAirForecast(JsonNode forecast, int horizon) {
        JsonNode points = forecast.get("points");
        assertThat(points).hasSize(horizon);
        assertThat(points.get(0).get("timestamp").asString()).isEqualTo("1961-01-01");
        assertThat(points.get(11).get("timestamp").asString()).isEqualTo("1961-12-01");
        for (JsonNode point : points) {
            // 1960 ranged 390..622 passengers (thousands); a sane 1961 forecast stays near that
            assertThat(point.get("value").asDouble()).isBetween(300.0, 900.0);
        }
    }
}
