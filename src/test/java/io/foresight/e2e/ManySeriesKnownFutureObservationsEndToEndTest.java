package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Observations of a many-series model that reads a future feature, over real HTTP: two regions' daily demand (the
 * known-future tests' {@code taylor.csv} per day, at two levels) with a promotion of their own, trained on
 * {@value #TRAINED} days with a plan for the next {@value #PLANNED}. The north's actual values arrive with their
 * promotion (the south's do not): the north's forecast from stored data then starts after them, reads the promotion
 * sent for it as {@code future} and equals its forecast from the same rows sent as history, while the south still
 * forecasts from its stored plan; a retraining trains each region on its rows, its observations and the rest of its
 * plan.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManySeriesKnownFutureObservationsEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-many-known-future-observations");
    static final List<String> REGIONS = List.of("north", "south");
    static final double[] LEVELS = {1.0, 0.6};
    static final int TRAINED = 63;
    static final int PLANNED = 7;
    static final int HORIZON = 7;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static final List<String> days = new ArrayList<>();
    /** Per region, its demand and promotion on each day. */
    static final List<List<String>> demand = new ArrayList<>();
    static final List<List<Integer>> promo = new ArrayList<>();
    static byte[] csv;

    Http http() {
        return new Http(port);
    }

    @BeforeAll
    static void data() throws IOException {
        Map<String, Double> daily = PromotionData.dailyDemand();
        days.addAll(daily.keySet());
        StringBuilder text = new StringBuilder("region,timestamp,demand,promo\n");
        for (int r = 0; r < REGIONS.size(); r++) {
            List<String> values = new ArrayList<>();
            List<Integer> plan = new ArrayList<>();
            int i = 0;
            for (double day : daily.values()) {
                int p = PromotionData.promotion(r, i);
                plan.add(p);
                values.add(String.format(Locale.ROOT, "%.3f", LEVELS[r] * day + PromotionData.EFFECT * p));
                if (i < TRAINED + PLANNED) {
                    text.append(REGIONS.get(r)).append(',').append(days.get(i)).append(',')
                            .append(i < TRAINED ? values.get(i) : "").append(',').append(p).append('\n');
                }
                i++;
            }
            demand.add(values);
            promo.add(plan);
        }
        csv = text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static double[] values(JsonNode points) {
        return ManySeriesKnownFutureEndToEndTest.values(points);
    }

    @Test
    @Order(1)
    void theNorthsObservationsWithItsPromotionMoveItsForecastAndTheSouthKeepsItsPlan() throws Exception {
        Http.Response upload = http().postMultipart("/api/v1/datasets", Map.of("file", csv, "name", "regions",
                "idColumns", "region"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http().postJson("/api/v1/models/regions/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": %d, "futureFeatures": ["promo"],
                 "calendar": ["dayOfWeek"], "epochs": 10, "seed": 5}""".formatted(upload.json().get("id").asString(),
                HORIZON));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = KnownFutureEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        // a CSV in the dataset's format, the north's planned week; a row without its promotion refuses the whole file
        StringBuilder rows = new StringBuilder("region,timestamp,demand,promo\n");
        for (int i = TRAINED; i < TRAINED + PLANNED; i++) {
            rows.append("north,").append(days.get(i)).append(',').append(demand.get(0).get(i)).append(',')
                    .append(promo.get(0).get(i)).append('\n');
        }
        String missing = rows.toString().replace(days.get(TRAINED + 2) + "," + demand.get(0).get(TRAINED + 2) + ","
                + promo.get(0).get(TRAINED + 2), days.get(TRAINED + 2) + "," + demand.get(0).get(TRAINED + 2) + ",");
        Http.Response refused = http().postMultipart("/api/v1/models/regions/observations",
                Map.of("file", missing.getBytes(StandardCharsets.UTF_8)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("series 'north': column 'promo' has no value at "
                + days.get(TRAINED + 2));
        Http.Response added = http().postMultipart("/api/v1/models/regions/observations",
                Map.of("file", rows.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("points").asInt()).isEqualTo(PLANNED);

        int next = TRAINED + PLANNED;
        // the north's drivers start where its forecast does, after the observations: its plan is used up, its recent
        // promotions are the observed ones; the south's are as trained
        JsonNode northDrivers = http().get("/api/v1/models/regions/series/north/drivers").json();
        assertThat(northDrivers.get("end").asString()).isEqualTo(days.get(next - 1));
        assertThat(northDrivers.get("plan").get(0)).isEmpty();
        JsonNode recentPromo = northDrivers.get("recent").get(0);
        assertThat(recentPromo.get(recentPromo.size() - 1).asDouble()).isEqualTo(promo.get(0).get(next - 1).doubleValue());
        JsonNode southDrivers = http().get("/api/v1/models/regions/series/south/drivers").json();
        assertThat(southDrivers.get("end").asString()).isEqualTo(days.get(TRAINED - 1));
        assertThat(southDrivers.get("plan").get(0)).hasSize(PLANNED);
        // the single-series endpoints name the ones to use
        Http.Response whole = http().get("/api/v1/models/regions/drivers");
        assertThat(whole.status()).as(whole.body()).isEqualTo(400);
        assertThat(whole.json().get("detail").asString()).contains("covers 2 series")
                .contains("GET .../series/{id}/drivers");
        Http.Response wholeHistory = http().get("/api/v1/models/regions/history");
        assertThat(wholeHistory.status()).as(wholeHistory.body()).isEqualTo(400);
        assertThat(wholeHistory.json().get("detail").asString()).contains("GET .../series/{id}/history");
        // the north's history runs through its observations, the south's ends with its training data
        JsonNode northHistory = http().get("/api/v1/models/regions/series/north/history").json();
        int points = northHistory.get("timestamps").size();
        assertThat(northHistory.get("series").asString()).isEqualTo("north");
        assertThat(northHistory.get("observed").asInt()).isEqualTo(PLANNED);
        assertThat(northHistory.get("timestamps").get(points - 1).asString()).isEqualTo(days.get(next - 1));
        assertThat(northHistory.get("timestamps").get(points - PLANNED - 1).asString()).isEqualTo(days.get(TRAINED - 1));
        JsonNode southHistory = http().get("/api/v1/models/regions/series/south/history").json();
        assertThat(southHistory.get("observed").asInt()).isZero();
        assertThat(southHistory.get("timestamps").get(southHistory.get("timestamps").size() - 1).asString())
                .isEqualTo(days.get(TRAINED - 1));
        StringBuilder future = new StringBuilder();
        for (int i = next; i < next + HORIZON; i++) {
            future.append(i == next ? "" : ", ").append("{\"series\": \"north\", \"timestamp\": \"").append(days.get(i))
                    .append("\", \"promo\": ").append(promo.get(0).get(i)).append('}');
        }
        // the north's plan ran out with its observations; the south's still covers its week
        Http.Response noPlan = http().postJson("/api/v1/models/regions/forecast",
                "{\"horizon\": " + HORIZON + ", \"series\": [\"north\", \"south\"]}");
        assertThat(noPlan.status()).as(noPlan.body()).isEqualTo(400);
        assertThat(noPlan.json().get("detail").asString()).contains("Series 'north'").contains(days.get(next));
        Http.Response batch = http().postJson("/api/v1/models/regions/forecast",
                "{\"horizon\": " + HORIZON + ", \"series\": [\"north\", \"south\"], \"future\": [" + future + "]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        JsonNode north = ManySeriesKnownFutureEndToEndTest.series(batch.json(), "north");
        JsonNode south = ManySeriesKnownFutureEndToEndTest.series(batch.json(), "south");
        assertThat(north.get(0).get("timestamp").asString()).isEqualTo(days.get(next));
        assertThat(south.get(0).get("timestamp").asString()).isEqualTo(days.get(TRAINED));

        // the north's forecast is its forecast from the same rows sent as history (its tail, then the observations)
        Http.Response listed = http().get("/api/v1/models/regions/series/north/forecast?horizon=" + HORIZON);
        assertThat(listed.status()).as(listed.body()).isEqualTo(400); // its plan ran out here as well
        assertThat(listed.json().get("detail").asString()).contains(days.get(next));
        int length = 0;
        for (int window = TRAINED; window >= 1 && length == 0; window--) {
            StringBuilder history = new StringBuilder();
            for (int i = next - window; i < next; i++) {
                history.append(i == next - window ? "" : ", ").append("{\"timestamp\": \"").append(days.get(i))
                        .append("\", \"demand\": ").append(demand.get(0).get(i)).append(", \"promo\": ")
                        .append(promo.get(0).get(i)).append('}');
            }
            Http.Response sent = http().postJson("/api/v1/models/regions/series/north/forecast", "{\"horizon\": "
                    + HORIZON + ", \"history\": [" + history + "], \"future\": [" + future.toString()
                            .replace("\"series\": \"north\", ", "") + "]}");
            if (sent.status() == 200 && java.util.Arrays.equals(values(sent.json().get("points")), values(north))) {
                length = window;
            }
        }
        assertThat(length).as("a history of the north's last rows that gives its forecast").isPositive();
    }

    @Test
    @Order(2)
    void aRetrainingTrainsEachRegionOnItsRowsItsObservationsAndTheRestOfItsPlan() throws Exception {
        Http.Response policy = http().putJson("/api/v1/models/regions/retraining",
                "{\"cron\": \"*/5 * * * * *\", \"spec\": {\"epochs\": 5}}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        JsonNode job = KnownFutureEndToEndTest.awaitScheduledRetraining(http(), "regions");
        assertThat(http().delete("/api/v1/models/regions/retraining").status()).isEqualTo(204);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode dataset = http().get("/api/v1/datasets/" + job.get("datasetId").asString()).json();
        // each region: its trained days and a week more (the north's observed, the south's still its plan)
        assertThat(dataset.get("rows").asInt()).isEqualTo(2 * (TRAINED + PLANNED));
        JsonNode version = http().get("/api/v1/models/regions/versions/" + job.get("version").asInt()).json();
        JsonNode data = version.get("data");
        assertThat(data.get("futureFeatures").toString()).isEqualTo("[\"promo\"]");
        // the north trained through its observations, the south through its last demand value, its plan kept
        assertThat(data.get("points").asInt()).isEqualTo(2 * TRAINED + PLANNED);
        assertThat(data.get("end").asString()).isEqualTo(days.get(TRAINED + PLANNED - 1));
        Http.Response south = http().get("/api/v1/models/regions/series/south/forecast?horizon=" + HORIZON
                + "&version=" + job.get("version").asInt());
        assertThat(south.status()).as(south.body()).isEqualTo(200);
        assertThat(south.json().get("points").get(0).get("timestamp").asString()).isEqualTo(days.get(TRAINED));
        Http.Response north = http().get("/api/v1/models/regions/series/north/forecast?horizon=" + HORIZON
                + "&version=" + job.get("version").asInt());
        assertThat(north.status()).as(north.body()).isEqualTo(400);
        assertThat(north.json().get("detail").asString()).contains("[promo]");
    }
}
