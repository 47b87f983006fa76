package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
 * New observations over real HTTP: a model trained on the first 60 months of AirPassengers takes the next months as
 * observations (JSON and CSV), its forecast from the end of the data then starts after them, bad batches change
 * nothing, a restarted service keeps them, the counter counts them; and a many-series model takes a CSV of several
 * series at once, all or nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservationsEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-observations");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    static List<String> lines;
    static JsonNode forecastBefore;
    static JsonNode forecastAfter;

    Http http() {
        return new Http(port);
    }

    /** Row {@code i} (0-based, after the header) of AirPassengers.csv: {timestamp, value}. */
    static String[] air(int i) {
        return lines.get(i + 1).split(",");
    }

    @Test
    @Order(1)
    void trainsOnTheFirstSixtyMonths() throws IOException, InterruptedException {
        lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http().postMultipart("/api/v1/models/air60/training-jobs", Map.of("file", first60,
                "spec", "{\"target\": \"value\", \"horizon\": 6, \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 15, \"seed\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        forecastBefore = http().get("/api/v1/models/air60/forecast?horizon=12").json();
        assertThat(forecastBefore.get("points").get(0).get("timestamp").asString()).isEqualTo("1954-01-01");
        assertThat(http().get("/api/v1/models/air60/observations").json().get("total").asInt()).isZero();
    }

    @Test
    @Order(2)
    void observationsMoveTheForecastOriginAndItSlidesItsWindowOverThem() {
        StringBuilder points = new StringBuilder();
        for (int i = 60; i < 66; i++) {
            points.append(i == 60 ? "" : ",").append("{\"timestamp\": \"").append(air(i)[0]).append("\", \"value\": ")
                    .append(air(i)[1]).append('}');
        }
        Http.Response added = http().postJson("/api/v1/models/air60/observations", "{\"points\": [" + points + "]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("points").asInt()).isEqualTo(6);
        assertThat(added.json().get("version").asInt()).isEqualTo(1);

        forecastAfter = http().get("/api/v1/models/air60/forecast?horizon=12").json();
        JsonNode after = forecastAfter.get("points");
        assertThat(after.get(0).get("timestamp").asString()).isEqualTo("1954-07-01");
        // the same months forecast from six more actual values are not the same numbers
        assertThat(after.get(0).get("value").asDouble()).isNotEqualTo(forecastBefore.get("points").get(6).get("value")
                .asDouble());

        // exactly the forecast from history = the last points of training data + observations (the stored tail's length)
        int tail = http().get("/api/v1/models/air60/versions/1").json().get("tail").get("timestamps").size();
        StringBuilder history = new StringBuilder();
        for (int i = 66 - tail; i < 66; i++) {
            history.append(i == 66 - tail ? "" : ",").append("{\"timestamp\": \"").append(air(i)[0])
                    .append("\", \"value\": ").append(air(i)[1]).append('}');
        }
        JsonNode fromHistory = http().postJson("/api/v1/models/air60/forecast", "{\"horizon\": 12, \"history\": ["
                + history + "]}").json();
        for (int k = 0; k < 12; k++) {
            assertThat(after.get(k).get("timestamp").asString())
                    .isEqualTo(fromHistory.get("points").get(k).get("timestamp").asString());
            assertThat(after.get(k).get("value").asDouble())
                    .isCloseTo(fromHistory.get("points").get(k).get("value").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    @Order(3)
    void aBadBatchIsA400ThatNamesItsProblemsAndStoresNothing() {
        Http.Response duplicate = http().postJson("/api/v1/models/air60/observations", """
                {"points": [{"timestamp": "1954-07-01", "value": 302}, {"timestamp": "1954-07-01", "value": 264},
                 {"timestamp": "1954-08-15", "value": 293}]}""");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
        assertThat(duplicate.json().get("detail").asString()).contains("nothing was stored")
                .contains("points[1]: timestamp 1954-07-01 is a duplicate")
                .contains("points[2]: timestamp 1954-08-15 is not on the model's grid");

        Http.Response known = http().postJson("/api/v1/models/air60/observations",
                "{\"points\": [{\"timestamp\": \"1954-06-01\", \"value\": 1}]}");
        assertThat(known.status()).isEqualTo(400);
        assertThat(known.json().get("detail").asString()).contains("at or before the last known one, 1954-06-01");

        Http.Response notFinite = http().postJson("/api/v1/models/air60/observations",
                "{\"points\": [{\"timestamp\": \"1954-07-01\", \"value\": null}]}");
        assertThat(notFinite.status()).isEqualTo(400);
        assertThat(http().postJson("/api/v1/models/air60/observations",
                "{\"series\": \"1/1\", \"points\": [{\"timestamp\": \"1954-07-01\", \"value\": 1}]}").status()).isEqualTo(400);

        assertThat(http().get("/api/v1/models/air60/observations").json().get("total").asInt()).isEqualTo(6);
        assertThat(http().get("/api/v1/models/air60/forecast?horizon=12").json()).isEqualTo(forecastAfter);
    }

    @Test
    @Order(4)
    void aCsvInTheDatasetsFormatAppendsAndTheListingPages() {
        byte[] csv = ("timestamp,value\n" + lines.get(67) + "\n" + lines.get(68) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response added = http().postMultipart("/api/v1/models/air60/observations", Map.of("file", csv));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("points").asInt()).isEqualTo(2);

        JsonNode page = http().get("/api/v1/models/air60/observations?page=1&size=5").json();
        assertThat(page.get("total").asInt()).isEqualTo(8);
        assertThat(page.get("points")).hasSize(3);
        assertThat(page.get("points").get(2).get("timestamp").asString()).isEqualTo("1954-08-01");
        assertThat(page.get("points").get(2).get("value").asDouble()).isEqualTo(Double.parseDouble(air(67)[1]));
        assertThat(http().get("/api/v1/models/air60/forecast?horizon=3").json().get("points").get(0).get("timestamp")
                .asString()).isEqualTo("1954-09-01");
    }

    @Test
    @Order(5)
    void replaceRewritesStoredObservationsFromItsFirstTimestamp() {
        Http.Response replaced = http().postJson("/api/v1/models/air60/observations", """
                {"replace": true, "points": [{"timestamp": "1954-08-01", "value": 300}]}""");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        JsonNode page = http().get("/api/v1/models/air60/observations?page=1&size=5").json();
        assertThat(page.get("total").asInt()).isEqualTo(8);
        assertThat(page.get("points").get(2).get("value").asDouble()).isEqualTo(300.0);
        Http.Response back = http().postJson("/api/v1/models/air60/observations", """
                {"replace": true, "points": [{"timestamp": "1954-08-01", "value": %s}]}""".formatted(air(67)[1]));
        assertThat(back.status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void theCounterCountsStoredObservations() {
        String metrics = new Http(managementPort).get("/actuator/prometheus").body();
        assertThat(metrics).contains("forecast_observations_total{model=\"air60\"} 10.0");
    }

    @Test
    @Order(7)
    void aRestartedServiceOnTheSameDirectoryKeepsThem() {
        JsonNode forecast = http().get("/api/v1/models/air60/forecast?horizon=6").json();
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(ForesightApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--foresight.data-dir=" + DATA_DIR)) {
            Http again = new Http(Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port")));
            assertThat(again.get("/api/v1/models/air60/observations").json().get("total").asInt()).isEqualTo(8);
            assertThat(again.get("/api/v1/models/air60/forecast?horizon=6").json()).isEqualTo(forecast);
            // what one replica stores, the other forecasts from
            byte[] csv = ("timestamp,value\n" + lines.get(69) + "\n").getBytes(StandardCharsets.UTF_8);
            assertThat(again.postMultipart("/api/v1/models/air60/observations", Map.of("file", csv)).status())
                    .isEqualTo(200);
        }
        assertThat(http().get("/api/v1/models/air60/forecast?horizon=6").json().get("points").get(0).get("timestamp")
                .asString()).isEqualTo("1954-10-01");
    }

    /** Stores 1..2 x items 1..2, monthly, 48 points from 2015-01, plus item 9 of store 3 (too short to train). */
    static byte[] panel() {
        Random random = new Random(11);
        List<String> rows = new ArrayList<>();
        for (int store = 1; store <= 2; store++) {
            for (int item = 1; item <= 2; item++) {
                for (int t = 0; t < 48; t++) {
                    double value = (100 * store + 20 * item) * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12))
                            * (1 + 0.03 * random.nextGaussian());
                    rows.add(store + "," + item + "," + LocalDate.of(2015, 1, 1).plusMonths(t) + ","
                            + String.format(java.util.Locale.ROOT, "%.2f", value));
                }
            }
        }
        for (int t = 0; t < 7; t++) {
            rows.add("3,9," + LocalDate.of(2015, 1, 1).plusMonths(t) + "," + (50 + t));
        }
        return ("store,item,date,sales\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Order(8)
    void aManySeriesModelTakesACsvOfSeveralSeriesAllOrNothing() throws InterruptedException {
        Http.Response submitted = http().postMultipart("/api/v1/models/stores/training-jobs?idColumns=store,item",
                Map.of("file", panel(), "spec", "{\"target\": \"sales\", \"horizon\": 6}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode before = http().get("/api/v1/models/stores/series/1%2F2/forecast?horizon=3").json();
        assertThat(before.get("points").get(0).get("timestamp").asString()).isEqualTo("2019-01-01");

        // one good series and one unknown: nothing is stored
        Http.Response unknown = http().postMultipart("/api/v1/models/stores/observations", Map.of("file",
                "store,item,date,sales\n1,2,2019-01-01,150\n9,9,2019-01-01,1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("series '9/9' is not a series of model 'stores'");
        assertThat(http().get("/api/v1/models/stores/observations?series=1/2").json().get("total").asInt()).isZero();
        assertThat(http().get("/api/v1/models/stores/observations").status()).isEqualTo(400);
        assertThat(http().postJson("/api/v1/models/stores/observations",
                "{\"points\": [{\"timestamp\": \"2019-01-01\", \"value\": 1}]}").status()).isEqualTo(400);

        Http.Response added = http().postMultipart("/api/v1/models/stores/observations", Map.of("file",
                "date,store,item,sales\n2019-01-01,1,2,150\n2019-01-01,2,1,230\n2019-02-01,1,2,160\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("points").asInt()).isEqualTo(3);
        assertThat(added.json().get("series").asInt()).isEqualTo(2);

        JsonNode one = http().get("/api/v1/models/stores/series/1%2F2/forecast?horizon=3").json();
        assertThat(one.get("points").get(0).get("timestamp").asString()).isEqualTo("2019-03-01");
        JsonNode batch = http().postJson("/api/v1/models/stores/forecast",
                "{\"horizon\": 3, \"series\": [\"1/2\", \"2/1\", \"2/2\"]}").json();
        assertThat(batch.get("series").get(0).get("points").get(0).get("timestamp").asString()).isEqualTo("2019-03-01");
        assertThat(batch.get("series").get(1).get("points").get(0).get("timestamp").asString()).isEqualTo("2019-02-01");
        assertThat(batch.get("series").get(2).get("points").get(0).get("timestamp").asString()).isEqualTo("2019-01-01");

        Http.Response json = http().postJson("/api/v1/models/stores/observations",
                "{\"series\": \"2/2\", \"points\": [{\"timestamp\": \"2019-01-01\", \"value\": 260}]}");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        Http.Response noModel = http().postJson("/api/v1/models/stores/observations",
                "{\"series\": \"3/9\", \"points\": [{\"timestamp\": \"2015-08-01\", \"value\": 57}]}");
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.json().get("detail").asString()).contains("series '3/9' has no model");
    }
}
