package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Why AUTO chose what it chose, read over real HTTP from {@code GET .../versions/{v}}: every statistical candidate's
 * MASE over the rolling origins and per fold, ETS's form, the rule in the selection sentence and, for a combination,
 * its members (the best by rolling-origin MASE) and combiner; and the version forecasts with what it recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SelectionEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-selection-e2e");
    static final List<String> STATISTICAL = List.of("NAIVE", "SEASONAL_NAIVE", "THETA", "DAMPED", "AUTOREGRESSIVE",
            "HOLT_WINTERS", "ETS");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void aVersionRecordsTheRollingOriginScoresTheEtsFormAndTheRuleThatChose() throws Exception {
        // US accidental deaths 1973-1978 (R's USAccDeaths), 72 months, horizon 12: statistical methods only
        byte[] csv = Files.readAllBytes(Path.of("benchmark", "heldout", "series", "USAccDeaths.csv"));
        Http http = new Http(port);
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file", csv, "name", "deaths"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http.postJson("/api/v1/models/deaths/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 12}""".formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode version = http.get("/api/v1/models/deaths/versions/1").json();
        String selection = version.get("selection").asString();
        assertThat(selection).contains("rolling origins").contains("standard error");
        List<JsonNode> statistical = new ArrayList<>();
        JsonNode chosen = null;
        for (JsonNode candidate : version.get("candidates")) {
            if (candidate.get("chosen").asBoolean()) {
                chosen = candidate;
            }
            if (STATISTICAL.contains(candidate.get("name").asString())) {
                statistical.add(candidate);
                assertThat(candidate.get("originMase").asDouble()).as(candidate.toString()).isPositive().isFinite();
                // 72 months: origins over at least three horizons of 12, so three folds or more
                assertThat(candidate.get("foldMase").size()).as(candidate.toString()).isGreaterThanOrEqualTo(3);
                double overall = candidate.get("originMase").asDouble();
                double lowest = Double.MAX_VALUE;
                double highest = 0;
                for (JsonNode fold : candidate.get("foldMase")) {
                    lowest = Math.min(lowest, fold.asDouble());
                    highest = Math.max(highest, fold.asDouble());
                }
                // the MASE over all origins lies between the folds' (a weighted mean of them)
                assertThat(overall).as(candidate.toString()).isBetween(lowest - 1e-9, highest + 1e-9);
            }
        }
        assertThat(statistical).extracting(c -> c.get("name").asString()).containsExactlyInAnyOrderElementsOf(STATISTICAL);
        JsonNode ets = statistical.stream().filter(c -> c.get("name").asString().equals("ETS")).findFirst().orElseThrow();
        assertThat(ets.get("form").asString()).matches("ETS\\([AM],(N|A|Ad),(N|A|M)\\)");
        assertThat(chosen).as(version.toString()).isNotNull();
        statistical.sort(Comparator.comparingDouble(c -> c.get("originMase").asDouble()));
        if (!version.get("members").isEmpty()) {
            // a network won: it had to beat the statistical choice clearly on the held-back windows
            assertThat(selection).contains("better than the statistical choice");
        } else if (version.get("method").asString().equals("COMBINATION")) {
            assertThat(chosen.get("members")).extracting(JsonNode::asString).containsExactlyElementsOf(statistical
                    .subList(0, chosen.get("members").size()).stream().map(c -> c.get("name").asString()).toList());
            assertThat(chosen.get("combiner").asString()).isIn("mean", "median");
            assertThat(selection).startsWith(chosen.get("name").asString() + " chosen")
                    .contains("no statistical method was better than the next by more than one standard error");
        } else {
            assertThat(chosen.get("name").asString()).isEqualTo(statistical.get(0).get("name").asString());
            assertThat(selection).contains("better than the next by more than one standard error");
        }

        Http.Response forecast = http.postJson("/api/v1/models/deaths/forecast", "{\"horizon\": 12}");
        assertThat(forecast.status()).as(forecast.body()).isEqualTo(200);
        for (JsonNode point : forecast.json().get("points")) {
            // 1973-1978 ranged about 6,900..11,300 deaths a month
            assertThat(point.get("value").asDouble()).isBetween(5000.0, 14000.0);
        }
        System.out.println("SelectionEndToEndTest: " + version.get("method").asString() + ": " + selection);
        assertThat(new String(csv, StandardCharsets.UTF_8).lines().count()).isEqualTo(73);
    }

    @Test
    void aCombinationIsServedFromTheMembersItsManifestLists() throws Exception {
        // New Haven's yearly mean temperature 1912-1965 (R's nhtemp, its first 54 years), horizon 6: on these the
        // statistical methods are not clearly apart on the rolling origins, so AUTO combines the best (the premise)
        List<String> lines = Files.readAllLines(Path.of("benchmark", "heldout", "series", "nhtemp.csv"));
        byte[] csv = (String.join("\n", lines.subList(0, 55)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http http = new Http(port);
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file", csv, "name", "nhtemp54"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http.postJson("/api/v1/models/nhtemp/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 6}""".formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode version = http.get("/api/v1/models/nhtemp/versions/1").json();
        assertThat(version.get("method").asString()).as(version.get("selection").asString()).isEqualTo("COMBINATION");
        JsonNode chosen = null;
        List<JsonNode> statistical = new ArrayList<>();
        for (JsonNode candidate : version.get("candidates")) {
            if (candidate.get("chosen").asBoolean()) {
                chosen = candidate;
            }
            if (STATISTICAL.contains(candidate.get("name").asString())) {
                statistical.add(candidate);
            }
        }
        assertThat(chosen).isNotNull();
        statistical.sort(Comparator.comparingDouble(c -> c.get("originMase").asDouble()));
        List<String> members = new ArrayList<>();
        chosen.get("members").forEach(m -> members.add(m.asString()));
        assertThat(members).hasSizeGreaterThanOrEqualTo(2)
                .containsExactlyElementsOf(statistical.subList(0, members.size()).stream().map(c -> c.get("name").asString()).toList());
        assertThat(chosen.get("name").asString()).isEqualTo("COMBINATION (" + chosen.get("combiner").asString() + " of "
                + members.toString().replace("\"", "") + ")");
        assertThat(version.get("members")).isEmpty();

        Http.Response forecast = http.postJson("/api/v1/models/nhtemp/forecast", "{\"horizon\": 6, \"levels\": [80, 95]}");
        assertThat(forecast.status()).as(forecast.body()).isEqualTo(200);
        assertThat(forecast.json().get("method").asString()).isEqualTo("COMBINATION");
        for (JsonNode point : forecast.json().get("points")) {
            // 1912-1971 yearly means lay between 47.9 and 54.6 degrees Fahrenheit
            assertThat(point.get("value").asDouble()).isBetween(47.0, 56.0);
            assertThat(point.get("lower").get("95").asDouble()).isLessThan(point.get("lower").get("80").asDouble());
            assertThat(point.get("upper").get("95").asDouble()).isGreaterThan(point.get("upper").get("80").asDouble());
        }
        // beyond the trained horizon the members forecast from one fit each, as they do the trained horizon (not fitted
        // again on their own forecasts every six years): what the combination made for 24 steps gives on the history
        double[] history = lines.subList(1, 55).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        double[] direct = io.foresight.model.Baselines.combination(members.stream().map(io.foresight.model.Method::valueOf)
                .toList(), "median".equals(chosen.get("combiner").asString()),
                version.get("backtest").get("seasonalPeriod").asInt(), 24).forecast(new double[][] {history}, history.length);
        JsonNode longer = http.get("/api/v1/models/nhtemp/forecast?horizon=24").json();
        assertThat(longer.get("points")).hasSize(24);
        for (int k = 0; k < 24; k++) {
            assertThat(longer.get("points").get(k).get("value").asDouble()).as("step %d", k + 1)
                    .isCloseTo(direct[k], org.assertj.core.api.Assertions.within(1e-9 * Math.abs(direct[k])));
        }
        for (int k = 0; k < 6; k++) {
            assertThat(longer.get("points").get(k).get("value").asDouble())
                    .isEqualTo(forecast.json().get("points").get(k).get("value").asDouble());
        }
    }
}
