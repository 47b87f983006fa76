package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.sample;
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

/**
 * The training-spec part of the bad-input catalogue (docs/BAD_INPUT.md): every request the service cannot train is
 * refused at once with a 400 that names the setting and its allowed values, as JSON and as the {@code spec} part of a
 * multipart upload, and no job, dataset or model appears.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadTrainingSpecTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-badspec").resolve("data");
    static final String DATASET = "@DATASET@";

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

    Http http() {
        return new Http(port);
    }

    /** name, JSON body ({@value #DATASET} stands for the stored dataset's id), expected status, detail fragments. */
    static Stream<Arguments> badSpecs() {
        return Stream.of(
                bad("unknown dataset", "{\"datasetId\": \"ds-000000000000\", \"target\": \"value\", \"horizon\": 12}",
                        "no dataset", "ds-000000000000"),
                bad("dataset id that is a path", "{\"datasetId\": \"../../etc/passwd\", \"target\": \"value\", \"horizon\": 12}",
                        "no dataset"),
                bad("no dataset id", "{\"target\": \"value\", \"horizon\": 12}", "'datasetId' is required"),
                bad("no target", spec("\"horizon\": 12"), "'target' is required", "value"),
                bad("unknown target column", spec("\"target\": \"passengers\", \"horizon\": 12"), "no numeric column 'passengers'",
                        "[value]"),
                bad("unknown feature column", spec("\"target\": \"value\", \"features\": [\"price\"], \"horizon\": 12"),
                        "no numeric column 'price'"),
                bad("target repeated as a feature", spec("\"target\": \"value\", \"features\": [\"value\"], \"horizon\": 12"),
                        "distinct"),
                bad("no horizon", spec("\"target\": \"value\""), "'horizon' is required"),
                bad("horizon given twice", spec("\"target\": \"value\", \"horizon\": 12, \"horizon\": 6"), "field 'horizon' twice"),
                bad("horizon 0", spec("\"target\": \"value\", \"horizon\": 0"), "'horizon' must be between 1 and 1000", "got 0"),
                bad("negative horizon", spec("\"target\": \"value\", \"horizon\": -3"), "'horizon' must be between 1 and 1000"),
                bad("horizon 10,000,000", spec("\"target\": \"value\", \"horizon\": 10000000"), "'horizon' must be between 1 and 1000"),
                bad("horizon beyond int", spec("\"target\": \"value\", \"horizon\": 99999999999999"), "'horizon'", "integer"),
                bad("horizon too long for the series", spec("\"target\": \"value\", \"horizon\": 200"), "144 points"),
                bad("window 0", spec("\"target\": \"value\", \"horizon\": 12, \"window\": 0"), "'window' must be between 2"),
                bad("window longer than the series", spec("\"target\": \"value\", \"horizon\": 12, \"window\": 500"),
                        "'window' must be between 2 and 144"),
                bad("window leaving too little to train", spec("\"target\": \"value\", \"horizon\": 12, \"window\": 130"),
                        "144 points", "window 130"),
                bad("unknown architecture TRANSFORMER", spec("\"target\": \"value\", \"horizon\": 12, \"architecture\": \"TRANSFORMER\""),
                        "'architecture'", "TRANSFORMER", "LSTM", "SIMPLE_RNN", "GRU", "BIDIRECTIONAL", "AUTO"),
                bad("architecture of the wrong type", spec("\"target\": \"value\", \"horizon\": 12, \"architecture\": 7"),
                        "'architecture'", "LSTM"),
                bad("epochs 1,000,000,000", spec("\"target\": \"value\", \"horizon\": 12, \"epochs\": 1000000000"),
                        "'epochs' must be between 1 and 1000"),
                bad("epochs 0", spec("\"target\": \"value\", \"horizon\": 12, \"epochs\": 0"), "'epochs' must be between 1"),
                bad("a layer of a million units", spec("\"target\": \"value\", \"horizon\": 12, \"layers\": [1000000]"),
                        "layers[0]", "between 1 and 512"),
                bad("a layer of 0 units", spec("\"target\": \"value\", \"horizon\": 12, \"layers\": [8, 0]"), "layers[1]", "between 1 and 512"),
                bad("no layers", spec("\"target\": \"value\", \"horizon\": 12, \"layers\": []"), "'layers' must list 1 to 8"),
                bad("too many layers", spec("\"target\": \"value\", \"horizon\": 12, \"layers\": [8,8,8,8,8,8,8,8,8]"),
                        "'layers' must list 1 to 8"),
                bad("a null layer", spec("\"target\": \"value\", \"horizon\": 12, \"layers\": [8, null]"), "layers[1]", "is required"),
                bad("layers not a list", spec("\"target\": \"value\", \"horizon\": 12, \"layers\": \"big\""), "'layers'"),
                bad("dropout 1", spec("\"target\": \"value\", \"horizon\": 12, \"dropout\": 1.0"), "'dropout'", "[0, 1)"),
                bad("dropout 1.5", spec("\"target\": \"value\", \"horizon\": 12, \"dropout\": 1.5"), "'dropout'", "[0, 1)"),
                bad("negative dropout", spec("\"target\": \"value\", \"horizon\": 12, \"dropout\": -0.1"), "'dropout'", "[0, 1)"),
                bad("learning rate 0", spec("\"target\": \"value\", \"horizon\": 12, \"learningRate\": 0"), "'learningRate'"),
                bad("learning rate 5", spec("\"target\": \"value\", \"horizon\": 12, \"learningRate\": 5"), "'learningRate'"),
                bad("batch size 0", spec("\"target\": \"value\", \"horizon\": 12, \"batchSize\": 0"), "'batchSize'"),
                bad("patience 0", spec("\"target\": \"value\", \"horizon\": 12, \"patience\": 0"), "'patience'"),
                bad("unknown representation", spec("\"target\": \"value\", \"horizon\": 12, \"representation\": \"FOO\""),
                        "'representation'", "LEVEL"),
                bad("horizon as text", spec("\"target\": \"value\", \"horizon\": \"abc\""), "'horizon'", "abc"),
                bad("epochs as a fraction string", spec("\"target\": \"value\", \"horizon\": 12, \"epochs\": \"many\""), "'epochs'"),
                bad("earlyStopping as a word", spec("\"target\": \"value\", \"horizon\": 12, \"earlyStopping\": \"maybe\""),
                        "'earlyStopping'"),
                bad("features not a list", spec("\"target\": \"value\", \"horizon\": 12, \"features\": {\"a\": 1}"), "'features'"),
                bad("misspelt field", spec("\"target\": \"value\", \"horizon\": 12, \"epoch\": 5"), "unknown field 'epoch'",
                        "epochs"),
                bad("fractional horizon", spec("\"target\": \"value\", \"horizon\": 1.5"), "'horizon'"),
                bad("malformed JSON", "{\"datasetId\": \"" + DATASET + "\", \"target\": ", "not valid JSON"),
                bad("trailing garbage", spec("\"target\": \"value\", \"horizon\": 12") + "}}", "not valid JSON"),
                bad("JSON array instead of an object", "[1, 2, 3]", "JSON object"),
                bad("JSON string instead of an object", "\"train please\"", "JSON object"),
                bad("JSON null", "null", "body"));
    }

    private static Arguments bad(String name, String json, String... detail) {
        return Arguments.of(name, json, detail);
    }

    private static String spec(String fields) {
        return "{\"datasetId\": \"" + DATASET + "\", " + fields + "}";
    }

    @Test
    @Order(1)
    void storesADatasetFirst() {
        datasetId = BadInputSupport.uploadAir(http());
        before = snapshot(DATA_DIR);
    }

    @Order(2)
    @ParameterizedTest(name = "JSON spec rejects {0}")
    @MethodSource("badSpecs")
    void rejectsBadJsonSpecs(String name, String json, String[] detail) {
        Http.Response response = http().postJson("/api/v1/models/spec-test/training-jobs", json.replace(DATASET, datasetId));
        assertProblem(response, 400, detail);
        assertThat(snapshot(DATA_DIR)).as("nothing stored changes").isEqualTo(before);
    }

    /** The spec cases that make sense as the {@code spec} part of an upload: well-formed, with the dataset. */
    static Stream<Arguments> badMultipartSpecs() {
        String prefix = "{\"datasetId\": \"" + DATASET + "\", ";
        return badSpecs().filter(a -> {
            String json = (String) a.get()[1];
            String name = a.get()[0].toString();
            return json.startsWith(prefix) && !name.contains("JSON") && !name.equals("trailing garbage");
        }).map(a -> Arguments.of(a.get()[0], ((String) a.get()[1]).replace(prefix, "{"), a.get()[2]));
    }

    @Order(3)
    @ParameterizedTest(name = "multipart spec rejects {0}")
    @MethodSource("badMultipartSpecs")
    void rejectsBadMultipartSpecs(String name, String spec, String[] detail) {
        Http.Response response = http().postMultipart("/api/v1/models/spec-test/training-jobs",
                Map.of("file", sample("AirPassengers.csv"), "spec", spec));
        assertProblem(response, 400, detail);
        assertThat(snapshot(DATA_DIR)).as("the uploaded file is not kept").isEqualTo(before);
    }

    @Test
    @Order(4)
    void aMultipartSpecNamingADatasetIsRefusedNotOverridden() {
        Http.Response response = http().postMultipart("/api/v1/models/spec-test/training-jobs", Map.of("file",
                sample("AirPassengers.csv"), "spec", "{\"datasetId\": \"" + datasetId + "\", \"target\": \"value\", \"horizon\": 12}"));
        assertProblem(response, 400, "'spec' names a datasetId", "uploaded file");
        assertThat(snapshot(DATA_DIR)).as("the uploaded file is not kept").isEqualTo(before);
    }

    @Test
    @Order(4)
    void malformedMultipartSpecIsExplained() {
        Http.Response response = http().postMultipart("/api/v1/models/spec-test/training-jobs",
                Map.of("file", sample("AirPassengers.csv"), "spec", "{\"target\": \"value\", \"horizon\": "));
        assertProblem(response, 400, "'spec'", "not valid JSON");
        response = http().postMultipart("/api/v1/models/spec-test/training-jobs",
                Map.of("file", sample("AirPassengers.csv"), "spec", "{\"target\": \"value\", \"horizon\": 12, \"architecture\": \"TRANSFORMER\"}"));
        assertProblem(response, 400, "'spec'", "'architecture'", "LSTM, SIMPLE_RNN, GRU, BIDIRECTIONAL, AUTO");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Test
    @Order(5)
    void wrongMediaTypesAndEmptyBodiesAreExplained() {
        Http.Response empty = http().postJson("/api/v1/models/spec-test/training-jobs", "");
        assertProblem(empty, 400, "body");
        BadInputSupport.RawResponse text = BadInputSupport.raw(port, "POST", "/api/v1/models/spec-test/training-jobs",
                "text/plain", "{}");
        assertThat(text.status()).isEqualTo(415);
        BadInputSupport.assertNoInternals(text.body());
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Test
    @Order(6)
    void nothingWasQueuedOrStored() {
        assertThat(http().get("/api/v1/training-jobs").json().size()).isZero();
        assertThat(http().get("/api/v1/models").json().size()).isZero();
        assertThat(http().get("/api/v1/datasets").json().size()).isEqualTo(1);
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
        assertThat(management().get("/actuator/health").body()).contains("\"status\":\"UP\"");
    }
}
