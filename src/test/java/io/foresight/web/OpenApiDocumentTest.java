package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.e2e.Http;
import io.foresight.e2e.TestDataDir;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's description is part of the contract: {@code docs/openapi.json} is the live {@code /v3/api-docs}
 * (keys sorted, pretty-printed, the server URL removed), so that a change to the API shows up in review as a
 * change to that file. When an intended change makes this test fail, regenerate the file with
 * {@value #REGENERATE} and commit it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTest {

    static final Path DOCUMENT = Path.of("docs", "openapi.json");
    static final String REGENERATE = "./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.write=true";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Like {@code python -m json.tool}: two spaces, {@code "key": value}, one array element per line. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")).withArrayIndenter(new DefaultIndenter("  ", "\n"));

    static final Path DATA_DIR = TestDataDir.create("foresight-openapi");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void liveDocumentIsTheOneInDocs() throws IOException {
        Http.Response response = new Http(port).get("/v3/api-docs");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String live = normalise(response.body());
        if (Boolean.getBoolean("openapi.write")) {
            Files.createDirectories(DOCUMENT.getParent());
            Files.writeString(DOCUMENT, live, StandardCharsets.UTF_8);
            System.out.println("OpenApiDocumentTest: wrote " + DOCUMENT.toAbsolutePath());
            return;
        }
        if (!Files.exists(DOCUMENT)) {
            fail(DOCUMENT + " is missing. Generate it with:\n  " + REGENERATE);
        }
        String stored = normalise(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
        if (!live.equals(stored)) {
            fail("The API's OpenAPI document (/v3/api-docs) differs from " + DOCUMENT + ":\n" + firstDifference(stored, live)
                    + "\nIf the API change is intended, regenerate the file and commit it:\n  " + REGENERATE);
        }
    }

    @Test
    void everyOperationHasASummaryAnExampleAndItsErrorsAsProblemDetails() {
        JsonNode document = JSON.readTree(new Http(port).get("/v3/api-docs").body());
        List<String> missing = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                operations++;
                String operation = entry.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = entry.getValue();
                if (!op.hasNonNull("summary") || op.get("summary").asString().isBlank()) {
                    missing.add(operation + ": summary");
                }
                if (!op.hasNonNull("operationId") || op.get("operationId").asString().matches(".*_\\d+")) {
                    missing.add(operation + ": an explicit operationId");
                }
                for (JsonNode parameter : op.path("parameters")) {
                    if (!parameter.hasNonNull("description") || !parameter.has("example")) {
                        missing.add(operation + ": description and example of parameter " + parameter.get("name"));
                    }
                }
                boolean success = false;
                boolean error = false;
                for (Map.Entry<String, JsonNode> answer : op.get("responses").properties()) {
                    int status = Integer.parseInt(answer.getKey());
                    JsonNode content = answer.getValue().path("content");
                    if (status < 300) {
                        success = true;
                        if (status != 204 && !hasExample(content)) {
                            missing.add(operation + ": an example of the " + status + " answer");
                        }
                    } else {
                        error = true;
                        JsonNode problem = content.path("application/problem+json");
                        if (!problem.path("schema").path("$ref").asString().endsWith("/ProblemDetail")
                                || !problem.has("example")) {
                            missing.add(operation + ": the " + status + " answer as an application/problem+json"
                                    + " ProblemDetail with an example");
                        }
                    }
                }
                if (!success || !error) {
                    missing.add(operation + ": a success answer and its error answers");
                }
            }
        }
        assertThat(operations).as("operations under /api").isGreaterThanOrEqualTo(17);
        assertThat(missing).as("what the OpenAPI document lacks").isEmpty();
    }

    @Test
    void swaggerUiIsServed() {
        Http http = new Http(port);
        Http.Response ui = http.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        assertThat(http.get("/swagger-ui.html").status()).isIn(200, 302);
    }

    private static boolean hasExample(JsonNode content) {
        for (JsonNode media : content) {
            if (media.has("example") || media.has("examples")) {
                return true;
            }
        }
        return false;
    }

    /** Sorted keys at every level, two-space indentation, no {@code servers} (they name the random port). */
    static String normalise(String json) {
        JsonNode tree = JSON.readTree(json);
        if (tree instanceof ObjectNode object) {
            object.remove("servers");
        }
        return JSON.writer().with(PRETTY).writeValueAsString(sorted(tree)) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode copy = nodes.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = nodes.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    private static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end of file>";
            String right = i < b.length ? b[i] : "<end of document>";
            if (!left.equals(right)) {
                return "  line " + (i + 1) + " in " + DOCUMENT + ": " + left.strip() + "\n  line " + (i + 1)
                        + " live:" + " ".repeat(DOCUMENT.toString().length() - 1) + right.strip();
            }
        }
        return "  (no line differs)";
    }
}
