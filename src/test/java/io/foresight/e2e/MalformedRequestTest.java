package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.raw;
import static io.foresight.e2e.BadInputSupport.rawRequest;
import static io.foresight.e2e.BadInputSupport.snapshot;
import static io.foresight.e2e.BadInputSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests that are malformed before any endpoint reads them (docs/BAD_INPUT.md, "Malformed requests"): invalid
 * percent-encoding in a query string, form-encoded bodies, bodies in YAML, XML, CBOR or Smile, an unreadable
 * {@code Accept} header, HTTP versions, transfer codings and methods the service does not speak, a multipart part
 * header over its limit. Each gets a 4xx problem naming the cause, on the API port <b>and</b> on a separate management
 * port ({@code management.server.port=0}: the actuator runs in its own child context and Tomcat), and nothing is
 * logged with a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedRequestTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-malformed").resolve("data");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    static String datasetId;
    static Map<String, String> before;

    Http http() {
        return new Http(port);
    }

    @Test
    @Order(1)
    void theManagementPortIsSeparate() {
        assertThat(managementPort).isNotEqualTo(port).isPositive();
        assertThat(new Http(managementPort).get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        datasetId = BadInputSupport.uploadAir(http());
        before = snapshot(DATA_DIR);
    }

    /** Query strings (as sent on the wire) and a fragment of the detail: the parameter it names. */
    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("horizon=%ff", "'horizon'"),
                Arguments.of("horizon=%zz", "'horizon'"),
                Arguments.of("horizon=%", "'horizon'"),
                Arguments.of("horizon=3%", "'horizon'"),
                Arguments.of("horizon=%4", "'horizon'"),
                Arguments.of("h%zz=1", "h%zz"),
                Arguments.of("%ff=1", "%ff"),
                Arguments.of("horizon=%c0%af", "'horizon'"),
                Arguments.of("horizon=%ed%a0%80", "'horizon'"),
                Arguments.of("horizon=%e2%82", "'horizon'"),
                Arguments.of("horizon=%f4%90%80%80", "'horizon'"),
                Arguments.of("horizon=3&levels=80%2", "'levels'"),
                // quotes and backslashes of a name are quoted in the problem's JSON
                Arguments.of("a%22b=%zz", "'a\"b'"),
                Arguments.of("a%5Cb=%zz", "'a\\b'"));
    }

    /** On the API, the web page, the OpenAPI document and the actuator (on its own port): 400, logged in one line. */
    @Order(2)
    @ParameterizedTest(name = "?{0}")
    @MethodSource("badQueries")
    void invalidPercentEncodingInAQueryIsA400(String query, String names, CapturedOutput output) {
        for (String path : new String[] {"/api/v1/models/air/forecast", "/api/v1/datasets", "/api/v1/models", "/",
                "/v3/api-docs"}) {
            assertProblem(raw(port, "GET", path + "?" + query, null).asResponse(), 400, "query", "percent-encoding", names);
        }
        for (String path : new String[] {"/actuator/health", "/actuator/prometheus", "/actuator/info"}) {
            assertProblem(raw(managementPort, "GET", path + "?" + query, null).asResponse(), 400, "query",
                    "percent-encoding", names);
        }
        assertThat(output.toString()).as("logged without a stack trace").doesNotContain("\tat ")
                .doesNotContain("InvalidParameterException").contains("percent-encoding");
    }

    @Test
    @Order(2)
    void tooManyQueryParametersAreA400() {
        String query = "x=1&".repeat(1_001);
        assertProblem(raw(port, "GET", "/api/v1/models?" + query, null).asResponse(), 400, "query", "1000");
        assertProblem(raw(managementPort, "GET", "/actuator/health?" + query, null).asResponse(), 400, "query", "1000");
    }

    /** No endpoint reads application/x-www-form-urlencoded: refused before anything parses it. */
    @Order(3)
    @ParameterizedTest(name = "{0} as a form")
    @ValueSource(strings = {"POST /api/v1/models/air/forecast", "PUT /api/v1/models/air/aliases/staging",
            "DELETE /api/v1/datasets/ds-000000000000", "POST /api/v1/datasets", "POST /api/v1/models/air/training-jobs",
            "GET /api/v1/models"})
    void formEncodedBodiesAreRefused(String request, CapturedOutput output) {
        String[] parts = request.split(" ");
        for (String body : new String[] {"version=%zz&name=%ff&horizon=3", "horizon=3"}) {
            assertProblem(raw(port, parts[0], parts[1], "application/x-www-form-urlencoded", body).asResponse(), 415,
                    "application/x-www-form-urlencoded", "application/json");
        }
        assertProblem(raw(managementPort, "POST", "/actuator/health", "application/x-www-form-urlencoded", "a=%zz")
                .asResponse(), 415, "application/json");
        // a Content-Type with an unknown charset is named as sent, not called missing
        Http.Response bogus = raw(port, "POST", "/api/v1/models/air/forecast", "application/json; charset=bogus",
                "{\"horizon\": 3}").asResponse();
        assertProblem(bogus, 415, "'application/json; charset=bogus'", "charset");
        assertThat(bogus.json().get("detail").asString()).doesNotContain("no Content-Type");
        assertThat(output.toString()).doesNotContain("\tat ").doesNotContain("InvalidParameterException");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    /** A refused body is not read: the answer comes at once and the connection closes, without the rest of it. */
    @Test
    @Order(3)
    void aRefusedBodyIsNotWaitedFor() throws IOException {
        for (int p : new int[] {port, managementPort}) {
            try (java.net.Socket socket = new java.net.Socket("localhost", p)) {
                socket.setSoTimeout(15_000);
                socket.getOutputStream().write(utf8("POST " + (p == port ? "/api/v1/models/air/forecast" : "/actuator/health")
                        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 1000000\r\n\r\nhorizon=3&"));
                socket.getOutputStream().flush();
                long start = System.nanoTime();
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 415");
                assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the connection closed").isLessThan(5_000);
            }
        }
    }

    /** The contract is JSON in and out: YAML, XML, CBOR and Smile bodies are refused, naming application/json. */
    @Order(4)
    @ParameterizedTest(name = "a body as {0}")
    @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml", "application/xml", "text/xml",
            "application/cbor", "application/x-jackson-smile", "application/yaml;charset=UTF-8"})
    void bodiesInOtherFormatsThanJsonAreRefused(String type) {
        String body = type.contains("yaml") ? "horizon: 0x10\nunknown: 1_2\n" : "<a/>";
        assertProblem(raw(port, "POST", "/api/v1/models/air/forecast", type, body).asResponse(), 415, "application/json");
        assertProblem(raw(port, "PUT", "/api/v1/models/air/aliases/staging", type, "version: 1").asResponse(), 415,
                "application/json");
        assertProblem(raw(port, "POST", "/api/v1/models/air/training-jobs", type, "target: value\nhorizon: 12\ndatasetId: "
                + datasetId).asResponse(), 415, "application/json");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Order(4)
    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"application/yaml", "application/xml", "application/cbor"})
    void answersInOtherFormatsThanJsonAreRefused(String accept) {
        assertProblem(raw(port, "GET", "/api/v1/models", "Accept: " + accept + "\r\n").asResponse(), 406,
                "application/json");
        // the OpenAPI document keeps its YAML form: it is a document about the API, not an answer of it
        assertThat(http().get("/v3/api-docs.yaml").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void anUnreadableAcceptHeaderIsA400() {
        for (String accept : new String[] {"application/json;q=abc", "application/json;q=2", "application/json;q=",
                "text/", "application/json;q=-1", "application/json;q=0.5x"}) {
            assertProblem(raw(port, "GET", "/api/v1/models", "Accept: " + accept + "\r\n").asResponse(), 400, "Accept");
            assertProblem(raw(managementPort, "GET", "/actuator/health", "Accept: " + accept + "\r\n").asResponse(), 400,
                    "Accept");
        }
        assertThat(raw(port, "GET", "/api/v1/models", "Accept: application/json;q=0.9, */*;q=0.1\r\n").status())
                .isEqualTo(200);
    }

    @Test
    @Order(6)
    void anHttpVersionOtherThanOneIsA400NamingIt() {
        for (String version : new String[] {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/1.2"}) {
            for (int p : new int[] {port, managementPort}) {
                String path = p == port ? "/api/v1/models" : "/actuator/health";
                BadInputSupport.RawResponse response = rawRequest(p, utf8("GET " + path + " " + version
                        + "\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
                assertProblem(response.asResponse(), 400, "HTTP/1.1", version);
            }
        }
    }

    @Test
    @Order(6)
    void aTransferCodingOtherThanChunkedIsA400NamingIt() {
        for (String coding : new String[] {"gzip, chunked", "deflate, chunked", "identity, chunked"}) {
            BadInputSupport.RawResponse response = rawRequest(port, utf8("POST /api/v1/models/air/forecast HTTP/1.1\r\n"
                    + "Host: localhost\r\nTransfer-Encoding: " + coding + "\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\n\r\n0\r\n\r\n"));
            assertProblem(response.asResponse(), 400, "Transfer-Encoding", coding, "chunked");
        }
    }

    @Test
    @Order(6)
    void hostAndContentLengthMistakesAreNamed() {
        String forecast = "POST /api/v1/models/air/forecast HTTP/1.1\r\n";
        String json = "Content-Type: application/json\r\nConnection: close\r\n";
        for (int p : new int[] {port, managementPort}) {
            assertProblem(rawRequest(p, utf8("GET /api/v1/models HTTP/1.1\r\nConnection: close\r\n\r\n")).asResponse(),
                    400, "no Host header");
            assertProblem(rawRequest(p, utf8("GET /api/v1/models HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close"
                    + "\r\n\r\n")).asResponse(), 400, "2 Host headers");
            assertProblem(rawRequest(p, utf8(forecast + "Host: localhost\r\n" + json + "Content-Length: 13\r\n"
                    + "Content-Length: 14\r\n\r\n{\"horizon\":1}")).asResponse(), 400, "2 Content-Length headers");
            assertProblem(rawRequest(p, utf8(forecast + "Host: localhost\r\n" + json + "Content-Length: -1\r\n\r\n"))
                    .asResponse(), 400, "Content-Length '-1'", "ASCII digits");
        }
    }

    @Test
    @Order(6)
    void connectIsA400SayingThisIsNoProxy() {
        for (int p : new int[] {port, managementPort}) {
            BadInputSupport.RawResponse response = rawRequest(p, utf8("CONNECT localhost:80 HTTP/1.1\r\n"
                    + "Host: localhost:80\r\nConnection: close\r\n\r\n"));
            assertProblem(response.asResponse(), 400, "CONNECT", "proxy");
        }
    }

    @Test
    @Order(6)
    void anExpectationOtherThanContinueNamesTheHeader() {
        BadInputSupport.RawResponse response = raw(port, "GET", "/api/v1/models", "Expect: teapot\r\n");
        assertProblem(response.asResponse(), 417, "Expect", "100-continue");
    }

    /** A long file name on a small file: the part's headers are over Tomcat's limit, not the upload's size. */
    @Test
    @Order(7)
    void aPartHeaderOverItsLimitIsNamedAsSuch() {
        byte[] small = ("timestamp,value\n" + "2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n").getBytes();
        Http.Response response = BadInputSupport.postFile(port, "/api/v1/datasets", "a".repeat(600) + ".csv", small, Map.of());
        assertProblem(response, 400, "header", "512 bytes", "file name", "server.tomcat.max-part-header-size");
        assertThat(response.body()).doesNotContain("50 MB");
        Http.Response training = BadInputSupport.postFile(port, "/api/v1/models/air/training-jobs", "b".repeat(600) + ".csv",
                small, Map.of("spec", "{\"target\": \"value\", \"horizon\": 1}"));
        assertProblem(training, 400, "header", "512 bytes");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Test
    @Order(8)
    void theServiceIsStillHealthy() {
        assertThat(new Http(managementPort).get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(http().get("/api/v1/datasets/" + datasetId).status()).isEqualTo(200);
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }
}
