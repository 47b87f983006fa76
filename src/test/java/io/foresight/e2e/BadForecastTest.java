package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The forecast part of the bad-input catalogue (docs/BAD_INPUT.md): unknown models, versions and aliases are 404,
 * every malformed request a 400 naming the field, and the model trained before the catalogue forecasts exactly the
 * same afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadForecastTest {

    static final Path DATA_DIR;
    static final String MODEL = "air";

    static {
        try {
            DATA_DIR = Files.createTempDirectory("foresight-badforecast").resolve("data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
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

    static JsonNode forecastBefore;
    static JsonNode postForecastBefore;
    static Map<String, String> before;

    Http http() {
        return new Http(port);
    }

    /** GET query strings: name, query after {@code /api/v1/models/air/forecast}, status, detail fragments. */
    static Stream<Arguments> badGets() {
        return Stream.of(
                bad("unknown model", "/api/v1/models/nosuch/forecast?horizon=3", 404, "no model 'nosuch'"),
                bad("unknown version", "/api/v1/models/air/forecast?horizon=3&version=99", 404, "no version 99", "[1]"),
                bad("unknown alias", "/api/v1/models/air/forecast?horizon=3&alias=staging", 404, "no alias 'staging'",
                        "production"),
                bad("no horizon", "/api/v1/models/air/forecast", 400, "'horizon' is required"),
                bad("horizon 0", "/api/v1/models/air/forecast?horizon=0", 400, "'horizon' must be between 1 and 1000", "got 0"),
                bad("negative horizon", "/api/v1/models/air/forecast?horizon=-5", 400, "'horizon' must be between 1 and 1000"),
                bad("horizon 10,000,000", "/api/v1/models/air/forecast?horizon=10000000", 400, "between 1 and 1000"),
                bad("horizon abc", "/api/v1/models/air/forecast?horizon=abc", 400, "'horizon'", "whole number", "abc"),
                bad("horizon beyond int", "/api/v1/models/air/forecast?horizon=99999999999", 400, "'horizon'", "whole number"),
                bad("version abc", "/api/v1/models/air/forecast?horizon=3&version=abc", 400, "'version'", "whole number"),
                bad("level 0", "/api/v1/models/air/forecast?horizon=3&levels=0", 400, "strictly between 0 and 100", "0.0"),
                bad("level 100", "/api/v1/models/air/forecast?horizon=3&levels=100", 400, "strictly between 0 and 100"),
                bad("level -5", "/api/v1/models/air/forecast?horizon=3&levels=-5", 400, "strictly between 0 and 100"),
                bad("level 150", "/api/v1/models/air/forecast?horizon=3&levels=150", 400, "strictly between 0 and 100"),
                bad("level NaN", "/api/v1/models/air/forecast?horizon=3&levels=NaN", 400, "strictly between 0 and 100"),
                bad("level abc", "/api/v1/models/air/forecast?horizon=3&levels=abc", 400, "'levels'", "number"),
                bad("unknown version path", "/api/v1/models/air/versions/7", 404, "no version 7"),
                bad("version path abc", "/api/v1/models/air/versions/abc", 400, "'version'", "whole number"),
                bad("unknown model path", "/api/v1/models/nosuch", 404, "no model 'nosuch'"));
    }

    /** POST bodies to {@code /api/v1/models/air/forecast}: name, body, status, detail fragments. */
    static Stream<Arguments> badPosts() {
        String history36 = history(36, 0, null);
        return Stream.of(
                bad("unknown version", "{\"horizon\": 3, \"version\": 42}", 404, "no version 42"),
                bad("unknown alias", "{\"horizon\": 3, \"alias\": \"staging\"}", 404, "no alias 'staging'"),
                bad("no horizon", "{}", 400, "'horizon' is required"),
                bad("horizon 0", "{\"horizon\": 0}", 400, "'horizon' must be between 1 and 1000"),
                bad("horizon 10,000,000", "{\"horizon\": 10000000}", 400, "'horizon' must be between 1 and 1000"),
                bad("horizon abc", "{\"horizon\": \"abc\"}", 400, "'horizon'", "whole number", "abc"),
                bad("horizon as an object", "{\"horizon\": {\"n\": 3}}", 400, "'horizon'", "whole number", "object"),
                bad("version abc", "{\"horizon\": 3, \"version\": \"abc\"}", 400, "'version'", "whole number"),
                bad("levels 0", "{\"horizon\": 3, \"levels\": [0]}", 400, "strictly between 0 and 100"),
                bad("levels 100", "{\"horizon\": 3, \"levels\": [80, 100]}", 400, "strictly between 0 and 100"),
                bad("levels -5", "{\"horizon\": 3, \"levels\": [-5]}", 400, "strictly between 0 and 100"),
                bad("levels 150", "{\"horizon\": 3, \"levels\": [150]}", 400, "strictly between 0 and 100"),
                bad("levels null element", "{\"horizon\": 3, \"levels\": [80, null]}", 400, "strictly between 0 and 100"),
                bad("levels as text", "{\"horizon\": 3, \"levels\": [\"high\"]}", 400, "'levels[0]'", "number"),
                bad("levels not a list", "{\"horizon\": 3, \"levels\": 80}", 400, "'levels'"),
                bad("a level listed twice", "{\"horizon\": 3, \"levels\": [80, 95, 80]}", 400, "'levels'", "80", "twice"),
                bad("horizon given twice", "{\"horizon\": 3, \"horizon\": 5}", 400, "field 'horizon' twice"),
                bad("a history value given twice", "{\"horizon\": 3, \"history\": "
                        + history36.replaceFirst("(\"value\":[0-9.]+)", "$1,$1") + "}", 400, "field 'value' twice"),
                bad("history too short", "{\"horizon\": 3, \"history\": " + history(5, 0, null) + "}", 400, "5 observations",
                        "at least"),
                bad("history out of order", "{\"horizon\": 3, \"history\": " + swapped(history36) + "}", 400,
                        "does not follow", "oldest first"),
                bad("history with a gap", "{\"horizon\": 3, \"history\": "
                        + history36.replaceAll("\\{\"timestamp\":\"1970-05-01\",\"value\":[0-9.]+},", "") + "}", 400,
                        "history[4].timestamp 1970-06-01 does not follow 1970-04-01"),
                bad("history with text", "{\"horizon\": 3, \"history\": " + history(36, 7, "\"lots\"") + "}", 400,
                        "history[7].value", "number", "lots"),
                bad("history with the string NaN", "{\"horizon\": 3, \"history\": " + history(36, 7, "\"NaN\"") + "}", 400,
                        "history[7].value", "NaN"),
                bad("history with a bare NaN token", "{\"horizon\": 3, \"history\": " + history(36, 7, "NaN") + "}", 400,
                        "not valid JSON", "NaN"),
                bad("history with Infinity overflow", "{\"horizon\": 3, \"history\": " + history(36, 7, "1e999") + "}", 400,
                        "history[7].value", "not a finite number"),
                // issue 15, family 6: numbers too large to forecast are a 422 that says so, never "Infinity"
                bad("history of 1e308 values", "{\"horizon\": 3, \"history\": " + history(36, 0, null)
                        .replaceAll("\"value\":[0-9.]+", "\"value\":1e308") + "}", 422, "finite numbers",
                        "the history's values", "too large to forecast"),
                // issue 15, family 10: timestamps the service cannot represent, and forecasts that would run past them
                bad("history in the year 0000", "{\"horizon\": 3, \"history\": " + history(36, 0, null)
                        .replaceAll("\"19(7[0-9])-", "\"00$1-").replace("\"0070-", "\"0000-") + "}", 400, "history[0].timestamp",
                        "'0000-01-01' is outside the timestamps", "0001-01-01T00:00:00 to 9999-12-31T23:59:59"),
                bad("a forecast running past 9999", "{\"horizon\": 3, \"history\": " + history(36, 0, null)
                        .replaceAll("\"19(7[0-9])-", "\"99$1-").replace("\"9970-", "\"9997-").replace("\"9971-", "\"9998-")
                        .replace("\"9972-", "\"9999-") + "}", 400, "3 steps from 9999-12-01", "run past 9999-12-31T23:59:59",
                        "no step after it"),
                bad("history with a negative value on a log model", "{\"horizon\": 3, \"history\": " + history(36, 7, "-4") + "}",
                        400, "positive"),
                bad("history without the target column", "{\"horizon\": 3, \"history\": "
                        + history36.replace("\"value\"", "\"passengers\"") + "}", 400, "no value for column 'value'"),
                bad("history all missing", "{\"horizon\": 3, \"history\": " + history36.replaceAll("\"value\":[0-9.]+", "\"value\":null")
                        + "}", 400, "no value at all"),
                bad("history with a bad timestamp", "{\"horizon\": 3, \"history\": " + history36.replace("1970-05-01", "May 1970")
                        + "}", 400, "history[4].timestamp", "not a timestamp"),
                bad("history row without timestamp", "{\"horizon\": 3, \"history\": [{\"value\": 1}]}", 400,
                        "history[0].timestamp"),
                bad("history row null", "{\"horizon\": 3, \"history\": [null]}", 400, "history[0] is null"),
                bad("history not a list", "{\"horizon\": 3, \"history\": \"yesterday\"}", 400, "'history'", "array"),
                bad("malformed JSON", "{\"horizon\": 3,", 400, "not valid JSON"),
                bad("deeply nested JSON", "{\"x\":".repeat(5000) + "1" + "}".repeat(5000), 400, "nested too deeply"),
                bad("empty body", "", 400, "body is missing"));
    }

    private static Arguments bad(String name, String request, int status, String... detail) {
        return Arguments.of(name, request, status, detail);
    }

    /** Monthly history from 1970-01 of {@code months} values growing 1 % a month; row {@code odd} gets {@code oddValue}. */
    static String history(int months, int odd, String oddValue) {
        StringBuilder json = new StringBuilder("[");
        double value = 400;
        for (int month = 0; month < months; month++) {
            String shown = oddValue != null && month == odd ? oddValue : String.format(java.util.Locale.ROOT, "%.1f", value);
            json.append(month > 0 ? "," : "").append("{\"timestamp\":\"%d-%02d-01\",\"value\":%s}"
                    .formatted(1970 + month / 12, month % 12 + 1, shown));
            value = Math.round(value * 1.01 * 10) / 10.0;
        }
        return json.append("]").toString();
    }

    private static String swapped(String history) {
        return history.replace("1970-03-01", "TMP").replace("1970-04-01", "1970-03-01").replace("TMP", "1970-04-01");
    }

    @Test
    @Order(1)
    void trainsAModelAndRecordsItsForecasts() {
        String dataset = BadInputSupport.uploadAir(http());
        BadInputSupport.trainSmall(http(), MODEL, dataset);
        Http.Response get = http().get("/api/v1/models/air/forecast?horizon=12");
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        forecastBefore = get.json();
        Http.Response post = http().postJson("/api/v1/models/air/forecast",
                "{\"horizon\": 6, \"levels\": [50, 90], \"history\": " + history(36, 0, null) + "}");
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        postForecastBefore = post.json();
        before = snapshot(DATA_DIR);
    }

    @Order(2)
    @ParameterizedTest(name = "GET {0}")
    @MethodSource("badGets")
    void rejectsBadGets(String name, String path, int status, String[] detail) {
        assertProblem(http().get(path), status, detail);
    }

    @Order(3)
    @ParameterizedTest(name = "POST {0}")
    @MethodSource("badPosts")
    void rejectsBadPosts(String name, String body, int status, String[] detail) {
        assertProblem(http().postJson("/api/v1/models/air/forecast", body), status, detail);
    }

    @Test
    @Order(4)
    void unknownModelsOnPostAndAliasesAreNotFound() {
        assertProblem(http().postJson("/api/v1/models/nosuch/forecast", "{\"horizon\": 3}"), 404, "no model 'nosuch'");
        assertProblem(http().putJson("/api/v1/models/nosuch/aliases/staging", "{\"version\": 1}"), 404, "no model 'nosuch'");
        assertProblem(http().putJson("/api/v1/models/air/aliases/staging", "{\"version\": 5}"), 404, "no version 5");
        assertProblem(http().putJson("/api/v1/models/air/aliases/staging", "{}"), 400, "\"version\"");
        assertProblem(http().putJson("/api/v1/models/air/aliases/staging", "{\"version\": \"one\"}"), 400, "'version'");
        assertProblem(http().delete("/api/v1/models/air/versions/1"), 409, "production");
        assertProblem(http().delete("/api/v1/models/air/versions/9"), 404, "no version 9");
        assertProblem(http().get("/api/v1/training-jobs/job-000000000000"), 404, "no training job");
        assertProblem(http().get("/api/v1/training-jobs/..%2F..%2Fetc"), 400);
        assertProblem(http().delete("/api/v1/datasets/ds-000000000000"), 404, "no dataset");
        assertProblem(http().get("/api/v1/datasets/not-an-id"), 404, "ds-0123456789ab");
    }

    /** Issue 15, family 10: a forecast may end on the last representable month, and says how far it may go. */
    @Test
    @Order(4)
    void aForecastEndsAtTheYear9999AtTheLatest() {
        String history = history(36, 0, null).replaceAll("\"19(7[0-9])-", "\"99$1-").replace("\"9970-", "\"9996-")
                .replace("\"9971-", "\"9997-").replace("\"9972-", "\"9998-");
        Http.Response fits = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 12, \"history\": " + history + "}");
        assertThat(fits.status()).as(fits.body()).isEqualTo(200);
        assertThat(fits.json().get("points").get(11).get("timestamp").asString()).isEqualTo("9999-12-01");
        assertProblem(http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 14, \"history\": " + history + "}"), 400,
                "14 steps from 9998-12-01", "ask for at most 12 steps");
    }

    @Test
    @Order(5)
    void theModelForecastsExactlyAsBeforeAndTheServiceIsHealthy() {
        assertThat(snapshot(DATA_DIR)).as("nothing stored changed").isEqualTo(before);
        assertThat(http().get("/api/v1/models/air/forecast?horizon=12").json()).isEqualTo(forecastBefore);
        assertThat(http().postJson("/api/v1/models/air/forecast",
                "{\"horizon\": 6, \"levels\": [50, 90], \"history\": " + history(36, 0, null) + "}").json())
                .isEqualTo(postForecastBefore);
        JsonNode model = http().get("/api/v1/models/air").json();
        assertThat(model.get("versions").size()).isEqualTo(1);
        assertThat(model.get("aliases").get("production").asInt()).isEqualTo(1);
        Http.Response health = management().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }
}
