package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertNoInternals;
import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.list;
import static io.foresight.e2e.BadInputSupport.sample;
import static io.foresight.e2e.BadInputSupport.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Names that could become paths (docs/BAD_INPUT.md): model names in URLs, alias names, dataset names and uploaded
 * file names with {@code ..}, slashes, control characters or 300 characters are refused with a 4xx problem or mapped
 * to a safe name, and nothing is written outside the data directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadNamesTest {

    /** Every hostile name carries this mark, so that a file it created anywhere can be found. */
    static final String MARK = "evilmark";
    static final Path ROOT = TestDataDir.create("foresight-badnames");
    static final Path DATA_DIR = ROOT.resolve("data");
    static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));
    static final String LONG = "e".repeat(300) + MARK;

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
    static Map<String, String> before;
    static Set<String> tempBefore;
    static JsonNode forecastBefore;

    Http http() {
        return new Http(port);
    }

    /** Path segments as sent on the wire (already percent-encoded where needed). */
    static Stream<String> hostileSegments() {
        return Stream.of("..", "%2E%2E", "..%2F..%2F" + MARK, "a%2F" + MARK, "%2Ftmp%2F" + MARK, "..%5C..%5C" + MARK,
                "evil%00" + MARK, "evil%01" + MARK, "evil%0A" + MARK, "evil%0D%0A" + MARK, "evil%7F" + MARK, "." + MARK,
                "evil%20" + MARK, "%C3%A9" + MARK, "evil%3B" + MARK, "evil%25" + MARK, "%" + MARK, LONG);
    }

    /** Dataset names sent as the {@code name} part; all refused. */
    static Stream<String> hostileDatasetNames() {
        return Stream.of("..", "../" + MARK, "../../" + MARK, "a/" + MARK, "/tmp/" + MARK, "..\\" + MARK, "evil\u0001" + MARK,
                "evil\n" + MARK, "." + MARK, "evil " + MARK, "\u00e9" + MARK, LONG);
    }

    /** Uploaded file names (without a name part): accepted under a safe name derived from them. */
    static Stream<String> hostileFileNames() {
        return Stream.of("../../" + MARK + ".csv", "/tmp/" + MARK + ".csv", "..\\..\\" + MARK + ".csv", "..", "." + MARK + ".csv",
                "evil\u0001" + MARK + ".csv", "evil%2F" + MARK + ".csv", "evil;" + MARK + ".csv", LONG + ".csv", "");
    }

    @Test
    @Order(1)
    void trainsAModelFirst() {
        datasetId = BadInputSupport.uploadAir(http());
        BadInputSupport.trainSmall(http(), "air", datasetId);
        forecastBefore = http().get("/api/v1/models/air/forecast?horizon=6").json();
        // the forecast ledger records it a moment later, off the request (docs/ARCHITECTURE.md, "Forecast ledger")
        MonitoringEndToEndTest.await("the forecast recorded", () -> Files.exists(DATA_DIR.resolve("ledger/air/ledger.log")),
                recorded -> recorded);
        before = snapshot(DATA_DIR);
        tempBefore = marked(TEMP);
        assertThat(list(ROOT)).containsExactly("data");
    }

    @Order(2)
    @ParameterizedTest(name = "model name in the URL: {0}")
    @MethodSource("hostileSegments")
    void hostileModelNamesInUrlsAreRefused(String segment) {
        String spec = "{\"datasetId\": \"" + datasetId + "\", \"target\": \"value\", \"horizon\": 12, \"epochs\": 1}";
        assertRefused(BadInputSupport.raw(port, "POST", "/api/v1/models/" + segment + "/training-jobs", "application/json", spec));
        assertRefused(BadInputSupport.raw(port, "POST", "/api/v1/models/" + segment + "/forecast", "application/json",
                "{\"horizon\": 3}"));
        assertRefused(BadInputSupport.raw(port, "GET", "/api/v1/models/" + segment + "/forecast?horizon=3", null));
        assertRefused(BadInputSupport.raw(port, "DELETE", "/api/v1/models/" + segment + "/versions/1", null));
        assertRefused(BadInputSupport.raw(port, "GET", "/api/v1/datasets/" + segment, null));
        assertRefused(BadInputSupport.raw(port, "DELETE", "/api/v1/datasets/" + segment, null));
        assertRefused(BadInputSupport.raw(port, "GET", "/api/v1/training-jobs/" + segment, null));
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Order(3)
    @ParameterizedTest(name = "alias name: {0}")
    @MethodSource("hostileSegments")
    void hostileAliasNamesAreRefused(String segment) {
        assertRefused(BadInputSupport.raw(port, "PUT", "/api/v1/models/air/aliases/" + segment, "application/json",
                "{\"version\": 1}"));
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aLongOrDottedAliasNameSaysWhatIsAllowed() {
        assertProblem(http().putJson("/api/v1/models/air/aliases/" + LONG, "{\"version\": 1}"), 400, "alias", "1 to 100");
        assertProblem(http().putJson("/api/v1/models/air/aliases/.hidden", "{\"version\": 1}"), 400, "alias",
                "starting with a letter or digit");
        assertProblem(http().postJson("/api/v1/models/" + LONG + "/training-jobs",
                "{\"datasetId\": \"" + datasetId + "\", \"target\": \"value\", \"horizon\": 12}"), 400, "model name", "1 to 100");
    }

    @Order(5)
    @ParameterizedTest(name = "dataset name: {0}")
    @MethodSource("hostileDatasetNames")
    void hostileDatasetNamesAreRefused(String name) {
        Http.Response response = BadInputSupport.postFile(port, "/api/v1/datasets", "plain.csv", sample("AirPassengers.csv"),
                Map.of("name", name));
        assertProblem(response, 400, "Dataset name", "is not allowed", "[A-Za-z0-9._-]");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Order(6)
    @ParameterizedTest(name = "uploaded file name: {0}")
    @MethodSource("hostileFileNames")
    void hostileFileNamesAreMappedToSafeNames(String filename) {
        Http.Response response = BadInputSupport.postFile(port, "/api/v1/datasets", filename, sample("AirPassengers.csv"), Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String name = response.json().get("name").asString();
        assertThat(name).matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
        String id = response.json().get("id").asString();
        assertThat(id).matches("ds-[0-9a-f]{12}");
        assertThat(list(DATA_DIR.resolve("datasets"))).contains(id).allMatch(n -> n.matches("ds-[0-9a-f]{12}"));
        assertThat(http().delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Test
    @Order(7)
    void nothingWasWrittenOutsideTheDataDirectory() {
        assertThat(list(ROOT)).containsExactly("data");
        assertThat(list(DATA_DIR)).isSubsetOf("datasets", "models", "jobs", "ledger");
        assertThat(list(DATA_DIR.resolve("ledger"))).containsExactly("air");
        // besides the one model: the registry's lock file and generation marker (docs/ARCHITECTURE.md, "Several processes")
        assertThat(list(DATA_DIR.resolve("models"))).containsExactly(".generation.json", ".registry.lock", "air");
        assertThat(list(DATA_DIR.resolve("datasets"))).containsExactly(datasetId);
        assertThat(marked(ROOT)).isEmpty();
        assertThat(marked(TEMP)).isEqualTo(tempBefore);
        assertThat(marked(Path.of("").toAbsolutePath())).isEmpty();
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
        assertThat(http().get("/api/v1/models/air/forecast?horizon=6").json()).isEqualTo(forecastBefore);
        assertThat(management().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    }

    /** A 4xx RFC 9457 problem without internals; 5xx, HTML or a dropped connection fail. */
    private static void assertRefused(BadInputSupport.RawResponse response) {
        assertThat(response.status()).as(response.head() + "\n" + response.body()).isBetween(400, 499);
        assertThat(response.head().toLowerCase()).as(response.head() + "\n" + response.body())
                .contains("content-type: application/problem+json");
        assertThat(response.body()).contains("\"status\":" + response.status()).contains("\"detail\":");
        assertNoInternals(response.body());
    }

    /** Paths up to two levels below {@code dir} whose name contains {@link #MARK}. */
    private static Set<String> marked(Path dir) {
        Set<String> found = new java.util.TreeSet<>();
        for (Path entry : entries(dir)) {
            if (entry.getFileName().toString().contains(MARK)) {
                found.add(entry.toString());
            }
            if (Files.isDirectory(entry)) {
                for (Path inner : entries(entry)) {
                    if (inner.getFileName().toString().contains(MARK)) {
                        found.add(inner.toString());
                    }
                }
            }
        }
        return found;
    }

    private static java.util.List<Path> entries(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException | UncheckedIOException e) {
            // other processes change the temp directory while it is listed; what vanished holds no mark
            return java.util.List.of();
        }
    }
}
