package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Issue 15, family 6 (docs/BAD_INPUT.md): a forecast is either all finite numbers with lower <= value <= upper at
 * every level and each wider interval containing the narrower, or a 4xx problem that says why; and training never
 * stores a version with a number that is not finite. Degenerate series trained over HTTP (short ones, so that only
 * the statistical methods run and the test stays quick).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NonFiniteForecastTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-nonfinite").resolve("data");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    @Test
    void aConstantSeriesHasBoundsAroundItsValue() {
        // on the log scale a zero width gave [4.999999999999999, 4.999999999999999] around 5
        train("constant", monthly(12, i -> 7));
        assertFiniteAndOrdered("constant", "horizon=9&levels=50&levels=80&levels=95&levels=99", true);
    }

    @Test
    void aSeriesOfSubnormalValuesHasBoundsAroundItsValue() {
        // the logarithm of a value below Double.MIN_NORMAL is clamped: the lower bound was 2.2e-308 above 1e-310
        train("subnormal", monthly(12, i -> 1e-310 * (1 + i % 3)));
        assertFiniteAndOrdered("subnormal", "horizon=9&levels=50&levels=80&levels=95&levels=99", true);
    }

    @Test
    void aSeriesOfHugeValuesHasFiniteScores() {
        // errors of about 1e199 have squares beyond a double: the RMSE was stored as "Infinity"
        train("huge", monthly(12, i -> 1e200 * (1 + 0.3 * (i % 4))));
        Http.Response version = http().get("/api/v1/models/huge/versions/1");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.body()).as("every stored number is finite").doesNotContain("Infinity").doesNotContain("NaN");
        assertThat(version.json().get("backtest").get("model").get("rmse").isNumber()).isTrue();
        assertFiniteAndOrdered("huge", "horizon=6", true);
        // far ahead and at a high level the bounds overflow: a 422 that says so, never "Infinity"
        Http.Response far = http().get("/api/v1/models/huge/forecast?horizon=1000&levels=99.9");
        if (far.status() != 200) {
            assertProblem(far, 422, "finite numbers", "too large");
        } else {
            assertFiniteAndOrdered("huge", "horizon=1000&levels=99.9", true);
        }
    }

    @Test
    void aJumpToHugeValuesFailsTheJobAndStoresNothing() {
        JsonNode job = submit("jump", monthly(12, i -> i < 10 ? 1 : 1e300));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.get("error").asString()).contains("too large to represent", "Nothing was registered", "rescale");
        assertThat(job.get("version").isNull()).isTrue();
        assertProblem(http().get("/api/v1/models/jump"), 404, "no model 'jump'");
    }

    private void train(String model, String csv) {
        JsonNode job = submit(model, csv);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    private JsonNode submit(String model, String csv) {
        Http.Response upload = http().postMultipart("/api/v1/datasets",
                Map.of("file", csv.getBytes(StandardCharsets.UTF_8), "name", model));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http().postJson("/api/v1/models/" + model + "/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 3, "seed": 3}""".formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        return BadInputSupport.awaitJob(http(), submitted.json().get("id").asString(), Duration.ofMinutes(2));
    }

    /** GET forecast: 200, every number finite, lower <= value <= upper, wider levels containing narrower ones. */
    private void assertFiniteAndOrdered(String model, String query, boolean expectOk) {
        Http.Response response = http().get("/api/v1/models/" + model + "/forecast?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(expectOk ? 200 : 422);
        for (JsonNode point : response.json().get("points")) {
            assertThat(point.get("value").isNumber()).as("a number: %s", point).isTrue();
            double value = point.get("value").asDouble();
            assertThat(Double.isFinite(value)).isTrue();
            List<double[]> bounds = new ArrayList<>();
            Iterator<String> levels = point.get("lower").propertyNames().iterator();
            while (levels.hasNext()) {
                String level = levels.next();
                JsonNode lower = point.get("lower").get(level);
                JsonNode upper = point.get("upper").get(level);
                assertThat(lower.isNumber() && upper.isNumber()).as("numbers: %s", point).isTrue();
                bounds.add(new double[] {Double.parseDouble(level), lower.asDouble(), upper.asDouble()});
            }
            bounds.sort((a, b) -> Double.compare(a[0], b[0]));
            for (int j = 0; j < bounds.size(); j++) {
                double[] b = bounds.get(j);
                assertThat(b[1]).as("lower <= value at %s %%: %s", b[0], point).isLessThanOrEqualTo(value);
                assertThat(b[2]).as("value <= upper at %s %%: %s", b[0], point).isGreaterThanOrEqualTo(value);
                if (j > 0) {
                    assertThat(b[1]).as("nested lower: %s", point).isLessThanOrEqualTo(bounds.get(j - 1)[1]);
                    assertThat(b[2]).as("nested upper: %s", point).isGreaterThanOrEqualTo(bounds.get(j - 1)[2]);
                }
            }
        }
    }

    static String monthly(int months, IntToDoubleFunction value) {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < months; i++) {
            csv.append(String.format(Locale.ROOT, "%d-%02d-01,%s%n", 2000 + i / 12, i % 12 + 1, value.applyAsDouble(i)));
        }
        return csv.toString();
    }
}
