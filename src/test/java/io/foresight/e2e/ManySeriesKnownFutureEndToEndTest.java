package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

import io.foresight.model.Baselines;
import io.foresight.model.Method;
import tools.jackson.databind.JsonNode;

/**
 * Known future inputs for a many-series model over real HTTP (issue 21). Three regions share the real daily
 * electricity demand of {@code taylor.csv} (summed per day, in GWh) at different levels, each with a promotion of its
 * own on days known in advance that adds {@value #EFFECT} GWh. The long-format dataset carries each region's plan
 * after its last demand value: 14 days for two regions, 5 for the third. One many-series model is trained with the
 * promotion, the day of the week and England's bank holidays; it forecasts every series from its stored plan, a
 * scenario sent for one series changes that series alone and only from the changed day, and a forecast whose plan
 * is missing is a 400 naming the series, the column and the days.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManySeriesKnownFutureEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-many-known-future");
    static final double EFFECT = PromotionData.EFFECT;
    static final List<String> REGIONS = List.of("north", "south", "west");
    static final double[] LEVELS = {1.0, 0.6, 0.8};
    static final int[] PLANNED = {14, 14, 5};

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static List<String> days = new ArrayList<>();
    /** Per region, its promotion on each day (the planned days included). */
    static List<List<Integer>> promo = new ArrayList<>();
    static JsonNode planned;

    Http http() {
        return new Http(port);
    }

    @BeforeAll
    static void data() throws IOException {
        Map<String, Double> daily = PromotionData.dailyDemand();
        days.addAll(daily.keySet());
        LocalDate last = LocalDate.parse(days.get(days.size() - 1));
        for (int k = 1; k <= 14; k++) {
            days.add(last.plusDays(k).toString());
        }
        for (int r = 0; r < REGIONS.size(); r++) {
            List<Integer> plan = new ArrayList<>();
            for (int i = 0; i < daily.size() + PLANNED[r]; i++) {
                plan.add(PromotionData.promotion(r, i));
            }
            promo.add(plan);
        }
        Files.writeString(DATA_DIR.resolve("regions.csv"), PromotionData.regionsCsv(REGIONS, LEVELS, PLANNED));
    }

    /** The values of forecast points, or of a JSON array of numbers. */
    static double[] values(JsonNode points) {
        double[] values = new double[points.size()];
        for (int k = 0; k < values.length; k++) {
            JsonNode point = points.get(k);
            values[k] = point.isNumber() ? point.asDouble() : point.get("value").asDouble();
        }
        return values;
    }

    /** Region {@code r}'s promotion on days {@code from} to {@code to} (exclusive), as numbers. */
    static double[] promotions(int r, int from, int to) {
        return promo.get(r).subList(from, to).stream().mapToDouble(Integer::doubleValue).toArray();
    }

    /** The points of series {@code id} in a batch answer. */
    static JsonNode series(JsonNode batch, String id) {
        for (JsonNode s : batch.get("series")) {
            if (s.get("id").asString().equals(id)) {
                return s.get("points");
            }
        }
        throw new AssertionError("no series " + id + " in " + batch);
    }

    @Test
    @Order(1)
    void trainsOneModelOfEverySeriesWithThePromotionTheWeekdayAndBankHolidays() throws Exception {
        Http.Response upload = http().postMultipart("/api/v1/datasets", Map.of("file",
                Files.readAllBytes(DATA_DIR.resolve("regions.csv")), "name", "regions", "idColumns", "region"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();
        assertThat(upload.json().get("series").asInt()).isEqualTo(3);

        Http.Response submitted = http().postJson("/api/v1/models/regions/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "futureFeatures": ["promo"],
                 "calendar": ["dayOfWeek"], "holidays": "GB-ENG", "epochs": 20}""".formatted(datasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = KnownFutureEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode version = http().get("/api/v1/models/regions/versions/1").json();
        JsonNode data = version.get("data");
        // every series ends at its last demand value: the planned days are not history
        assertThat(data.get("end").asString()).isEqualTo("2000-08-27");
        assertThat(data.get("points").asInt()).isEqualTo(3 * 84);
        assertThat(data.get("futureFeatures").toString()).isEqualTo("[\"promo\"]");
        assertThat(data.get("calendar").toString()).isEqualTo("[\"dayOfWeek\"]");
        assertThat(data.get("holidays").asString()).isEqualTo("GB-ENG");
        assertThat(version.get("series").get("failed").asInt()).isZero();
        JsonNode drivers = version.get("drivers");
        assertThat(drivers.get("inputs").toString()).isEqualTo("[\"promo\",\"dayOfWeek.sin\",\"dayOfWeek.cos\",\"holiday\","
                + "\"daysToHoliday\",\"daysFromHoliday\"]");
        // across the series, the best candidate reading the drivers beats the best without them by far, and is used
        assertThat(drivers.get("maseWith").asDouble()).isLessThan(0.9 * drivers.get("maseWithout").asDouble());
        assertThat(drivers.get("used").asBoolean()).isTrue();

        JsonNode list = http().get("/api/v1/models/regions/series").json();
        assertThat(list.get("total").asInt()).isEqualTo(3);
        // each series' promotion at its recent days (the list's) and its stored plan, for the page's scenario table
        List<String> statistical = java.util.stream.Stream.concat(Baselines.statistical(2).stream(),
                java.util.stream.Stream.of(Method.COMBINATION)).map(Enum::name).toList();
        boolean anyReads = false;
        for (JsonNode item : list.get("series")) {
            String id = item.get("id").asString();
            int r = REGIONS.indexOf(id);
            int recent = item.get("recent").size();
            Http.Response answer = http().get("/api/v1/models/regions/series/" + id + "/drivers");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode seriesDrivers = answer.json();
            assertThat(seriesDrivers.get("columns").toString()).isEqualTo("[\"promo\"]");
            assertThat(seriesDrivers.get("end").asString()).isEqualTo(item.get("end").asString());
            assertThat(values(seriesDrivers.get("recent").get(0))).as(id).containsExactly(promotions(r, 84 - recent, 84));
            assertThat(values(seriesDrivers.get("plan").get(0))).as(id).containsExactly(promotions(r, 84, 84 + PLANNED[r]));
            // what AUTO measured of the known future for this series: the promotion explains most of its demand
            JsonNode measured = seriesDrivers.get("measured");
            assertThat(measured.get("inputs")).isEqualTo(drivers.get("inputs"));
            assertThat(measured.get("maseWith").asDouble()).as(id).isLessThan(measured.get("maseWithout").asDouble());
            String method = item.get("method").asString();
            boolean reads = method.equals("REGRESSION") || (!statistical.contains(method)
                    && !item.get("candidate").asString().contains(" without drivers"));
            assertThat(measured.get("used").asBoolean()).as(id + ": " + item).isEqualTo(reads);
            // the list says the same of each series, so that one request finds those the known future serves
            assertThat(item.get("readsKnownFuture").asBoolean()).as(id).isEqualTo(reads);
            assertThat(measured.get("remainder").isNull()).as(id).isEqualTo(!method.equals("REGRESSION"));
            anyReads |= reads;
        }
        assertThat(anyReads).isEqualTo(drivers.get("used").asBoolean());
        Http.Response unknown = http().get("/api/v1/models/regions/series/east/drivers");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asString()).contains("no series 'east'");
    }

    @Test
    @Order(2)
    void forecastsEverySeriesFromItsStoredPlan() {
        Http.Response both = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["north", "south"]}""");
        assertThat(both.status()).as(both.body()).isEqualTo(200);
        planned = both.json();
        assertThat(planned.get("failed")).isEmpty();
        for (String region : List.of("north", "south")) {
            JsonNode points = series(planned, region);
            assertThat(points).hasSize(7);
            assertThat(points.get(0).get("timestamp").asString()).isEqualTo("2000-08-28");
        }
        // the level of each region comes through: south (0.6) below north (1.0)
        assertThat(values(series(planned, "south"))[0]).isLessThan(values(series(planned, "north"))[0]);
        // one series' own forecast is the batch's
        JsonNode one = http().get("/api/v1/models/regions/series/north/forecast?horizon=7").json();
        assertThat(values(one.get("points"))).containsExactly(values(series(planned, "north")));
    }

    @Test
    @Order(3)
    void aScenarioForOneSeriesChangesThatSeriesFromTheChangedDayOnly() {
        int day = days.indexOf("2000-08-31");
        int north = REGIONS.indexOf("north");
        int flipped = 1 - promo.get(north).get(day);
        Http.Response scenario = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["north", "south"],
                 "future": [{"series": "north", "timestamp": "2000-08-31", "promo": %d}]}""".formatted(flipped));
        assertThat(scenario.status()).as(scenario.body()).isEqualTo(200);
        double[] before = values(series(planned, "north"));
        double[] after = values(series(scenario.json(), "north"));
        // the changed day is the 4th step: the forecast there moves by about the promotion's effect
        double change = (after[3] - before[3]) * (flipped == 1 ? 1 : -1);
        assertThat(change).as("the promotion's effect at the changed day").isBetween(0.5 * EFFECT, 1.5 * EFFECT);
        // the other series is untouched
        assertThat(values(series(scenario.json(), "south"))).containsExactly(values(series(planned, "south")));

        // the same scenario through the one series' own forecast, without naming the series in 'future'
        Http.Response own = http().postJson("/api/v1/models/regions/series/north/forecast", """
                {"horizon": 7, "future": [{"timestamp": "2000-08-31", "promo": %d}]}""".formatted(flipped));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(values(own.json().get("points"))).containsExactly(after);
    }

    @Test
    @Order(4)
    void aMissingPlanIsRefusedNamingTheSeriesTheColumnAndTheDays() {
        // west's plan runs 5 days: a week's forecast lacks its last two, and so does any forecast (the model reads its
        // trained horizon of 7 days ahead)
        Http.Response all = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["*"]}""");
        Http.Response west = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["west"]}""");
        assertThat(west.status()).isEqualTo(400);
        assertThat(west.header("Content-Type")).startsWith("application/problem+json");
        String detail = west.json().get("detail").asString();
        assertThat(detail).contains("'west'", "[promo]", "2000-09-02", "2000-09-03").doesNotContain("2000-09-01 ");
        assertThat(all.status()).isEqualTo(400);
        assertThat(all.json().get("detail").asString()).contains("'west'");
        Http.Response shorter = http().get("/api/v1/models/regions/series/west/forecast?horizon=3");
        assertThat(shorter.status()).isEqualTo(400);
        assertThat(shorter.json().get("detail").asString()).contains("'west'", "2000-09-02");

        // sending them answers
        Http.Response sent = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["west", "north"],
                 "future": [{"series": "west", "timestamp": "2000-09-02", "promo": 0},
                            {"series": "west", "timestamp": "2000-09-03", "promo": 1}]}""");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(series(sent.json(), "west")).hasSize(7);
        assertThat(values(series(sent.json(), "north"))).containsExactly(values(series(planned, "north")));
    }

    @Test
    @Order(5)
    void crossValidationForecastsASeriesCutoffsWithItsPromotionAsItTurnedOut() {
        Http.Response response = http().postJson("/api/v1/models/regions/cross-validation",
                "{\"windows\": 2, \"series\": \"west\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode windows = response.json().get("windows");
        assertThat(windows).hasSize(2);
        // the cutoffs lie in west's data, which ends at 2000-08-27 (its 5 planned days are not data)
        JsonNode last = windows.get(1).get("points");
        assertThat(last.get(last.size() - 1).get("timestamp").asString()).isEqualTo("2000-08-27");
        // with the promotion as it turned out, the forecasts are close to what happened
        assertThat(response.json().get("summary").get("mase").asDouble()).isLessThan(1.0);
    }

    @Test
    @Order(6)
    void badFutureRowsAreRefusedWithWhatToChange() {
        Http.Response unnamed = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["north", "south"], "future": [{"timestamp": "2000-08-31", "promo": 1}]}""");
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.json().get("detail").asString()).contains("future[0]", "'series'");
        Http.Response other = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["north"], "future": [{"series": "south", "timestamp": "2000-08-31", "promo": 1}]}""");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().get("detail").asString()).contains("future[0].series 'south'");
        Http.Response notString = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["north"], "future": [{"series": 7, "timestamp": "2000-08-31", "promo": 1}]}""");
        assertThat(notString.status()).isEqualTo(400);
        assertThat(notString.json().get("detail").asString()).contains("future[0].series", "e.g. \"7/3\"",
                "leave it out for a model of one");
        Http.Response column = http().postJson("/api/v1/models/regions/forecast", """
                {"horizon": 7, "series": ["north"], "future": [{"series": "north", "timestamp": "2000-08-31", "price": 1}]}""");
        assertThat(column.status()).isEqualTo(400);
        assertThat(column.json().get("detail").asString()).contains("'north'", "'price'", "[promo]");
    }
}
