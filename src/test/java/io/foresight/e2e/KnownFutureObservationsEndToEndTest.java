package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import tools.jackson.databind.JsonNode;

/**
 * Observations of a model that reads a future feature, over real HTTP (issues 20 and 21). The data: the known-future
 * tests' daily demand with a planned promotion ({@link PromotionData}); the model trains on the first
 * {@value #TRAINED} days with a plan for the next {@value #PLANNED}, the promotion as a future feature and the day of
 * the week. The analyst then keeps feeding actual values with the promotion they ran: a point without the promotion,
 * with a column the model does not read (also the computed day of the week) or with a non-numeric promotion is refused
 * whole; accepted points move the forecast from stored data, which reads the observed promotion and, once the stored
 * plan has run out, the promotion sent as {@code future}, and is exactly the forecast of the same rows sent as
 * {@code history}; that forecast is scored live when its days are observed; and a scheduled retraining trains on the
 * dataset plus the observations with the promotion as a driver.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnownFutureObservationsEndToEndTest {

    static final java.nio.file.Path DATA_DIR = TestDataDir.create("foresight-known-future-observations");
    /** Days of demand the model trains on. */
    static final int TRAINED = 63;
    /** Days of the promotion's plan stored after them. */
    static final int PLANNED = 7;
    static final int HORIZON = 7;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static final List<String> days = new ArrayList<>();
    static final List<String> demand = new ArrayList<>();
    static final List<Integer> promo = new ArrayList<>();
    static byte[] trainingCsv;
    static JsonNode heldTo;

    Http http() {
        return new Http(port);
    }

    @BeforeAll
    static void data() throws IOException {
        List<String> lines = PromotionData.csv().lines().toList();
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[1].isEmpty()) {
                break; // the demand's days only: the observations are real
            }
            days.add(cells[0]);
            demand.add(cells[1]);
            promo.add(Integer.parseInt(cells[2]));
        }
        for (int i = 0; i < TRAINED + PLANNED; i++) {
            csv.append(days.get(i)).append(',').append(i < TRAINED ? demand.get(i) : "").append(',').append(promo.get(i))
                    .append('\n');
        }
        trainingCsv = csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** History rows {@code {"timestamp": day i, "demand": demand i, "promo": promo i}} for days {@code from} to {@code to} - 1. */
    static String history(int from, int to) {
        StringBuilder history = new StringBuilder();
        for (int i = from; i < to; i++) {
            history.append(i == from ? "" : ", ").append("{\"timestamp\": \"").append(days.get(i))
                    .append("\", \"demand\": ").append(demand.get(i)).append(", \"promo\": ").append(promo.get(i))
                    .append('}');
        }
        return history.toString();
    }

    /** {@code {"timestamp": day i, "value": demand i, "promo": promo i}} for days {@code from} to {@code to} - 1. */
    static String points(int from, int to) {
        StringBuilder points = new StringBuilder();
        for (int i = from; i < to; i++) {
            points.append(i == from ? "" : ", ").append("{\"timestamp\": \"").append(days.get(i)).append("\", \"value\": ")
                    .append(demand.get(i)).append(", \"promo\": ").append(promo.get(i)).append('}');
        }
        return "[" + points + "]";
    }

    /** The promotion's values on days {@code from} to {@code to} - 1 as {@code future} rows. */
    static String future(int from, int to) {
        StringBuilder rows = new StringBuilder();
        for (int i = from; i < to; i++) {
            rows.append(i == from ? "" : ", ").append("{\"timestamp\": \"").append(days.get(i)).append("\", \"promo\": ")
                    .append(promo.get(i)).append('}');
        }
        return "[" + rows + "]";
    }

    static double[] values(JsonNode forecast) {
        return KnownFutureEndToEndTest.values(forecast);
    }

    @Test
    @Order(1)
    void trainsWithThePromotionAsAFutureFeature() throws Exception {
        Http.Response submitted = http().postMultipart("/api/v1/models/promo/training-jobs", Map.of("file", trainingCsv,
                "spec", "{\"target\": \"demand\", \"horizon\": " + HORIZON + ", \"futureFeatures\": [\"promo\"],"
                        + " \"calendar\": [\"dayOfWeek\"], \"epochs\": 15, \"seed\": 5}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = KnownFutureEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode data = http().get("/api/v1/models/promo/versions/1").json().get("data");
        assertThat(data.get("end").asString()).isEqualTo(days.get(TRAINED - 1));
        assertThat(data.get("futureFeatures").toString()).isEqualTo("[\"promo\"]");
    }

    /** The promotion on days {@code from} to {@code to} - 1. */
    static double[] promotion(int from, int to) {
        return promo.subList(from, to).stream().mapToDouble(Integer::doubleValue).toArray();
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    @Test
    @Order(2)
    void theDriversStartAtTheEndOfTheTrainingDataBeforeAnyObservation() {
        Http.Response drivers = http().get("/api/v1/models/promo/drivers");
        assertThat(drivers.status()).as(drivers.body()).isEqualTo(200);
        JsonNode body = drivers.json();
        assertThat(body.get("series").isNull()).isTrue();
        assertThat(body.get("columns").toString()).isEqualTo("[\"promo\"]");
        assertThat(body.get("end").asString()).isEqualTo(days.get(TRAINED - 1));
        assertThat(doubles(body.get("recent").get(0))).containsExactly(promotion(TRAINED - 36, TRAINED));
        assertThat(doubles(body.get("plan").get(0))).containsExactly(promotion(TRAINED, TRAINED + PLANNED));
        // what AUTO measured is the version's own record
        assertThat(body.get("measured")).isEqualTo(http().get("/api/v1/models/promo/versions/1").json().get("drivers"));
        // the values a forecast starts from: the stored end of the training data, nothing observed yet
        JsonNode history = http().get("/api/v1/models/promo/history").json();
        JsonNode tail = http().get("/api/v1/models/promo/versions/1").json().get("tail");
        assertThat(history.get("timestamps")).isEqualTo(tail.get("timestamps"));
        assertThat(doubles(history.get("values"))).containsExactly(doubles(tail.get("values").get(0)));
        assertThat(history.get("observed").asInt()).isZero();
    }

    @Test
    @Order(2)
    void pointsWithoutThePromotionOrWithAColumnTheModelDoesNotReadAreRefusedWhole() {
        String day0 = days.get(TRAINED);
        String day1 = days.get(TRAINED + 1);
        Http.Response missing = http().postJson("/api/v1/models/promo/observations", """
                {"points": [{"timestamp": "%s", "value": %s}, {"timestamp": "%s", "value": %s}]}"""
                .formatted(day0, demand.get(TRAINED), day1, demand.get(TRAINED + 1)));
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("column 'promo' has no value at 2 timestamps: "
                + day0 + ", " + day1).contains("[promo]").contains("nothing was stored");

        Http.Response oneMissing = http().postJson("/api/v1/models/promo/observations", """
                {"points": [{"timestamp": "%s", "value": %s, "promo": 1}, {"timestamp": "%s", "value": %s}]}"""
                .formatted(day0, demand.get(TRAINED), day1, demand.get(TRAINED + 1)));
        assertThat(oneMissing.status()).as(oneMissing.body()).isEqualTo(400);
        assertThat(oneMissing.json().get("detail").asString()).contains("column 'promo' has no value at " + day1)
                .doesNotContain(day0 + ",");

        Http.Response unknown = http().postJson("/api/v1/models/promo/observations", """
                {"points": [{"timestamp": "%s", "value": %s, "promo": 1, "temp": 21.5}]}"""
                .formatted(day0, demand.get(TRAINED)));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("'temp' is not a column model 'promo' reads at "
                + day0);

        // the day of the week is computed from the timestamp, never sent
        Http.Response calendar = http().postJson("/api/v1/models/promo/observations", """
                {"points": [{"timestamp": "%s", "value": %s, "promo": 1, "dayOfWeek": 3}]}"""
                .formatted(day0, demand.get(TRAINED)));
        assertThat(calendar.status()).as(calendar.body()).isEqualTo(400);
        assertThat(calendar.json().get("detail").asString()).contains("'dayOfWeek' is not a column");

        Http.Response text = http().postJson("/api/v1/models/promo/observations", """
                {"points": [{"timestamp": "%s", "value": %s, "promo": "yes"}]}""".formatted(day0, demand.get(TRAINED)));
        assertThat(text.status()).as(text.body()).isEqualTo(400);
        assertThat(text.json().get("detail").asString()).contains("column 'promo' is not a finite number at " + day0);

        byte[] csv = ("timestamp,demand\n" + day0 + "," + demand.get(TRAINED) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response noColumn = http().postMultipart("/api/v1/models/promo/observations", Map.of("file", csv));
        assertThat(noColumn.status()).as(noColumn.body()).isEqualTo(400);
        assertThat(noColumn.json().get("detail").asString()).contains("the columns it reads [promo]");

        assertThat(http().get("/api/v1/models/promo/observations").json().get("total").asInt()).isZero();
    }

    @Test
    @Order(3)
    void theForecastFromStoredDataReadsTheObservedPromotionAndThePromotionSentForTheHorizon() {
        // three days as JSON, four as a CSV in the dataset's format: the week the plan covered
        Http.Response json = http().postJson("/api/v1/models/promo/observations",
                "{\"points\": " + points(TRAINED, TRAINED + 3) + "}");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        // the drivers now start after the latest observation, where a forecast from the stored data starts
        JsonNode drivers = http().get("/api/v1/models/promo/drivers").json();
        assertThat(drivers.get("end").asString()).isEqualTo(days.get(TRAINED + 2));
        assertThat(doubles(drivers.get("recent").get(0))).containsExactly(promotion(TRAINED + 3 - 36, TRAINED + 3));
        assertThat(doubles(drivers.get("plan").get(0))).containsExactly(promotion(TRAINED + 3, TRAINED + PLANNED));
        // and the history a forecast starts from runs through the three observed days
        JsonNode observedHistory = http().get("/api/v1/models/promo/history").json();
        int points = observedHistory.get("timestamps").size();
        assertThat(observedHistory.get("observed").asInt()).isEqualTo(3);
        assertThat(observedHistory.get("timestamps").get(points - 1).asString()).isEqualTo(days.get(TRAINED + 2));
        for (int k = 0; k < 4; k++) { // the last training day, then the observed ones
            int day = TRAINED - 1 + k;
            assertThat(observedHistory.get("timestamps").get(points - 4 + k).asString()).isEqualTo(days.get(day));
            assertThat(observedHistory.get("values").get(points - 4 + k).asDouble())
                    .isEqualTo(Double.parseDouble(demand.get(day)));
        }
        StringBuilder csv = new StringBuilder("timestamp,demand,promo\n");
        for (int i = TRAINED + 3; i < TRAINED + PLANNED; i++) {
            csv.append(days.get(i)).append(',').append(demand.get(i)).append(',').append(promo.get(i)).append('\n');
        }
        Http.Response file = http().postMultipart("/api/v1/models/promo/observations",
                Map.of("file", csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(file.status()).as(file.body()).isEqualTo(200);
        assertThat(file.json().get("points").asInt()).isEqualTo(4);
        JsonNode listed = http().get("/api/v1/models/promo/observations").json();
        assertThat(listed.get("total").asInt()).isEqualTo(PLANNED);
        for (int k = 0; k < PLANNED; k++) {
            JsonNode point = listed.get("points").get(k);
            assertThat(point.get("timestamp").asString()).isEqualTo(days.get(TRAINED + k));
            assertThat(point.get("promo").asDouble()).as(point.toString()).isEqualTo((double) promo.get(TRAINED + k));
            assertThat(point.size()).as(point.toString()).isEqualTo(3);
        }

        // the stored plan ends with the observations: the next week's promotion is to send
        int next = TRAINED + PLANNED;
        Http.Response noPlan = http().get("/api/v1/models/promo/forecast?horizon=" + HORIZON);
        assertThat(noPlan.status()).as(noPlan.body()).isEqualTo(400);
        assertThat(noPlan.json().get("detail").asString()).contains("[promo]").contains(days.get(next))
                .contains("after " + days.get(next - 1));

        Http.Response forecast = http().postJson("/api/v1/models/promo/forecast",
                "{\"horizon\": " + HORIZON + ", \"future\": " + future(next, next + HORIZON) + "}");
        assertThat(forecast.status()).as(forecast.body()).isEqualTo(200);
        heldTo = forecast.json();
        assertThat(heldTo.get("points").get(0).get("timestamp").asString()).isEqualTo(days.get(next));

        // the same rows sent as history (the training data's end, then the observations with their promotion) give
        // the same forecast: the stored forecast read the observed promotion, not one held at its last value
        JsonNode tail = http().get("/api/v1/models/promo/versions/1").json().get("tail");
        int length = tail.get("timestamps").size();
        String history = history(next - length, next);
        Http.Response sent = http().postJson("/api/v1/models/promo/forecast", "{\"horizon\": " + HORIZON
                + ", \"history\": [" + history + "], \"future\": " + future(next, next + HORIZON) + "}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(values(heldTo)).containsExactly(values(sent.json()));

        // and a promotion held at the last observed value would be another forecast: the observed values matter
        StringBuilder flat = new StringBuilder(history.replaceAll("\"promo\": [01]", "\"promo\": "
                + promo.get(next - 1)));
        Http.Response held = http().postJson("/api/v1/models/promo/forecast", "{\"horizon\": " + HORIZON
                + ", \"history\": [" + flat + "], \"future\": " + future(next, next + HORIZON) + "}");
        assertThat(held.status()).as(held.body()).isEqualTo(200);
        assertThat(values(held.json())).isNotEqualTo(values(heldTo));
    }

    @Test
    @Order(4)
    void thatForecastIsScoredLiveWhenItsDaysAreObserved() {
        MonitoringEndToEndTest.await("the forecast recorded", () -> http().get("/api/v1/models/promo/accuracy").json(),
                a -> a.get("versions").size() == 1);
        int next = TRAINED + PLANNED;
        Http.Response added = http().postJson("/api/v1/models/promo/observations",
                "{\"points\": " + points(next, next + HORIZON) + "}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        JsonNode accuracy = MonitoringEndToEndTest.await("seven points scored",
                () -> http().get("/api/v1/models/promo/accuracy").json(),
                a -> a.get("versions").get(0).get("scoredPoints").asInt() == HORIZON);
        JsonNode v1 = accuracy.get("versions").get(0);
        double scale = http().get("/api/v1/models/promo/versions/1").json().get("backtest").get("maseScale").asDouble();
        double[] forecast = values(heldTo);
        double absolute = 0;
        double signed = 0;
        for (int k = 0; k < HORIZON; k++) {
            double actual = Double.parseDouble(demand.get(next + k));
            absolute += Math.abs(forecast[k] - actual);
            signed += forecast[k] - actual;
        }
        // the ledger keeps each forecast point as a float (about 7 digits of demands of about 1,000 GWh)
        assertThat(v1.get("mase").asDouble()).isCloseTo(absolute / HORIZON / scale, within(1e-5));
        assertThat(v1.get("bias").asDouble()).isCloseTo(signed / HORIZON, within(1e-3));

        // each observation's one-step-ahead check reads the promotion a horizon ahead: checked as far as it is known
        JsonNode anomalies = MonitoringEndToEndTest.await("the observations checked",
                () -> http().get("/api/v1/models/promo/anomalies").json(),
                a -> a.get("checkedThrough") != null && days.get(next).equals(a.get("checkedThrough").asString()));
        assertThat(anomalies.get("checkedThrough").asString()).isEqualTo(days.get(next));

        // a batch checked without storing it: its points carry the promotion as stored ones do, and a point whose
        // forecast reads a promotion not known yet is a 400 saying through when to send
        int later = next + HORIZON;
        Http.Response unknown = http().postJson("/api/v1/models/promo/anomalies:detect", """
                {"points": [{"timestamp": "%s", "value": %s}]}""".formatted(days.get(later), demand.get(later)));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("column 'promo' has no value at " + days.get(later));
        Http.Response early = http().postJson("/api/v1/models/promo/anomalies:detect",
                "{\"points\": " + points(later, later + 2) + "}");
        assertThat(early.status()).as(early.body()).isEqualTo(400);
        assertThat(early.json().get("detail").asString()).contains("The point at " + days.get(later)
                + " cannot be checked yet").contains("through " + days.get(later + HORIZON - 1));
    }

    @Test
    @Order(5)
    void aScheduledRetrainingTrainsOnTheDatasetAndTheObservationsWithThePromotion() throws Exception {
        Http.Response policy = http().putJson("/api/v1/models/promo/retraining",
                "{\"cron\": \"*/5 * * * * *\", \"spec\": {\"epochs\": 10}}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        JsonNode job = KnownFutureEndToEndTest.awaitScheduledRetraining(http(), "promo");
        assertThat(http().delete("/api/v1/models/promo/retraining").status()).isEqualTo(204);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("request").get("futureFeatures").toString()).isEqualTo("[\"promo\"]");

        int observed = TRAINED + PLANNED + HORIZON;
        JsonNode dataset = http().get("/api/v1/datasets/" + job.get("datasetId").asString()).json();
        assertThat(dataset.get("rows").asInt()).isEqualTo(observed);
        assertThat(dataset.toString()).contains("\"promo\"");

        JsonNode version = http().get("/api/v1/models/promo/versions/" + job.get("version").asInt()).json();
        JsonNode data = version.get("data");
        assertThat(data.get("points").asInt()).isEqualTo(observed);
        assertThat(data.get("end").asString()).isEqualTo(days.get(observed - 1));
        assertThat(data.get("futureFeatures").toString()).isEqualTo("[\"promo\"]");
        assertThat(data.get("calendar").toString()).isEqualTo("[\"dayOfWeek\"]");
        assertThat(version.get("drivers").get("inputs").get(0).asString()).isEqualTo("promo");
        // the observed promotion is in its training data: its last days are the observations' values
        JsonNode tail = version.get("tail");
        JsonNode promoTail = tail.get("values").get(1);
        int length = tail.get("timestamps").size();
        for (int i = 0; i < length; i++) {
            assertThat(promoTail.get(i).asDouble()).as(tail.get("timestamps").get(i).asString())
                    .isEqualTo((double) promo.get(observed - length + i));
        }
        // and the new version reads the promotion it has no plan for: it is asked for
        Http.Response noPlan = http().postJson("/api/v1/models/promo/forecast",
                "{\"horizon\": " + HORIZON + ", \"version\": " + job.get("version").asInt() + "}");
        assertThat(noPlan.status()).as(noPlan.body()).isEqualTo(400);
        assertThat(noPlan.json().get("detail").asString()).contains("[promo]");
    }

    @Test
    @Order(6)
    void aModelReadingThePromotionAsAPastInputForecastsFromItsObservedValues() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,demand,promo\n");
        for (int i = 0; i < TRAINED; i++) {
            csv.append(days.get(i)).append(',').append(demand.get(i)).append(',').append(promo.get(i)).append('\n');
        }
        Http.Response submitted = http().postMultipart("/api/v1/models/past/training-jobs", Map.of("file",
                csv.toString().getBytes(StandardCharsets.UTF_8), "spec", "{\"target\": \"demand\", \"horizon\": "
                        + HORIZON + ", \"features\": [\"promo\"], \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 10, \"seed\": 5}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = KnownFutureEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        Http.Response missing = http().postJson("/api/v1/models/past/observations", """
                {"points": [{"timestamp": "%s", "value": %s}]}""".formatted(days.get(TRAINED), demand.get(TRAINED)));
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("column 'promo' has no value at "
                + days.get(TRAINED));
        int next = TRAINED + PLANNED;
        Http.Response added = http().postJson("/api/v1/models/past/observations",
                "{\"points\": " + points(TRAINED, next) + "}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);

        Http.Response fromStored = http().get("/api/v1/models/past/forecast?horizon=" + HORIZON);
        assertThat(fromStored.status()).as(fromStored.body()).isEqualTo(200);
        assertThat(fromStored.json().get("points").get(0).get("timestamp").asString()).isEqualTo(days.get(next));
        int length = http().get("/api/v1/models/past/versions/1").json().get("tail").get("timestamps").size();
        String history = history(next - length, next);
        Http.Response sent = http().postJson("/api/v1/models/past/forecast", "{\"horizon\": " + HORIZON
                + ", \"history\": [" + history + "]}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(values(fromStored.json())).containsExactly(values(sent.json()));
        String flat = history.replaceAll("\"promo\": [01]", "\"promo\": " + promo.get(next - 1));
        Http.Response held = http().postJson("/api/v1/models/past/forecast", "{\"horizon\": " + HORIZON
                + ", \"history\": [" + flat + "]}");
        assertThat(held.status()).as(held.body()).isEqualTo(200);
        assertThat(values(held.json())).isNotEqualTo(values(fromStored.json()));
    }
}
