package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertNoInternals;
import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.sample;
import static io.foresight.e2e.BadInputSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.ForesightApplication;

/**
 * Who gets in (docs/BAD_INPUT.md): with {@code foresight.api-key} set, changes need the bearer key (401 problem
 * otherwise, also for tricks with the path), reads do not unless {@code foresight.api-key-for-reads}; the actuator
 * shows only health, info and prometheus; no error body anywhere reveals a stack trace or a class name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityTest {

    static final String KEY = "s3cret-key-for-tests";
    static final Path DATA_DIR = TestDataDir.create("foresight-security").resolve("data");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("foresight.api-key", () -> KEY);
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

    Http anonymous() {
        return new Http(port);
    }

    Http wrongKey() {
        return new Http(port).withApiKey("not-the-key");
    }

    Http authorised() {
        return new Http(port).withApiKey(KEY);
    }

    @Test
    @Order(1)
    void theKeyLetsAChangeThrough() {
        Http.Response upload = authorised().postMultipart("/api/v1/datasets", Map.of("file", sample("AirPassengers.csv"), "name", "air"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        datasetId = upload.json().get("id").asString();
    }

    /** Every state-changing request, without the key and with a wrong one. */
    @Test
    @Order(2)
    void changesWithoutTheRightKeyAre401() {
        Map<String, String> before = snapshot(DATA_DIR);
        for (Http http : new Http[] {anonymous(), wrongKey()}) {
            assertUnauthorized(http.postMultipart("/api/v1/datasets", Map.of("file", sample("AirPassengers.csv"))));
            assertUnauthorized(http.delete("/api/v1/datasets/" + datasetId));
            assertUnauthorized(http.postJson("/api/v1/models/m/training-jobs",
                    "{\"datasetId\": \"" + datasetId + "\", \"target\": \"value\", \"horizon\": 12}"));
            assertUnauthorized(http.postMultipart("/api/v1/models/m/training-jobs", Map.of("file", sample("AirPassengers.csv"),
                    "spec", "{\"target\": \"value\", \"horizon\": 12}")));
            assertUnauthorized(http.putJson("/api/v1/models/m/aliases/production", "{\"version\": 1}"));
            assertUnauthorized(http.delete("/api/v1/models/m/versions/1"));
            assertUnauthorized(http.delete("/api/v1/training-jobs/job-000000000000"));
        }
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    /** Request targets that normalise to a protected endpoint must not slip past the key check. */
    @ParameterizedTest(name = "path trick {0}")
    @Order(3)
    @ValueSource(strings = {"//api/v1/datasets/%s", "/./api/v1/datasets/%s", "/x/../api/v1/datasets/%s",
            "/api/v1/datasets/%s/", "/api/v1/datasets/%s;x=1", "/api//v1/datasets/%s", "/%%61pi/v1/datasets/%s",
            "/API/v1/datasets/%s", "/api/v1/datasets/%s/forecast", "/api/v1/datasets/%s;/forecast",
            "/api/v1/datasets/%s/x/..", "/api/v1/datasets/%s/forecast/..", "/api/v1/datasets/%s%%2Fforecast"})
    void pathTricksDoNotBypassTheKey(String template) {
        String target = template.formatted(datasetId);
        BadInputSupport.RawResponse response = BadInputSupport.raw(port, "DELETE", target, null);
        assertThat(response.status()).as(target + " -> " + response.head()).isIn(401, 400, 404, 405);
        assertThat(response.head().toLowerCase()).contains("content-type: application/problem+json");
        assertNoInternals(response.body());
        assertThat(anonymous().get("/api/v1/datasets/" + datasetId).status()).as("the dataset is still there after " + target)
                .isEqualTo(200);
    }

    @Test
    @Order(4)
    void readsAndForecastsWorkWithoutTheKey() {
        assertThat(anonymous().get("/api/v1/datasets").status()).isEqualTo(200);
        assertThat(anonymous().get("/api/v1/datasets/" + datasetId).status()).isEqualTo(200);
        assertThat(anonymous().get("/api/v1/models").status()).isEqualTo(200);
        assertThat(anonymous().get("/api/v1/training-jobs").status()).isEqualTo(200);
        // forecasts are state-free: without the key they reach the service (here: 404, there is no such model)
        assertProblem(anonymous().get("/api/v1/models/nosuch/forecast?horizon=3"), 404, "no model");
        assertProblem(anonymous().postJson("/api/v1/models/nosuch/forecast", "{\"horizon\": 3}"), 404, "no model");
    }

    @ParameterizedTest(name = "actuator {0} is not exposed")
    @Order(5)
    @ValueSource(strings = {"env", "heapdump", "configprops", "beans", "threaddump", "loggers", "mappings", "metrics",
            "shutdown", "conditions", "scheduledtasks", "sbom", "env/foresight.api-key"})
    void onlyHealthInfoAndPrometheusAreExposed(String endpoint) {
        for (Http http : List.of(management().withApiKey(KEY), authorised())) {
            Http.Response response = http.get("/actuator/" + endpoint);
            assertThat(response.status()).as(response.body()).isEqualTo(404);
            assertNoInternals(response.body());
            assertThat(response.body()).doesNotContain(KEY);
            assertThat(http.postJson("/actuator/" + endpoint, "{}").status()).isIn(401, 404, 405);
        }
    }

    @Test
    @Order(6)
    void healthInfoAndPrometheusAreThereOnTheManagementPortOnly() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(management().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(management().get("/actuator/info").status()).isEqualTo(200);
        Http.Response prometheus = management().get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).doesNotContain(KEY);
        assertThat(management().get("/actuator").body()).doesNotContain("\"env\"").doesNotContain("heapdump");
        for (String endpoint : List.of("health", "info", "prometheus", "")) {
            Http.Response onApiPort = anonymous().get("/actuator/" + endpoint);
            assertThat(onApiPort.status()).as("/actuator/%s on the API port", endpoint).isEqualTo(404);
            assertNoInternals(onApiPort.body());
        }
    }

    static Stream<String> oddRequests() {
        return Stream.of("GET /api/v1/nothing-here", "GET /nothing-here", "POST /api/v1/datasets/x/y", "PATCH /api/v1/models",
                "GET /api/v1/models/%00", "GET /api/v1/models/%zz", "GET /api/v1/models/a%2Fb",
                "GET /api/v1/models/a\\b", "GET /api/v1/models/a|b", "GET /error", "TRACE /api/v1/models",
                "GET /api/v1/models/" + "x".repeat(20_000));
    }

    /** Odd requests anywhere get a problem without internals, never a stack trace or an HTML page. */
    @ParameterizedTest(name = "{0}")
    @Order(7)
    @MethodSource("oddRequests")
    void oddRequestsGetProblemsWithoutInternals(String request) {
        String[] parts = request.split(" ", 2);
        BadInputSupport.RawResponse response = BadInputSupport.raw(port, parts[0], parts[1], "Authorization: Bearer " + KEY + "\r\n");
        assertThat(response.status()).as(response.head() + response.body()).isBetween(400, 499);
        assertThat(response.head().toLowerCase()).as(response.head() + response.body())
                .contains("content-type: application/problem+json");
        assertNoInternals(response.body());
        assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
    }

    /** method, target, Content-Type, body: bodies that cannot be read as what they claim to be. */
    static Stream<Arguments> oddBodies() {
        StringBuilder manyParts = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            manyParts.append("--b\r\nContent-Disposition: form-data; name=\"p").append(i).append("\"\r\n\r\nx\r\n");
        }
        manyParts.append("--b--\r\n");
        return Stream.of(
                Arguments.of("POST", "/api/v1/models/m/forecast", "application/json;charset=nope", "{}"),
                Arguments.of("POST", "/api/v1/models/m/forecast", "???", "{}"),
                Arguments.of("POST", "/api/v1/models/m/forecast", "application/xml", "<a/>"),
                Arguments.of("POST", "/api/v1/datasets", "multipart/form-data", "--x\r\n"),
                Arguments.of("POST", "/api/v1/datasets", "multipart/form-data; boundary=b", "--b\r\nnonsense"),
                Arguments.of("POST", "/api/v1/datasets", "multipart/form-data; boundary=b", manyParts.toString()),
                Arguments.of("POST", "/api/v1/models/m/training-jobs", "multipart/form-data; boundary=b",
                        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\ntimestamp,value\r\n--b--\r\n"),
                Arguments.of("PUT", "/api/v1/models/m/aliases/a", "application/json", "[1]"),
                Arguments.of("POST", "/api/v1/datasets", "application/x-www-form-urlencoded", "file=abc"));
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @Order(8)
    @MethodSource("oddBodies")
    void unreadableBodiesGetProblemsWithoutInternals(String method, String target, String contentType, String body) {
        BadInputSupport.RawResponse response = BadInputSupport.raw(port, method, target, "Authorization: Bearer " + KEY + "\r\n",
                contentType, body);
        assertThat(response.status()).as(response.head() + response.body()).isBetween(400, 499);
        assertThat(response.head().toLowerCase()).as(response.head() + response.body())
                .contains("content-type: application/problem+json");
        assertNoInternals(response.body());
    }

    @Test
    @Order(8)
    void errorsAskedForAsHtmlAreStillProblems() {
        BadInputSupport.RawResponse response = BadInputSupport.raw(port, "GET", "/api/v1/models/nosuch",
                "Accept: text/html\r\n");
        assertThat(response.status()).isEqualTo(404);
        assertNoInternals(response.body());
        assertThat(response.body()).doesNotContain("<html");
        BadInputSupport.RawResponse events = BadInputSupport.raw(port, "GET", "/api/v1/training-jobs/job-000000000000/events",
                "Accept: text/event-stream\r\n");
        assertThat(events.status()).isEqualTo(404);
        assertNoInternals(events.body());
    }

    @Test
    @Order(9)
    void withKeyForReadsForecastsNeedTheKeyToo() {
        try (ConfigurableApplicationContext strict = new SpringApplicationBuilder(ForesightApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--foresight.data-dir=" + DATA_DIR,
                        "--foresight.api-key=" + KEY, "--foresight.api-key-for-reads=true")) {
            int strictPort = Integer.parseInt(strict.getEnvironment().getProperty("local.server.port"));
            int strictManagementPort = Integer.parseInt(strict.getEnvironment().getProperty("local.management.port"));
            Http none = new Http(strictPort);
            assertUnauthorized(none.get("/api/v1/models/nosuch/forecast?horizon=3"));
            assertUnauthorized(none.postJson("/api/v1/models/nosuch/forecast", "{\"horizon\": 3}"));
            assertUnauthorized(new Http(strictPort).withApiKey("wrong").postJson("/api/v1/models/nosuch/forecast", "{\"horizon\": 3}"));
            assertUnauthorized(none.get("/api/v1/datasets"));
            assertUnauthorized(none.postMultipart("/api/v1/datasets", Map.of("file", sample("AirPassengers.csv"))));
            Http key = new Http(strictPort).withApiKey(KEY);
            assertProblem(key.get("/api/v1/models/nosuch/forecast?horizon=3"), 404, "no model");
            assertThat(key.get("/api/v1/datasets").status()).isEqualTo(200);
            assertThat(new Http(strictManagementPort).get("/actuator/health").status()).isEqualTo(200);
        }
    }

    private static void assertUnauthorized(Http.Response response) {
        assertProblem(response, 401, "Authorization: Bearer");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.body()).doesNotContain(KEY);
    }
}
