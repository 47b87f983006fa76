package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The forecast ledger, live accuracy and drift over real HTTP: a model trained on the first 60 months of AirPassengers
 * (horizon 6) forecasts from its data; the forecast is recorded once however often it is asked for; observations equal
 * to it score a live MASE of about 0 with full coverage (not drifting), and observations far from the next forecast
 * make the version drift, as the accuracy answer and the Prometheus gauges on the management port say.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-monitoring");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("foresight.monitoring.drift-window", () -> "6");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    static JsonNode firstForecast;
    static long ledgerBytes;

    Http http() {
        return new Http(port);
    }

    static Path ledger() {
        return DATA_DIR.resolve("ledger").resolve("air").resolve("ledger.log");
    }

    @Test
    @Order(1)
    void aForecastFromTheDataIsRecordedOnce() throws IOException, InterruptedException {
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http().postMultipart("/api/v1/models/air/training-jobs", Map.of("file", first60,
                "spec", "{\"target\": \"value\", \"horizon\": 6, \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 15, \"seed\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode none = http().get("/api/v1/models/air/accuracy").json();
        assertThat(none.get("versions")).isEmpty();

        firstForecast = http().get("/api/v1/models/air/forecast?horizon=6").json();
        assertThat(firstForecast.get("points").get(0).get("timestamp").asString()).isEqualTo("1954-01-01");
        JsonNode listed = await("the forecast recorded", () -> http().get("/api/v1/models/air/accuracy").json(),
                a -> a.get("versions").size() == 1);
        JsonNode v1 = listed.get("versions").get(0);
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("scoredPoints").asInt()).isZero();
        assertThat(v1.get("drifting").asBoolean()).isFalse();
        assertThat(v1.get("validationMase").asDouble()).isPositive();
        ledgerBytes = Files.size(ledger());
        assertThat(ledgerBytes).isPositive();

        // the same forecast again (and shorter) adds nothing; a forecast sent history is not from the data: not recorded
        for (int i = 0; i < 5; i++) {
            assertThat(http().get("/api/v1/models/air/forecast?horizon=" + (6 - i)).status()).isEqualTo(200);
        }
        StringBuilder history = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            String[] row = lines.get(i).split(",");
            history.append(i == 1 ? "" : ",").append("{\"timestamp\": \"").append(row[0]).append("\", \"value\": ")
                    .append(row[1]).append('}');
        }
        Http.Response fromHistory = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 3, \"history\": ["
                + history + "]}");
        assertThat(fromHistory.status()).as(fromHistory.body()).isEqualTo(200);
        Thread.sleep(1000);
        assertThat(Files.size(ledger())).isEqualTo(ledgerBytes);
    }

    @Test
    @Order(2)
    void observationsThatFollowTheForecastScoreAboutZeroAndDoNotDrift() {
        postObservations(firstForecast, 1.0);
        JsonNode accuracy = await("six points scored", () -> http().get("/api/v1/models/air/accuracy").json(),
                a -> a.get("versions").get(0).get("scoredPoints").asInt() == 6);
        JsonNode v1 = accuracy.get("versions").get(0);
        assertThat(v1.get("mase").asDouble()).isCloseTo(0, offset(1e-4));
        assertThat(v1.get("bias").asDouble()).isCloseTo(0, offset(1e-3));
        assertThat(v1.get("coverage").get("80").asDouble()).isEqualTo(1.0);
        assertThat(v1.get("coverage").get("95").asDouble()).isEqualTo(1.0);
        assertThat(v1.get("drifting").asBoolean()).isFalse();
        assertThat(v1.get("driftReasons")).isEmpty();
        assertThat(accuracy.get("production").asInt()).isEqualTo(1);
        assertThat(accuracy.get("driftRule").get("window").asInt()).isEqualTo(6);

        // the gauges follow the scoring asynchronously, and the drifting gauge is there before any point is scored
        // (0 for a version without scores): wait for every gauge read below, so that a scrape before the scoring of
        // the six points, or between the registrations, is not read as a missing gauge
        String metrics = await("the live gauges", this::metrics,
                m -> gauge(m, "forecast_live_mase", "model=\"air\"", "version=\"1\"") != null
                        && gauge(m, "forecast_live_coverage", "model=\"air\"", "version=\"1\"", "level=\"95\"") != null
                        && gauge(m, "forecast_model_drifting", "model=\"air\"") != null);
        assertThat(gauge(metrics, "forecast_live_mase", "model=\"air\"", "version=\"1\"")).isCloseTo(0, offset(1e-4));
        assertThat(gauge(metrics, "forecast_live_coverage", "model=\"air\"", "version=\"1\"", "level=\"80\"")).isEqualTo(1.0);
        assertThat(gauge(metrics, "forecast_live_coverage", "model=\"air\"", "version=\"1\"", "level=\"95\"")).isEqualTo(1.0);
        assertThat(gauge(metrics, "forecast_model_drifting", "model=\"air\"")).isEqualTo(0.0);
    }

    @Test
    @Order(3)
    void observationsFarFromTheNextForecastMakeTheVersionDrift() {
        JsonNode next = http().get("/api/v1/models/air/forecast?horizon=6").json();
        assertThat(next.get("points").get(0).get("timestamp").asString()).isEqualTo("1954-07-01");
        await("the second forecast recorded", () -> fileSize(ledger()), size -> size > ledgerBytes);
        postObservations(next, 3.0);
        JsonNode accuracy = await("twelve points scored", () -> http().get("/api/v1/models/air/accuracy").json(),
                a -> a.get("versions").get(0).get("scoredPoints").asInt() == 12);
        JsonNode v1 = accuracy.get("versions").get(0);
        assertThat(v1.get("drifting").asBoolean()).isTrue();
        JsonNode recent = v1.get("recent");
        assertThat(recent.get("scoredPoints").asInt()).isEqualTo(6);
        assertThat(recent.get("mase").asDouble()).isGreaterThan(1.5 * v1.get("validationMase").asDouble());
        assertThat(recent.get("coverage").get("95").asDouble()).isZero();
        assertThat(recent.get("bias").asDouble()).isNegative(); // the actual values ran far above the forecast
        assertThat(v1.get("mase").asDouble()).isCloseTo(recent.get("mase").asDouble() / 2, offset(1e-3));
        assertThat(v1.get("coverage").get("80").asDouble()).isEqualTo(0.5);
        assertThat(v1.get("driftReasons").toString()).contains("live MASE").contains("95 % intervals covered 0.000");
        // the points behind the scores: one per month, each from the forecast made just before it, newest last
        JsonNode points = accuracy.get("points");
        assertThat(points).hasSize(12);
        for (int i = 0; i < 6; i++) {
            JsonNode first = points.get(i);
            JsonNode last = points.get(6 + i);
            assertThat(first.get("timestamp").asString()).isEqualTo(firstForecast.get("points").get(i).get("timestamp")
                    .asString());
            assertThat(last.get("timestamp").asString()).isEqualTo(next.get("points").get(i).get("timestamp").asString());
            assertThat(last.get("step").asInt()).isEqualTo(i + 1);
            assertThat(last.get("origin").asString()).isEqualTo("1954-06-01");
            double forecast = next.get("points").get(i).get("value").asDouble();
            assertThat(last.get("forecast").asDouble()).isCloseTo(forecast, offset(1e-3 * Math.abs(forecast) + 1e-3));
            assertThat(last.get("actual").asDouble()).isCloseTo(3 * forecast, offset(1e-6 * Math.abs(forecast)));
            assertThat(last.get("lower").get("80").asDouble()).isLessThan(last.get("upper").get("80").asDouble());
        }

        String metrics = await("the drifting gauge", this::metrics,
                m -> Double.valueOf(1.0).equals(gauge(m, "forecast_model_drifting", "model=\"air\"")));
        assertThat(gauge(metrics, "forecast_live_coverage", "model=\"air\"", "version=\"1\"", "level=\"80\"")).isEqualTo(0.5);
        assertThat(gauge(metrics, "forecast_drift_onsets_total", "model=\"air\"")).isEqualTo(1.0);
    }

    @Test
    @Order(4)
    void badAccuracyRequestsAreClear4xx() {
        Http.Response series = http().get("/api/v1/models/air/accuracy?series=1%2F1");
        assertThat(series.status()).isEqualTo(400);
        assertThat(series.header("Content-Type")).startsWith("application/problem+json");
        assertThat(series.json().get("detail").asString()).contains("forecasts one series");
        Http.Response missing = http().get("/api/v1/models/nosuch/accuracy");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(http().get("/api/v1/models/bad%20name/accuracy").status()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void aManySeriesModelIsScoredPerSeriesOnItsOwnScale() throws InterruptedException {
        Http.Response submitted = http().postMultipart("/api/v1/models/stores/training-jobs?idColumns=store,item",
                Map.of("file", ObservationsEndToEndTest.panel(), "spec", "{\"target\": \"sales\", \"horizon\": 6}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode batch = http().postJson("/api/v1/models/stores/forecast",
                "{\"horizon\": 3, \"series\": [\"1/2\", \"2/1\"]}").json();
        JsonNode first = batch.get("series").get(0);
        assertThat(first.get("id").asString()).isEqualTo("1/2");
        await("the batch recorded", () -> fileSize(DATA_DIR.resolve("ledger/stores/ledger.log")), size -> size > 0);

        StringBuilder points = new StringBuilder();
        for (JsonNode p : first.get("points")) {
            points.append(points.isEmpty() ? "" : ",").append("{\"timestamp\": \"").append(p.get("timestamp").asString())
                    .append("\", \"value\": ").append(p.get("value").asDouble()).append('}');
        }
        Http.Response added = http().postJson("/api/v1/models/stores/observations",
                "{\"series\": \"1/2\", \"points\": [" + points + "]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);

        JsonNode one = await("series 1/2 scored", () -> http().get("/api/v1/models/stores/accuracy?series=1%2F2").json(),
                a -> a.get("versions").size() == 1 && a.get("versions").get(0).get("scoredPoints").asInt() == 3);
        assertThat(one.get("series").asString()).isEqualTo("1/2");
        JsonNode v = one.get("versions").get(0);
        assertThat(v.get("mase").asDouble()).isCloseTo(0, offset(1e-4));
        assertThat(v.get("coverage").get("95").asDouble()).isEqualTo(1.0);
        assertThat(v.get("drifting").asBoolean()).as("3 points, fewer than the window of 6").isFalse();
        assertThat(v.get("validationMase").asDouble()).isPositive();
        assertThat(http().get("/api/v1/models/stores/accuracy?series=2%2F1").json().get("versions").get(0)
                .get("scoredPoints").asInt()).isZero();
        assertThat(http().get("/api/v1/models/stores/accuracy").json().get("versions").get(0).get("scoredPoints").asInt())
                .isEqualTo(3);
        assertThat(one.get("points")).hasSize(3);
        assertThat(http().get("/api/v1/models/stores/accuracy").json().get("points")).as("no chart of all series pooled")
                .isEmpty();
        Http.Response empty = http().get("/api/v1/models/stores/accuracy?series=");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asString()).contains("'series' is empty");
    }

    @Test
    @Order(6)
    void aRestartedServiceReadsTheLedgerBackAndScoresAtStartUp() throws InterruptedException {
        JsonNode before = http().get("/api/v1/models/air/accuracy").json();
        // retraining on drift, set after the onset: a restart must not take the drifting version for a new onset
        assertThat(http().putJson("/api/v1/models/air/retraining", "{\"onDrift\": true}").status()).isEqualTo(200);
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(ForesightApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--foresight.data-dir=" + DATA_DIR,
                        "--foresight.monitoring.drift-window=6")) {
            Http again = new Http(Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port")));
            assertThat(again.get("/api/v1/models/air/accuracy").json()).isEqualTo(before);
            Http management = new Http(Integer.parseInt(restarted.getEnvironment().getProperty("local.management.port")));
            // every gauge read below: each model's start-up scoring registers the gauges of all models again, and a
            // scrape can fall between their removal and registration
            String metrics = await("the gauges after a restart", () -> management.get("/actuator/prometheus").body(),
                    m -> gauge(m, "forecast_model_drifting", "model=\"air\"") != null
                            && gauge(m, "forecast_model_drifting", "model=\"stores\"") != null
                            && gauge(m, "forecast_live_coverage", "model=\"air\"", "version=\"1\"", "level=\"80\"") != null);
            assertThat(gauge(metrics, "forecast_model_drifting", "model=\"air\"")).isEqualTo(1.0);
            assertThat(gauge(metrics, "forecast_model_drifting", "model=\"stores\"")).isEqualTo(0.0);
            assertThat(gauge(metrics, "forecast_live_coverage", "model=\"air\"", "version=\"1\"", "level=\"80\""))
                    .isEqualTo(0.5);
            Thread.sleep(1500); // the start-up scoring's events, and the retraining thread that would act on an onset
            metrics = management.get("/actuator/prometheus").body();
            assertThat(gauge(metrics, "forecast_drift_onsets_total", "model=\"air\"")).as("the same drift episode")
                    .isNull();
            assertThat(again.get("/api/v1/models/air/retraining").json().get("lastRun").isNull())
                    .as("no second retraining for the same episode").isTrue();
            assertThat(gauge(metrics(), "forecast_drift_onsets_total", "model=\"air\"")).isEqualTo(1.0);
        }
    }

    /** Posts observations at the forecast's timestamps: its values times {@code factor}. */
    private void postObservations(JsonNode forecast, double factor) {
        StringBuilder points = new StringBuilder();
        for (JsonNode p : forecast.get("points")) {
            points.append(points.isEmpty() ? "" : ",").append("{\"timestamp\": \"").append(p.get("timestamp").asString())
                    .append("\", \"value\": ").append(p.get("value").asDouble() * factor).append('}');
        }
        Http.Response added = http().postJson("/api/v1/models/air/observations", "{\"points\": [" + points + "]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
    }

    private String metrics() {
        return new Http(managementPort).get("/actuator/prometheus").body();
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The value of the sample of {@code name} whose labels include all of {@code labels}, or null. */
    static Double gauge(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        while (m.find()) {
            String found = m.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return null;
    }

    static <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        T last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what + "; last: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }
}
