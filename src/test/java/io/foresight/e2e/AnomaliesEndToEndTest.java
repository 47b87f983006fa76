package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Anomalies over real HTTP: a model trained on the first 60 months of AirPassengers (horizon 6) takes observations
 * that follow its forecast (none flagged) and a spike (flagged at the 99 % interval of its one-step-ahead forecast,
 * listed, counted on the management port); {@code anomalies:detect} flags a spike in a batch and stores nothing; a
 * many-series model is checked per series; a check lost to a crash is made at the next start-up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnomaliesEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-anomalies");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    Http http() {
        return new Http(port);
    }

    /** The next step's forecast at the 99 % level: timestamp, value, lower, upper. */
    JsonNode next() {
        Http.Response forecast = http().get("/api/v1/models/air/forecast?horizon=1&levels=99");
        assertThat(forecast.status()).as(forecast.body()).isEqualTo(200);
        return forecast.json().get("points").get(0);
    }

    /** The anomalies once the background check has covered the observations up to {@code timestamp}. */
    JsonNode checkedThrough(String timestamp) throws InterruptedException {
        return checkedThrough("/api/v1/models/air/anomalies", timestamp);
    }

    /** The listing at {@code path} once the background check has covered its series up to {@code timestamp}. */
    JsonNode checkedThrough(String path, String timestamp) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode listed = http().get(path).json();
            if (timestamp.equals(listed.get("checkedThrough").asString(null)) || System.nanoTime() > deadline) {
                assertThat(listed.get("checkedThrough").asString(null)).as(listed.toString()).isEqualTo(timestamp);
                return listed;
            }
            Thread.sleep(20);
        }
    }

    static String point(String timestamp, double value) {
        return "{\"timestamp\": \"" + timestamp + "\", \"value\": " + value + "}";
    }

    @Test
    @Order(1)
    void trainsOnTheFirstSixtyMonths() throws IOException, InterruptedException {
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http().postMultipart("/api/v1/models/air/training-jobs", Map.of("file", first60,
                "spec", "{\"target\": \"value\", \"horizon\": 6, \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 15, \"seed\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(http().get("/api/v1/models/air/anomalies").json().get("total").asInt()).isZero();
    }

    @Test
    @Order(2)
    void observationsThatFollowTheForecastAreNotFlaggedAndASpikeIs() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            JsonNode next = next();
            // a little off the forecast, well inside its interval
            double value = next.get("value").asDouble() + 0.1 * (next.get("upper").get("99").asDouble()
                    - next.get("value").asDouble());
            Http.Response added = http().postJson("/api/v1/models/air/observations",
                    "{\"points\": [" + point(next.get("timestamp").asString(), value) + "]}");
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            assertThat(checkedThrough(next.get("timestamp").asString()).get("total").asInt()).isZero();
        }

        JsonNode next = next();
        double expected = next.get("value").asDouble();
        double upper = next.get("upper").get("99").asDouble();
        double spike = expected + 3 * (upper - expected);
        String spikeTime = next.get("timestamp").asString();
        Http.Response added = http().postJson("/api/v1/models/air/observations",
                "{\"points\": [" + point(spikeTime, spike) + "]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);

        JsonNode listed = checkedThrough(spikeTime);
        assertThat(listed.get("total").asInt()).as(listed.toString()).isEqualTo(1);
        JsonNode anomaly = listed.get("anomalies").get(0);
        assertThat(anomaly.get("timestamp").asString()).isEqualTo(spikeTime);
        assertThat(anomaly.get("value").asDouble()).isCloseTo(spike, within(1e-9));
        // the one-step-ahead forecast is the forecast from the end of the data just before the spike arrived
        assertThat(anomaly.get("expected").asDouble()).isCloseTo(expected, within(1e-6));
        assertThat(anomaly.get("upper").asDouble()).isCloseTo(upper, within(1e-6));
        assertThat(anomaly.get("lower").asDouble()).isCloseTo(next.get("lower").get("99").asDouble(), within(1e-6));
        assertThat(anomaly.get("level").asDouble()).isEqualTo(99.0);
        assertThat(anomaly.get("score").asDouble()).isCloseTo(3.0, within(1e-6));
        assertThat(anomaly.get("version").asInt()).isEqualTo(1);

        String metrics = new Http(managementPort).get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("forecast_anomalies_total\\{[^}]*model=\"air\"[^}]*\\} 1\\.0");
    }

    @Test
    @Order(3)
    void detectFlagsASpikeInABatchAndStoresNothing() {
        int observationsBefore = http().get("/api/v1/models/air/observations").json().get("total").asInt();
        JsonNode next = next();
        String first = next.get("timestamp").asString();
        double expected = next.get("value").asDouble();
        // the batch: the forecast itself, then a spike far below, then a month one step later
        String second = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 2}").json().get("points").get(1)
                .get("timestamp").asString();
        String third = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 3}").json().get("points").get(2)
                .get("timestamp").asString();
        Http.Response detected = http().postJson("/api/v1/models/air/anomalies:detect", "{\"points\": ["
                + point(first, expected) + ", " + point(second, 1.0) + ", " + point(third, expected) + "]}");
        assertThat(detected.status()).as(detected.body()).isEqualTo(200);
        JsonNode points = detected.json().get("points");
        assertThat(points.size()).isEqualTo(3);
        assertThat(points.get(0).get("anomaly").asBoolean()).isFalse();
        assertThat(points.get(0).get("score").asDouble()).isCloseTo(0.0, within(1e-6));
        assertThat(points.get(0).get("upper").asDouble()).isCloseTo(next.get("upper").get("99").asDouble(),
                within(1e-6));
        assertThat(points.get(1).get("timestamp").asString()).isEqualTo(second);
        assertThat(points.get(1).get("anomaly").asBoolean()).isTrue();
        assertThat(points.get(1).get("score").asDouble()).isGreaterThan(1.0);
        assertThat(points.get(1).get("lower").asDouble()).isGreaterThan(1.0);

        // nothing stored: the same anomalies, the same observations, the same forecast
        assertThat(http().get("/api/v1/models/air/anomalies").json().get("total").asInt()).isEqualTo(1);
        assertThat(http().get("/api/v1/models/air/observations").json().get("total").asInt())
                .isEqualTo(observationsBefore);
        assertThat(next().get("timestamp").asString()).isEqualTo(first);
    }

    @Test
    @Order(4)
    void detectRefusesPointsThatDoNotFollowTheData() {
        String first = next().get("timestamp").asString();
        String third = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 3}").json().get("points").get(2)
                .get("timestamp").asString();
        Http.Response gap = http().postJson("/api/v1/models/air/anomalies:detect",
                "{\"points\": [" + point(third, 300) + "]}");
        assertThat(gap.status()).isEqualTo(400);
        assertThat(gap.header("Content-Type")).startsWith("application/problem+json");
        assertThat(gap.json().get("detail").asString()).contains("leaves a gap").contains(first);

        Http.Response level = http().postJson("/api/v1/models/air/anomalies:detect",
                "{\"level\": 100, \"points\": [" + point(first, 300) + "]}");
        assertThat(level.status()).isEqualTo(400);
        assertThat(level.json().get("detail").asString()).contains("'level'");

        assertThat(http().postJson("/api/v1/models/air/anomalies:detect",
                "{\"series\": \"1/1\", \"points\": [" + point(first, 300) + "]}").status()).isEqualTo(400);
        assertThat(http().postJson("/api/v1/models/nothing/anomalies:detect",
                "{\"points\": [" + point(first, 300) + "]}").status()).isEqualTo(404);
        assertThat(http().get("/api/v1/models/nothing/anomalies").status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aThousandObservationsAreCheckedWhenStored() throws InterruptedException {
        JsonNode forecast = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 1000}").json()
                .get("points");
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            JsonNode p = forecast.get(i);
            points.append(i == 0 ? "" : ",").append(point(p.get("timestamp").asString(), p.get("value").asDouble()));
        }
        String body = "{\"points\": [" + points + "]}";
        Http.Response detected = null;
        long detect = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) { // the least of three: the first runs colder code
            long start = System.nanoTime();
            detected = http().postJson("/api/v1/models/air/anomalies:detect", body);
            detect = Math.min(detect, System.nanoTime() - start);
            assertThat(detected.status()).as(detected.body()).isEqualTo(200);
        }
        assertThat(detected.json().get("points").size()).isEqualTo(1000);
        long start = System.nanoTime();
        Http.Response added = http().postJson("/api/v1/models/air/observations", body);
        long post = System.nanoTime() - start;
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        long flagged = 0;
        for (JsonNode p : detected.json().get("points")) {
            flagged += p.get("anomaly").asBoolean() ? 1 : 0;
        }
        // what the POST stored and flagged is what the check without storing found
        assertThat(checkedThrough(forecast.get(999).get("timestamp").asString()).get("total").asLong())
                .isEqualTo(1 + flagged);
        long checked = System.nanoTime() - start;
        System.out.printf("1000 points: anomalies:detect %.0f ms, POST observations %.0f ms, checked %.0f ms after the"
                + " POST was sent%n", detect / 1e6, post / 1e6, checked / 1e6);
    }

    @Test
    @Order(6)
    void aManySeriesModelIsCheckedPerSeries() throws InterruptedException {
        Http.Response submitted = http().postMultipart("/api/v1/models/stores/training-jobs?idColumns=store,item",
                Map.of("file", ObservationsEndToEndTest.panel(), "spec", "{\"target\": \"sales\", \"horizon\": 6}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode next = http().get("/api/v1/models/stores/series/1%2F2/forecast?horizon=1&levels=99").json()
                .get("points").get(0);
        assertThat(next.get("timestamp").asString()).isEqualTo("2019-01-01");
        double expected = next.get("value").asDouble();
        double spike = expected + 4 * (next.get("upper").get("99").asDouble() - expected);

        Http.Response detected = http().postJson("/api/v1/models/stores/anomalies:detect", "{\"series\": \"1/2\","
                + " \"points\": [" + point("2019-01-01", expected) + ", " + point("2019-02-01", 1e6) + "]}");
        assertThat(detected.status()).as(detected.body()).isEqualTo(200);
        JsonNode points = detected.json().get("points");
        assertThat(points.get(0).get("anomaly").asBoolean()).isFalse();
        assertThat(points.get(0).get("expected").asDouble()).isCloseTo(expected, within(1e-6));
        assertThat(points.get(1).get("anomaly").asBoolean()).isTrue();
        assertThat(http().postJson("/api/v1/models/stores/anomalies:detect", "{\"series\": \"9/9\", \"points\": ["
                + point("2019-01-01", 1) + "]}").status()).isEqualTo(404);
        assertThat(http().postJson("/api/v1/models/stores/anomalies:detect", "{\"points\": ["
                + point("2019-01-01", 1) + "]}").status()).isEqualTo(400);

        JsonNode other = http().get("/api/v1/models/stores/series/2%2F1/forecast?horizon=1").json().get("points").get(0);
        Http.Response added = http().postMultipart("/api/v1/models/stores/observations", Map.of("file",
                ("store,item,date,sales\n1,2,2019-01-01," + spike + "\n2,1,2019-01-01," + other.get("value").asDouble()
                        + "\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        JsonNode flagged = checkedThrough("/api/v1/models/stores/anomalies?series=1/2", "2019-01-01");
        assertThat(flagged.get("total").asInt()).isEqualTo(1);
        assertThat(flagged.get("anomalies").get(0).get("series").asString()).isEqualTo("1/2");
        assertThat(flagged.get("anomalies").get(0).get("score").asDouble()).isCloseTo(4.0, within(1e-6));
        assertThat(checkedThrough("/api/v1/models/stores/anomalies?series=2/1", "2019-01-01").get("total").asInt())
                .isZero();
        assertThat(http().get("/api/v1/models/stores/anomalies").json().get("total").asInt()).isEqualTo(1);
        assertThat(http().get("/api/v1/models/stores/anomalies?series=9/9").status()).isEqualTo(404);
        String metrics = new Http(managementPort).get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("forecast_anomalies_total\\{[^}]*model=\"stores\"[^}]*\\} 1\\.0");
    }

    @Test
    @Order(7)
    void aCheckLostToACrashIsMadeAtTheNextStartUp() throws IOException, InterruptedException {
        JsonNode before = http().get("/api/v1/models/air/anomalies?size=1000").json();
        assertThat(before.get("total").asInt()).isGreaterThan(0);
        // as if the service had stopped between storing the observations and recording their check
        Files.delete(DATA_DIR.resolve("anomalies").resolve("air").resolve("anomalies.log"));
        assertThat(http().get("/api/v1/models/air/anomalies").json().get("total").asInt()).isZero();
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(ForesightApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--foresight.data-dir=" + DATA_DIR)) {
            Http again = new Http(Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port")));
            long deadline = System.nanoTime() + 30_000_000_000L;
            JsonNode after = again.get("/api/v1/models/air/anomalies?size=1000").json();
            while (!before.get("checkedThrough").equals(after.get("checkedThrough")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                after = again.get("/api/v1/models/air/anomalies?size=1000").json();
            }
            assertThat(after).isEqualTo(before);
        }
    }
}
