package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Cross-validation and quantile forecasts over real HTTP, on a short series (the first 60 months of AirPassengers,
 * horizon 6): the windows' actual values are the dataset's, their scores recompute from their points, the last window
 * is the forecast with the same history, and the 0.1/0.9 quantiles are the 80 % bounds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossValidationEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-cv-e2e");
    static final int ROWS = 60;
    static final String MODEL = "/api/v1/models/air60";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static String datasetId;
    static final Map<String, Double> VALUES = new LinkedHashMap<>();

    Http http() {
        return new Http(port);
    }

    @Test
    @Order(1)
    void trainsOnTheFirstSixtyMonths() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"), StandardCharsets.UTF_8);
        List<String> head = lines.subList(0, ROWS + 1);
        for (String line : head.subList(1, head.size())) {
            String[] cells = line.split(",");
            VALUES.put(cells[0], Double.parseDouble(cells[1]));
        }
        Http.Response uploaded = http().postMultipart("/api/v1/datasets",
                Map.of("file", (String.join("\n", head) + "\n").getBytes(StandardCharsets.UTF_8), "name", "air60"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        datasetId = uploaded.json().get("id").asString();
        Http.Response submitted = http().postJson(MODEL + "/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 6, "architecture": "SIMPLE_RNN", "layers": [8],
                 "epochs": 10, "seed": 7}""".formatted(datasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(2)
    void crossValidationForecastsTheLastCutoffsAndScoresThemAgainstTheData() {
        Http.Response response = http().postJson(MODEL + "/cross-validation", "{\"windows\": 3}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode cv = response.json();
        assertThat(cv.get("horizon").asInt()).isEqualTo(6);
        assertThat(cv.get("step").asInt()).isEqualTo(6);
        assertThat(cv.get("refit").asBoolean()).isFalse();
        JsonNode windows = cv.get("windows");
        assertThat(windows).hasSize(3);
        List<String> cutoffs = new ArrayList<>();
        windows.forEach(w -> cutoffs.add(w.get("cutoff").asString()));
        // 60 points, 3 windows of 6 steps 6 apart: forecasts start after rows 42, 48 and 54
        assertThat(cutoffs).containsExactly("1952-06-01", "1952-12-01", "1953-06-01");

        int period = http().get(MODEL + "/versions/1").json().get("backtest").get("seasonalPeriod").asInt();
        List<Double> values = new ArrayList<>(VALUES.values());
        double[] means = new double[4];
        double[] coverageMeans = new double[2];
        for (int w = 0; w < 3; w++) {
            JsonNode window = windows.get(w);
            JsonNode points = window.get("points");
            assertThat(points).hasSize(6);
            int end = 42 + 6 * w;
            double abs = 0;
            double squares = 0;
            double symmetric = 0;
            int[] inside = new int[2];
            for (int k = 0; k < 6; k++) {
                JsonNode p = points.get(k);
                String timestamp = p.get("timestamp").asString();
                assertThat(timestamp).isEqualTo(new ArrayList<>(VALUES.keySet()).get(end + k));
                double actual = p.get("actual").asDouble();
                assertThat(actual).isEqualTo(VALUES.get(timestamp));
                double value = p.get("value").asDouble();
                double e = actual - value;
                abs += Math.abs(e);
                squares += e * e;
                symmetric += 200 * Math.abs(e) / (Math.abs(actual) + Math.abs(value));
                String[] levels = {"80", "95"};
                for (int j = 0; j < 2; j++) {
                    double lower = p.get("lower").get(levels[j]).asDouble();
                    double upper = p.get("upper").get(levels[j]).asDouble();
                    assertThat(lower).isLessThanOrEqualTo(value);
                    assertThat(upper).isGreaterThanOrEqualTo(value);
                    if (actual >= lower && actual <= upper) {
                        inside[j]++;
                    }
                }
            }
            int m = end > 2 * period ? period : 1;
            double scale = 0;
            for (int t = m; t < end; t++) {
                scale += Math.abs(values.get(t) - values.get(t - m));
            }
            scale /= end - m;
            double[] expected = {abs / 6 / scale, symmetric / 6, abs / 6, Math.sqrt(squares / 6)};
            String[] names = {"mase", "smape", "mae", "rmse"};
            for (int i = 0; i < 4; i++) {
                assertThat(window.get(names[i]).asDouble()).as(names[i] + " of window " + w).isCloseTo(expected[i],
                        within(1e-9 * Math.max(1, expected[i])));
                means[i] += expected[i] / 3;
            }
            assertThat(window.get("coverage").get("80").asDouble()).isEqualTo(inside[0] / 6.0);
            assertThat(window.get("coverage").get("95").asDouble()).isEqualTo(inside[1] / 6.0);
            coverageMeans[0] += inside[0] / 6.0 / 3;
            coverageMeans[1] += inside[1] / 6.0 / 3;
        }
        JsonNode summary = cv.get("summary");
        String[] names = {"mase", "smape", "mae", "rmse"};
        for (int i = 0; i < 4; i++) {
            assertThat(summary.get(names[i]).asDouble()).as(names[i]).isCloseTo(means[i], within(1e-9 * Math.max(1, means[i])));
        }
        assertThat(summary.get("coverage").get("80").asDouble()).isCloseTo(coverageMeans[0], within(1e-12));
        assertThat(summary.get("coverage").get("95").asDouble()).isCloseTo(coverageMeans[1], within(1e-12));
    }

    @Test
    @Order(3)
    void eachWindowIsTheForecastFromTheDataBeforeItsCutoff() {
        JsonNode last = http().postJson(MODEL + "/cross-validation", "{\"windows\": 2, \"step\": 3, \"horizon\": 4}").json()
                .get("windows").get(1);
        assertThat(last.get("cutoff").asString()).isEqualTo("1953-08-01"); // 60 - 4 = 56 points before it
        StringBuilder history = new StringBuilder("[");
        int i = 0;
        for (Map.Entry<String, Double> row : VALUES.entrySet()) {
            if (i++ == 56) {
                break;
            }
            history.append(i > 1 ? "," : "").append("{\"timestamp\":\"").append(row.getKey()).append("\",\"value\":")
                    .append(row.getValue()).append('}');
        }
        JsonNode forecast = http().postJson(MODEL + "/forecast", "{\"horizon\": 4, \"history\": " + history + "]}").json();
        for (int k = 0; k < 4; k++) {
            JsonNode p = last.get("points").get(k);
            JsonNode f = forecast.get("points").get(k);
            assertThat(p.get("timestamp").asString()).isEqualTo(f.get("timestamp").asString());
            assertThat(p.get("value").asDouble()).isEqualTo(f.get("value").asDouble());
            assertThat(p.get("lower").get("80").asDouble()).isEqualTo(f.get("lower").get("80").asDouble());
            assertThat(p.get("upper").get("95").asDouble()).isEqualTo(f.get("upper").get("95").asDouble());
        }
    }

    @Test
    @Order(4)
    void quantilesAreTheBoundsOfTheCentralIntervals() {
        JsonNode forecast = http().get(MODEL + "/forecast?horizon=8&quantiles=0.1,0.5,0.9&levels=80").json();
        assertThat(forecast.get("points")).hasSize(8); // beyond the trained horizon too
        for (JsonNode p : forecast.get("points")) {
            JsonNode q = p.get("quantiles");
            assertThat(q.propertyNames()).containsExactly("0.1", "0.5", "0.9");
            assertThat(q.get("0.1").asDouble()).isEqualTo(p.get("lower").get("80").asDouble());
            assertThat(q.get("0.9").asDouble()).isEqualTo(p.get("upper").get("80").asDouble());
            assertThat(q.get("0.5").asDouble()).isEqualTo(p.get("value").asDouble());
            assertThat(q.get("0.1").asDouble()).isLessThan(q.get("0.9").asDouble());
        }
        JsonNode posted = http().postJson(MODEL + "/forecast", "{\"horizon\": 3, \"quantiles\": [0.975, 0.025]}").json();
        for (JsonNode p : posted.get("points")) {
            assertThat(p.get("quantiles").get("0.025").asDouble()).isEqualTo(p.get("lower").get("95").asDouble());
            assertThat(p.get("quantiles").get("0.975").asDouble()).isEqualTo(p.get("upper").get("95").asDouble());
        }
        JsonNode plain = http().get(MODEL + "/forecast?horizon=2").json();
        assertThat(plain.get("points").get(0).has("quantiles")).isFalse();
    }

    @Test
    @Order(5)
    void quantilesAreColumnsOfTheCsvAnswer() {
        Http.Response csv = http().postJson(MODEL + "/forecast", "{\"horizon\": 2, \"quantiles\": [0.1, 0.9]}", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).isEqualTo("series,timestamp,value,lower_80,upper_80,lower_95,upper_95,q_0.1,q_0.9");
        String[] row = lines[1].split(",");
        assertThat(row[7]).isEqualTo(row[3]);
        assertThat(row[8]).isEqualTo(row[4]);
    }

    @Test
    @Order(6)
    void badCrossValidationAndQuantileRequestsAreClear400s() {
        assertProblem(http().postJson(MODEL + "/cross-validation", "{}"), 400, "'windows' is required");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 0}"), 400, "between 1 and");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 3, \"step\": 0}"), 400, "'step'");
        // 60 points, window w: 9 windows of 6 need w + 48 + 6; at most (60 - w - 6) / 6 + 1 fit
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 20}"), 400, "Ask for at most");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 1, \"horizon\": 59}"), 400,
                "shorter horizon");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 1, \"horizon\": 100000}"), 400,
                "'horizon' must be between 1 and");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 200, \"horizon\": 1000}"), 400,
                "at most 100000");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 2, \"refit\": true}"), 400,
                "not offered yet");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 2, \"series\": \"7/3\"}"), 400,
                "forecasts one series");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 2, \"levels\": [101]}"), 400,
                "between 0 and 100");
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 2, \"windowz\": 1}"), 400, "windowz");
        assertProblem(http().postJson("/api/v1/models/nope/cross-validation", "{\"windows\": 2}"), 404, "nope");
        assertProblem(http().get(MODEL + "/forecast?horizon=2&quantiles=0,0.5"), 400, "strictly between 0 and 1");
        assertProblem(http().get(MODEL + "/forecast?horizon=2&quantiles=0.5,1"), 400, "strictly between 0 and 1");
        assertProblem(http().postJson(MODEL + "/forecast", "{\"horizon\": 2, \"quantiles\": [0.1, 0.1]}"), 400, "twice");
        assertProblem(http().postJson(MODEL + "/forecast", "{\"horizon\": 2, \"quantiles\": []}"), 400, "empty");
        StringBuilder many = new StringBuilder("0.01");
        for (int i = 2; i <= 21; i++) {
            many.append(",0.").append(String.format("%02d", i));
        }
        assertProblem(http().get(MODEL + "/forecast?horizon=2&quantiles=" + many), 400, "at most 20");
    }

    @Test
    @Order(7)
    void crossValidationWithoutTheTrainingDataIsA422() {
        assertThat(http().delete("/api/v1/datasets/" + datasetId).status()).isEqualTo(204);
        assertProblem(http().postJson(MODEL + "/cross-validation", "{\"windows\": 2}"), 422, "no longer stored");
        // forecasting does not need the dataset
        assertThat(http().get(MODEL + "/forecast?horizon=2&quantiles=0.5").status()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void aModelWithFeatureColumnsCrossValidatesFromEveryColumnBeforeTheCutoff() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value,lagged\n");
        List<String> rows = new ArrayList<>();
        double previous = VALUES.values().iterator().next();
        for (Map.Entry<String, Double> row : VALUES.entrySet()) {
            csv.append(row.getKey()).append(',').append(row.getValue()).append(',').append(previous).append('\n');
            rows.add("{\"timestamp\":\"" + row.getKey() + "\",\"value\":" + row.getValue() + ",\"lagged\":" + previous + "}");
            previous = row.getValue();
        }
        Http.Response submitted = http().postMultipart("/api/v1/models/air60x/training-jobs", Map.of("file",
                csv.toString().getBytes(StandardCharsets.UTF_8), "spec", """
                        {"target": "value", "features": ["lagged"], "horizon": 3, "architecture": "SIMPLE_RNN",
                         "layers": [8], "epochs": 10, "seed": 7}"""));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode cv = http().postJson("/api/v1/models/air60x/cross-validation", "{\"windows\": 2, \"levels\": [90]}")
                .json();
        JsonNode first = cv.get("windows").get(0);
        assertThat(first.get("cutoff").asString()).isEqualTo("1953-06-01"); // 60 - 3 - 3 = 54 points before it
        JsonNode forecast = http().postJson("/api/v1/models/air60x/forecast", "{\"horizon\": 3, \"levels\": [90],"
                + " \"history\": [" + String.join(",", rows.subList(0, 54)) + "]}").json();
        for (int k = 0; k < 3; k++) {
            JsonNode p = first.get("points").get(k);
            assertThat(p.get("value").asDouble()).isEqualTo(forecast.get("points").get(k).get("value").asDouble());
            assertThat(p.get("upper").get("90").asDouble())
                    .isEqualTo(forecast.get("points").get(k).get("upper").get("90").asDouble());
            assertThat(p.get("actual").asDouble()).isEqualTo(VALUES.get(p.get("timestamp").asString()));
        }
        assertThat(first.get("coverage").propertyNames()).containsExactly("90");
    }

    private static void assertProblem(Http.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(detail);
    }

}
