package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

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

    static final Path DATA_DIR = TestDataDir.create("foresight-badforecast").resolve("data");
    static final String MODEL = "air";

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

    static String datasetId;
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
                bad("negative horizon", "/api/v1/models/air/forecast?horizon=-5", 400, "'horizon' must be a whole number",
                        "no sign", "got '-5'"),
                bad("horizon 10,000,000", "/api/v1/models/air/forecast?horizon=10000000", 400, "between 1 and 1000"),
                bad("horizon abc", "/api/v1/models/air/forecast?horizon=abc", 400, "'horizon'", "whole number", "abc"),
                bad("horizon beyond int", "/api/v1/models/air/forecast?horizon=99999999999", 400, "'horizon'", "whole number"),
                bad("version abc", "/api/v1/models/air/forecast?horizon=3&version=abc", 400, "'version'", "whole number"),
                bad("level 0", "/api/v1/models/air/forecast?horizon=3&levels=0", 400, "strictly between 0 and 100", "0.0"),
                bad("level 100", "/api/v1/models/air/forecast?horizon=3&levels=100", 400, "strictly between 0 and 100"),
                bad("level -5", "/api/v1/models/air/forecast?horizon=3&levels=-5", 400, "'levels' must be a number", "got '-5'"),
                bad("level 150", "/api/v1/models/air/forecast?horizon=3&levels=150", 400, "strictly between 0 and 100"),
                bad("level NaN", "/api/v1/models/air/forecast?horizon=3&levels=NaN", 400, "'levels' must be a number", "NaN"),
                bad("level abc", "/api/v1/models/air/forecast?horizon=3&levels=abc", 400, "'levels'", "number"),
                bad("unknown version path", "/api/v1/models/air/versions/7", 404, "no version 7"),
                bad("version path abc", "/api/v1/models/air/versions/abc", 400, "'version'", "whole number"),
                bad("unknown model path", "/api/v1/models/nosuch", 404, "no model 'nosuch'"),
                // one number grammar for path and query values: ASCII digits, no sign, leading zero, fraction, exponent
                bad("horizon in hex", "/api/v1/models/air/forecast?horizon=0x10", 400, "'horizon' must be a whole number",
                        "digits 0-9", "got '0x10'"),
                bad("horizon in Arabic-Indic digits", "/api/v1/models/air/forecast?horizon=%D9%A1%D9%A2", 400,
                        "'horizon' must be a whole number", "digits 0-9"),
                bad("horizon with a plus sign", "/api/v1/models/air/forecast?horizon=%2B3", 400, "'horizon'", "got '+3'"),
                bad("horizon with a leading space", "/api/v1/models/air/forecast?horizon=+3", 400, "'horizon'", "got ' 3'"),
                bad("horizon with a leading zero", "/api/v1/models/air/forecast?horizon=03", 400, "'horizon'", "leading zero"),
                bad("horizon with a fraction", "/api/v1/models/air/forecast?horizon=3.0", 400, "'horizon'", "got '3.0'"),
                bad("horizon with an exponent", "/api/v1/models/air/forecast?horizon=3e0", 400, "'horizon'", "got '3e0'"),
                bad("horizon empty", "/api/v1/models/air/forecast?horizon=", 400, "'horizon' is empty"),
                bad("horizon twice", "/api/v1/models/air/forecast?horizon=1&horizon=2", 400, "'horizon'", "more than once"),
                bad("version in hex", "/api/v1/models/air/forecast?horizon=3&version=0x1", 400, "'version' must be a whole number"),
                bad("version with a plus sign", "/api/v1/models/air/forecast?horizon=3&version=%2B1", 400, "'version'"),
                bad("version with a leading zero", "/api/v1/models/air/forecast?horizon=3&version=01", 400, "'version'",
                        "leading zero"),
                bad("version empty", "/api/v1/models/air/forecast?horizon=3&version=", 400, "'version' is empty"),
                bad("alias empty", "/api/v1/models/air/forecast?horizon=3&alias=", 400, "'alias' is empty"),
                bad("alias twice", "/api/v1/models/air/forecast?horizon=3&alias=production&alias=x", 400, "'alias'",
                        "more than once"),
                bad("level as a hex float", "/api/v1/models/air/forecast?horizon=3&levels=0x1p6", 400,
                        "'levels' must be a number", "got '0x1p6'"),
                bad("level with an exponent", "/api/v1/models/air/forecast?horizon=3&levels=8e1", 400, "'levels'", "8e1"),
                bad("level with a trailing dot", "/api/v1/models/air/forecast?horizon=3&levels=80.", 400, "'levels'", "80."),
                bad("level with a leading zero", "/api/v1/models/air/forecast?horizon=3&levels=080", 400, "'levels'", "080"),
                bad("level Infinity", "/api/v1/models/air/forecast?horizon=3&levels=Infinity", 400, "'levels'", "Infinity"),
                bad("levels empty", "/api/v1/models/air/forecast?horizon=3&levels=", 400, "'levels' is empty"),
                bad("levels one empty", "/api/v1/models/air/forecast?horizon=3&levels=80&levels=", 400, "'levels' is empty"),
                bad("levels empty in a list", "/api/v1/models/air/forecast?horizon=3&levels=80,", 400, "'levels' is empty"),
                bad("unknown parameter", "/api/v1/models/air/forecast?horizn=3", 400, "'horizn'", "horizon, version, alias, levels"),
                bad("version path with a leading zero", "/api/v1/models/air/versions/01", 400, "'version' must be a whole number"),
                bad("version path in hex", "/api/v1/models/air/versions/0x1", 400, "'version' must be a whole number"),
                bad("version path with a plus sign", "/api/v1/models/air/versions/+1", 400, "'version'"),
                bad("backtest version with a leading zero", "/api/v1/models/air/versions/01/backtest", 400, "'version'"),
                // ';' starts Tomcat's path parameters, which would be cut off the name silently
                bad("';' in the model name", "/api/v1/models/air;x/forecast?horizon=3", 400, "';'"),
                bad("';' in the version", "/api/v1/models/air/versions/1;x", 400, "';'"),
                bad("%3B in the model name", "/api/v1/models/air%3Bx/forecast?horizon=3", 400, "';'"),
                bad("';' alone", "/api/v1/models/air;/forecast?horizon=3", 400, "';'"));
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
                bad("history with an object", "{\"horizon\": 3, \"history\": " + history(36, 7, "{\"a\": 1}") + "}", 400,
                        "history[7].value", "number", "got an object"),
                bad("history with 300 characters of text", "{\"horizon\": 3, \"history\": " + history(36, 7, "\""
                        + "x".repeat(300) + "\"") + "}", 400, "history[7].value", "x".repeat(60) + "..."),
                bad("history with the string NaN", "{\"horizon\": 3, \"history\": " + history(36, 7, "\"NaN\"") + "}", 400,
                        "history[7].value", "NaN"),
                bad("history with a bare NaN token", "{\"horizon\": 3, \"history\": " + history(36, 7, "NaN") + "}", 400,
                        "not valid JSON", "NaN"),
                bad("history with Infinity overflow", "{\"horizon\": 3, \"history\": " + history(36, 7, "1e999") + "}", 400,
                        "history[7].value", "not a finite number"),
                // issue 15, family 6: numbers too large to forecast are a 422 that says so, never "Infinity" (1.7e308,
                // near the largest double: an interval around it overflows however narrow the calibration makes it)
                bad("history of 1.7e308 values", "{\"horizon\": 3, \"history\": " + history(36, 0, null)
                        .replaceAll("\"value\":[0-9.]+", "\"value\":1.7e308") + "}", 422, "finite numbers",
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
                bad("empty body", "", 400, "body is missing"),
                // JSON numbers are JSON numbers: a string is not coerced, whatever it holds
                bad("horizon as a numeric string", "{\"horizon\": \"12\"}", 400, "'horizon' must be a whole number", "the string '12'", "without quotes"),
                bad("horizon as a string with a plus", "{\"horizon\": \"+12\"}", 400, "'horizon' must be a whole number"),
                bad("horizon as an empty string", "{\"horizon\": \"\"}", 400, "'horizon' must be a whole number"),
                bad("version as a numeric string", "{\"horizon\": 3, \"version\": \"1\"}", 400, "'version' must be a whole number"),
                bad("level as a numeric string", "{\"horizon\": 3, \"levels\": [\"80\"]}", 400, "'levels[0]' must be a finite number"),
                // Jackson reads the strings "NaN" and "Infinity" as those values before any coercion rule; the range
                // check refuses them
                bad("level as the string NaN", "{\"horizon\": 3, \"levels\": [\"NaN\"]}", 400, "strictly between 0 and 100"));
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
        datasetId = BadInputSupport.uploadAir(http());
        BadInputSupport.trainSmall(http(), MODEL, datasetId);
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

    /** Writes whose path or version is not what it seems change nothing: {@code ;} is refused, versions are digits. */
    @Test
    @Order(4)
    void semicolonsAndLenientVersionsDoNotAddressAnotherThing() {
        String spec = "{\"datasetId\": \"" + datasetId + "\", \"target\": \"value\", \"horizon\": 3, \"epochs\": 1}";
        assertProblem(raw("POST", "/api/v1/models/air;b/training-jobs", "application/json", spec), 400, "';'");
        assertProblem(raw("POST", "/api/v1/models/air%3Bb/training-jobs", "application/json", spec), 400, "';'");
        assertProblem(raw("DELETE", "/api/v1/models/air;x/versions/1", null, null), 400, "';'");
        assertProblem(raw("PUT", "/api/v1/models/air/aliases/staging;v=2", "application/json", "{\"version\": 1}"), 400, "';'");
        assertProblem(raw("PUT", "/api/v1/models/air/aliases/staging%3bv=2", "application/json", "{\"version\": 1}"), 400, "';'");
        for (String version : new String[] {"01", "0x1", "+1", "%2B1", "1.0", "1e0", "%D9%A1", "%201"}) {
            assertProblem(raw("DELETE", "/api/v1/models/air/versions/" + version, null, null), 400, "'version'");
            assertProblem(raw("GET", "/api/v1/models/air/versions/" + version, null, null), 400, "'version'");
        }
        assertProblem(http().putJson("/api/v1/models/air/aliases/staging", "{\"version\": \"1\"}"), 400,
                "'version' must be a whole number");
        assertThat(http().get("/api/v1/training-jobs").json().size()).as("only the first job").isEqualTo(1);
    }

    /** Well-formed numbers are read as before: repeated and comma-separated levels, version 1. */
    @Test
    @Order(4)
    void wellFormedNumbersStillWork() {
        Http.Response repeated = http().get("/api/v1/models/air/forecast?horizon=2&version=1&levels=50&levels=90.5");
        assertThat(repeated.status()).as(repeated.body()).isEqualTo(200);
        Http.Response listed = http().get("/api/v1/models/air/forecast?horizon=2&version=1&levels=50,90.5");
        assertThat(listed.json()).isEqualTo(repeated.json());
        assertThat(repeated.json().get("points").get(0).get("lower").has("90.5")).as(repeated.body()).isTrue();
        assertThat(http().get("/api/v1/models/air/versions/1").status()).isEqualTo(200);
    }

    private Http.Response raw(String method, String target, String contentType, String body) {
        return (body == null ? BadInputSupport.raw(port, method, target, null)
                : BadInputSupport.raw(port, method, target, contentType, body)).asResponse();
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
