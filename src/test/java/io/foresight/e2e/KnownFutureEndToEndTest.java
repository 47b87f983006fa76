package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Known future inputs over real HTTP (issue 21). The data: real daily electricity demand (England and Wales, June to
 * August 2000: the half-hourly {@code taylor.csv} summed per day, in GWh) with a planned promotion whose days are
 * known in advance and which adds a known {@value #EFFECT} GWh on its days; the dataset carries the promotion's plan
 * for 14 days after the last demand value (rows with an empty target). Trained with the promotion as a future
 * feature, the day of the week and England's bank holidays, the model forecasts with the stored plan, with a plan
 * sent as a scenario, and refuses to forecast where the plan is missing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnownFutureEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-known-future");
    static final double EFFECT = PromotionData.EFFECT;
    static final int STORED_FUTURE = PromotionData.STORED_FUTURE;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static String datasetId;
    static List<String> days = new ArrayList<>();
    static List<Integer> promo = new ArrayList<>();
    static List<String> actualDemand = new ArrayList<>();
    static JsonNode planned;

    Http http() {
        return new Http(port);
    }


    @BeforeAll
    static void data() throws IOException {
        String csv = PromotionData.csv();
        for (String line : csv.lines().skip(1).toList()) {
            String[] cells = line.split(",", -1);
            days.add(cells[0]);
            promo.add(Integer.parseInt(cells[2]));
            if (!cells[1].isEmpty()) {
                actualDemand.add(cells[1]);
            }
        }
        Files.writeString(DATA_DIR.resolve("promo.csv"), csv);
    }

    /**
     * The job of the first scheduled retraining of {@code model} (its policy's {@code lastRun}) once it has finished,
     * within 60 s of the first run.
     */
    static JsonNode awaitScheduledRetraining(Http http, String model) throws InterruptedException {
        String jobId = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (jobId == null && Instant.now().isBefore(deadline)) {
            JsonNode lastRun = http.get("/api/v1/models/" + model + "/retraining").json().get("lastRun");
            if (lastRun != null && !lastRun.isNull() && lastRun.get("jobId") != null && !lastRun.get("jobId").isNull()) {
                jobId = lastRun.get("jobId").asString();
            }
            Thread.sleep(200);
        }
        if (jobId == null) {
            throw new AssertionError("no retraining job of model " + model + " within 60 s");
        }
        return awaitJob(http, jobId);
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

    static double[] values(JsonNode forecast) {
        JsonNode points = forecast.get("points");
        double[] values = new double[points.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = points.get(k).get("value").asDouble();
        }
        return values;
    }

    @Test
    @Order(1)
    void trainsWithTheFuturePromotionTheWeekdayAndEnglishBankHolidays() throws Exception {
        Http.Response upload = http().postMultipart("/api/v1/datasets",
                Map.of("file", Files.readAllBytes(DATA_DIR.resolve("promo.csv")), "name", "promo"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        datasetId = upload.json().get("id").asString();
        assertThat(upload.json().get("rows").asInt()).isEqualTo(84 + STORED_FUTURE);

        Http.Response submitted = http().postJson("/api/v1/models/demand/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "futureFeatures": ["promo"],
                 "calendar": ["dayOfWeek"], "holidays": "GB-ENG", "epochs": 30}""".formatted(datasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode version = http().get("/api/v1/models/demand/versions/1").json();
        JsonNode data = version.get("data");
        // the series ends at its last demand value: the 14 planned days are not history
        assertThat(data.get("points").asInt()).isEqualTo(84);
        assertThat(data.get("end").asString()).isEqualTo("2000-08-27");
        assertThat(data.get("futureFeatures").toString()).isEqualTo("[\"promo\"]");
        assertThat(data.get("calendar").toString()).isEqualTo("[\"dayOfWeek\"]");
        assertThat(data.get("holidays").asString()).isEqualTo("GB-ENG");
        JsonNode drivers = version.get("drivers");
        assertThat(drivers.get("inputs").toString()).isEqualTo("[\"promo\",\"dayOfWeek.sin\",\"dayOfWeek.cos\",\"holiday\","
                + "\"daysToHoliday\",\"daysFromHoliday\"]");
        // AUTO compared both on the same held-back windows and kept the drivers, which help a lot here
        assertThat(drivers.get("maseWith").asDouble()).isLessThan(0.9 * drivers.get("maseWithout").asDouble());
        assertThat(drivers.get("used").asBoolean()).isTrue();
        assertThat(version.get("method").asString()).isEqualTo("REGRESSION");
        assertThat(drivers.get("remainder").asString()).isNotBlank();
        // demand is positive: the promotion's effect multiplies it (a share of the day's demand)
        assertThat(drivers.get("multiplicative").asBoolean()).isTrue();
        assertThat(version.get("tail").get("future").get(0)).hasSize(STORED_FUTURE);
    }

    @Test
    @Order(2)
    void forecastsFromTheStoredPlanAndAScenarioDiffersOnlyFromWhereThePlanChanges() {
        planned = http().get("/api/v1/models/demand/forecast?horizon=7").json();
        assertThat(planned.get("points").get(0).get("timestamp").asString()).isEqualTo("2000-08-28");
        double[] stored = values(planned);
        // 2000-08-31 (the 4th step) has no promotion in the plan; the scenario runs one that day
        assertThat(promo.get(days.indexOf("2000-08-31"))).isZero();
        Http.Response scenario = http().postJson("/api/v1/models/demand/forecast", """
                {"horizon": 7, "future": [{"timestamp": "2000-08-31", "promo": 1}]}""");
        assertThat(scenario.status()).as(scenario.body()).isEqualTo(200);
        double[] changed = values(scenario.json());
        for (int k = 0; k < 3; k++) {
            assertThat(changed[k]).as("step %d, before the change", k + 1).isEqualTo(stored[k]);
        }
        // the promotion's effect is recovered from the data: within 30 % of the effect put into it
        assertThat(changed[3] - stored[3]).isBetween(0.7 * EFFECT, 1.3 * EFFECT);
        for (int k = 4; k < 7; k++) {
            assertThat(changed[k]).as("step %d, after the changed day", k + 1).isEqualTo(stored[k]);
        }
        // taking the planned promotion away from its days lowers the forecast there
        int planned = days.indexOf("2000-08-30");
        assertThat(promo.get(planned)).isEqualTo(1);
        double[] without = values(http().postJson("/api/v1/models/demand/forecast", """
                {"horizon": 7, "future": [{"timestamp": "2000-08-30", "promo": 0}]}""").json());
        assertThat(stored[2] - without[2]).isBetween(0.7 * EFFECT, 1.3 * EFFECT);
    }

    @Test
    @Order(3)
    void aForecastBeyondThePlanIsRefusedNamingTheColumnAndTheDays() {
        Http.Response beyond = http().get("/api/v1/models/demand/forecast?horizon=16");
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.header("Content-Type")).startsWith("application/problem+json");
        String detail = beyond.json().get("detail").asString();
        assertThat(detail).contains("[promo]", "no value at 2 of them: 2000-09-11, 2000-09-12.",
                "The plan stored with the version ends at 2000-09-10");
        // sending the missing days answers
        Http.Response sent = http().postJson("/api/v1/models/demand/forecast", """
                {"horizon": 16, "future": [{"timestamp": "2000-09-11", "promo": 0},
                                           {"timestamp": "2000-09-12", "promo": 1}]}""");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(values(sent.json())).hasSize(16);
        // the first week is the same as from the stored plan alone
        double[] first = values(sent.json());
        double[] stored = values(planned);
        for (int k = 0; k < 7; k++) {
            assertThat(first[k]).isEqualTo(stored[k]);
        }
    }

    @Test
    @Order(4)
    void historySentWithTheRequestCarriesThePromotionAndTheFutureCanComeFromIt() {
        StringBuilder history = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (int i = 40; i < 81; i++) { // to 2000-08-24: the last three days of data come from the stored tail
            lines.add("{\"timestamp\": \"" + days.get(i) + "\", \"demand\": 1500, \"promo\": " + promo.get(i) + "}");
        }
        history.append(String.join(",", lines));
        Http.Response answer = http().postJson("/api/v1/models/demand/forecast",
                "{\"horizon\": 7, \"history\": [" + history + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("points").get(0).get("timestamp").asString()).isEqualTo("2000-08-25");

        Http.Response missing = http().postJson("/api/v1/models/demand/forecast",
                "{\"horizon\": 7, \"history\": [" + history.toString().replace(", \"promo\": 0}", "}") + "]}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("no value for column 'promo'");
    }

    @Test
    @Order(5)
    void crossValidationForecastsEachCutoffWithThePromotionAsItTurnedOut() {
        Http.Response response = http().postJson("/api/v1/models/demand/cross-validation", "{\"windows\": 3}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode windows = response.json().get("windows");
        assertThat(windows).hasSize(3);
        // the cutoffs lie in the data, which ends at 2000-08-27: the last window's 7 days end there
        assertThat(windows.get(2).get("cutoff").asString()).isEqualTo("2000-08-20");
        JsonNode last = windows.get(2).get("points");
        assertThat(last.get(last.size() - 1).get("timestamp").asString()).isEqualTo("2000-08-27");
        // the same forecast as one sent the history before the cutoff and the promotion after it
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 77; i++) {
            history.append(i > 0 ? "," : "").append("{\"timestamp\": \"").append(days.get(i)).append("\", \"demand\": ")
                    .append(actualDemand.get(i)).append(", \"promo\": ").append(promo.get(i)).append('}');
        }
        JsonNode sent = http().postJson("/api/v1/models/demand/forecast", "{\"horizon\": 7, \"history\": [" + history
                + "]}").json();
        for (int k = 0; k < 7; k++) {
            assertThat(last.get(k).get("value").asDouble()).isCloseTo(sent.get("points").get(k).get("value").asDouble(),
                    org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    @Order(6)
    void badKnownFutureRequestsAreRefusedWithWhatToChange() {
        Http.Response unknownColumn = http().postJson("/api/v1/models/demand/forecast", """
                {"horizon": 7, "future": [{"timestamp": "2000-08-29", "price": 3}]}""");
        assertThat(unknownColumn.status()).isEqualTo(400);
        assertThat(unknownColumn.json().get("detail").asString()).contains("'price'", "[promo]");
        Http.Response past = http().postJson("/api/v1/models/demand/forecast", """
                {"horizon": 7, "future": [{"timestamp": "2000-08-27", "promo": 1}]}""");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("detail").asString()).contains("not a step after 2000-08-27");

        // an observation of this model carries the promotion too (KnownFutureObservationsEndToEndTest)
        Http.Response observed = http().postJson("/api/v1/models/demand/observations", """
                {"points": [{"timestamp": "2000-08-28", "value": 1500}]}""");
        assertThat(observed.status()).isEqualTo(400);
        assertThat(observed.json().get("detail").asString()).contains("column 'promo' has no value at 2000-08-28");

        Http.Response hourly = http().postJson("/api/v1/models/bad/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "calendar": ["hourOfDay"]}""".formatted(datasetId));
        assertThat(hourly.status()).isEqualTo(400);
        assertThat(hourly.json().get("detail").asString()).contains("hourOfDay needs data finer than daily");
        Http.Response country = http().postJson("/api/v1/models/bad/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "holidays": "GB-XX"}""".formatted(datasetId));
        assertThat(country.status()).isEqualTo(400);
        assertThat(country.json().get("detail").asString()).contains("GB-ENG");
        Http.Response targetTwice = http().postJson("/api/v1/models/bad/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "futureFeatures": ["demand"]}""".formatted(datasetId));
        assertThat(targetTwice.status()).isEqualTo(400);
        assertThat(targetTwice.json().get("detail").asString()).contains("'futureFeatures'");
        // a future feature with values only after the last target value: refused before a job is queued
        StringBuilder planOnly = new StringBuilder("date,demand,promo\n");
        for (int t = 0; t < 60; t++) {
            planOnly.append(java.time.LocalDate.of(2001, 1, 1).plusDays(t)).append(',').append(t < 53 ? 100 + t % 7 : "")
                    .append(',').append(t < 53 ? "" : "1").append('\n');
        }
        Http.Response unlearnable = http().postMultipart("/api/v1/models/bad/training-jobs", Map.of("file",
                planOnly.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "spec",
                "{\"target\": \"demand\", \"horizon\": 7, \"futureFeatures\": [\"promo\"]}"));
        assertThat(unlearnable.status()).as(unlearnable.body()).isEqualTo(400);
        assertThat(unlearnable.json().get("detail").asString())
                .contains("Future feature 'promo' has no value up to the last target value");
        // a placeholder of 1e300 in a driver's past: named before a job is queued (it failed later with a diverged loss)
        StringBuilder placeholder = new StringBuilder("date,demand,promo\n");
        for (int t = 0; t < 60; t++) {
            placeholder.append(java.time.LocalDate.of(2001, 1, 1).plusDays(t)).append(',').append(100 + t % 7)
                    .append(',').append(t == 20 ? "1e300" : String.valueOf(t % 2)).append('\n');
        }
        for (String field : List.of("futureFeatures", "features")) {
            Http.Response tooLarge = http().postMultipart("/api/v1/models/bad/training-jobs", Map.of("file",
                    placeholder.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "spec",
                    "{\"target\": \"demand\", \"horizon\": 7, \"" + field + "\": [\"promo\"]}"));
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(400);
            assertThat(tooLarge.json().get("detail").asString()).contains("eature 'promo' has values too large to learn"
                    + " from (up to 1.0E300 in magnitude)", "Rescale the column");
        }

        // a plan far outside anything trained on: the promotion's effect multiplies demand, and 1e300 promotions
        // overflow; a 422 that names the future values sent, not a 5xx or an infinite forecast
        Http.Response extreme = http().postJson("/api/v1/models/demand/forecast", """
                {"horizon": 7, "future": [{"timestamp": "2000-08-31", "promo": 1e300}]}""");
        assertThat(extreme.status()).as(extreme.body()).isEqualTo(422);
        assertThat(extreme.json().get("detail").asString()).contains("cannot forecast this in finite numbers",
                "the future values sent");
        // nothing stored changed: the stored plan forecasts as before
        assertThat(values(http().get("/api/v1/models/demand/forecast?horizon=7").json())).containsExactly(values(planned));
    }
}
