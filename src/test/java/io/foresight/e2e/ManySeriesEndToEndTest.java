package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Many series over real HTTP: a long-format CSV (store, item) uploaded, one model trained over all its series,
 * the series listed, one, several and all of them forecast (JSON and CSV), a series without a model reported.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManySeriesEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-many");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    static String datasetId;

    Http http() {
        return new Http(port);
    }

    /**
     * Stores 1..3 x items 1..4, monthly, 60 to 96 points of a shared season with their own level, shuffled rows;
     * item 9 of store 3 has 7 points (too short to train at horizon 6), item 8 of store 3 has 2 (too short for a
     * dataset series at all).
     */
    static byte[] csv() {
        Random random = new Random(5);
        List<String> rows = new ArrayList<>();
        for (int store = 1; store <= 3; store++) {
            for (int item = 1; item <= 4; item++) {
                int length = 60 + random.nextInt(37);
                double level = 100 * store + 20 * item;
                for (int t = 0; t < length; t++) {
                    double value = level * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12)) * (1 + 0.03 * random.nextGaussian());
                    rows.add(store + "," + item + "," + LocalDate.of(2015, 1, 1).plusMonths(t) + ","
                            + String.format(java.util.Locale.ROOT, "%.2f", value));
                }
            }
        }
        for (int t = 0; t < 7; t++) {
            rows.add("3,9," + LocalDate.of(2020, 1, 1).plusMonths(t) + "," + (50 + t));
        }
        rows.add("3,8,2020-01-01,5");
        rows.add("3,8,2020-02-01,6");
        java.util.Collections.shuffle(rows, random);
        return ("store,item,date,sales\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void aLongFormatUploadCountsItsSeries() {
        Http.Response upload = http().postMultipart("/api/v1/datasets", Map.of("file", csv(), "name", "stores",
                "idColumns", "store,item"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        JsonNode dataset = upload.json();
        datasetId = dataset.get("id").asString();
        assertThat(dataset.get("series").asInt()).isEqualTo(13);
        assertThat(dataset.get("idColumns").toString()).isEqualTo("[\"store\",\"item\"]");
        assertThat(dataset.get("tooShort").toString()).contains("3/8");
    }

    @Test
    @Order(2)
    void oneModelTrainsOverAllSeriesAndReportsTheOneItCannotTrain() throws InterruptedException {
        Http.Response submitted = http().postJson("/api/v1/models/stores/training-jobs",
                "{\"datasetId\":\"" + datasetId + "\",\"target\":\"sales\",\"horizon\":6}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("progress").get("seriesTotal").asInt()).isEqualTo(13);
        assertThat(job.get("progress").get("seriesDone").asInt()).isEqualTo(13);
        assertThat(job.get("progress").get("seriesFailed").asInt()).isEqualTo(1);

        JsonNode version = http().get("/api/v1/models/stores/versions/1").json();
        assertThat(version.get("method").asString()).isEqualTo("PER_SERIES");
        assertThat(version.get("series").get("count").asInt()).isEqualTo(14);
        assertThat(version.get("series").get("failed").asInt()).isEqualTo(2);
        assertThat(version.get("series").get("idColumns").toString()).isEqualTo("[\"store\",\"item\"]");
        assertThat(version.get("candidates").toString()).contains("GLOBAL LSTM", "THETA");
        assertThat(version.get("backtest").get("model").get("mase").asDouble()).isPositive();
    }

    @Test
    @Order(3)
    void theSeriesAreListedAndSearchedWithTheirMethodAndScores() {
        JsonNode page = http().get("/api/v1/models/stores/series?query=2/&size=3").json();
        assertThat(page.get("total").asInt()).isEqualTo(4);
        assertThat(page.get("series")).hasSize(3);
        JsonNode first = page.get("series").get(0);
        assertThat(first.get("id").asString()).isEqualTo("2/1");
        assertThat(first.get("method").asString()).isNotBlank();
        assertThat(first.get("mase").asDouble()).isPositive();
        assertThat(first.get("naiveMase").asDouble()).isPositive();
        // trained without a known future: nothing to say whether a series reads it
        assertThat(first.get("readsKnownFuture").isNull()).as(first.toString()).isTrue();
        // the end of its training data: what its method forecasts from (a network's window, a season at least), at most 36
        assertThat(first.get("recent").size()).isBetween(12, 36);
        JsonNode second = http().get("/api/v1/models/stores/series?query=2/&size=3&page=1").json();
        assertThat(second.get("series")).hasSize(1);
        assertThat(second.get("series").get(0).get("id").asString()).isEqualTo("2/4");

        JsonNode failed = http().get("/api/v1/models/stores/series?query=3/9").json();
        assertThat(failed.get("series").get(0).get("failure").asString()).contains("7 points");
        assertThat(http().get("/api/v1/models/stores/series?size=0").status()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void oneSeriesForecastsByItsUrlEncodedIdFromStoredOrGivenHistoryAlike() {
        Http.Response response = http().get("/api/v1/models/stores/series/1%2F2/forecast?horizon=6");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode forecast = response.json();
        assertThat(forecast.get("series").asString()).isEqualTo("1/2");
        assertThat(forecast.get("points")).hasSize(6);
        JsonNode point = forecast.get("points").get(0);
        assertThat(point.get("lower").get("95").asDouble()).isLessThanOrEqualTo(point.get("lower").get("80").asDouble());
        assertThat(point.get("upper").get("80").asDouble()).isLessThanOrEqualTo(point.get("upper").get("95").asDouble());

        // beyond the trained horizon: recursive, the first steps unchanged
        JsonNode longer = http().get("/api/v1/models/stores/series/1%2F2/forecast?horizon=9").json();
        assertThat(longer.get("points")).hasSize(9);
        assertThat(longer.get("points").get(5).get("value").asDouble()).isEqualTo(forecast.get("points").get(5).get("value")
                .asDouble());

        assertThat(http().get("/api/v1/models/stores/series/1%2F99/forecast?horizon=6").status()).isEqualTo(404);
        Http.Response noModel = http().get("/api/v1/models/stores/series/3%2F9/forecast?horizon=6");
        assertThat(noModel.status()).isEqualTo(422);
        assertThat(noModel.json().get("detail").asString()).contains("7 points");
        // the series' drivers by the same id: none, the model was trained without future features
        Http.Response drivers = http().get("/api/v1/models/stores/series/1%2F2/drivers");
        assertThat(drivers.status()).as(drivers.body()).isEqualTo(200);
        assertThat(drivers.json().get("series").asString()).isEqualTo("1/2");
        assertThat(drivers.json().get("columns")).isEmpty();
        assertThat(http().get("/api/v1/models/stores/series/3%2F9/drivers").status()).isEqualTo(422);
        // and the values its forecast starts from: the end of its training data, ending where the list says
        Http.Response history = http().get("/api/v1/models/stores/series/1%2F2/history");
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        JsonNode item = null;
        for (JsonNode listed : http().get("/api/v1/models/stores/series?size=100").json().get("series")) {
            item = listed.get("id").asString().equals("1/2") ? listed : item;
        }
        JsonNode values = history.json().get("values");
        JsonNode timestamps = history.json().get("timestamps");
        assertThat(history.json().get("observed").asInt()).isZero();
        assertThat(timestamps.get(timestamps.size() - 1).asString()).isEqualTo(item.get("end").asString());
        JsonNode recent = item.get("recent");
        for (int k = 1; k <= recent.size(); k++) {
            assertThat(values.get(values.size() - k).asDouble()).isEqualTo(recent.get(recent.size() - k).asDouble());
        }
        assertThat(http().get("/api/v1/models/stores/series/1%2F99/history").status()).isEqualTo(404);
        // an encoded slash anywhere else is still refused
        assertThat(http().get("/api/v1/models/a%2Fb").status()).isEqualTo(400);
        assertThat(http().get("/api/v1/models/a%2Fb/series/1%2F2/forecast?horizon=6").status()).isEqualTo(400);
        assertThat(http().get("/api/v1/models/stores/series/1%2F2/other").status()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void theStoredForecastIsWhatTheSeriesHistoryGives() {
        byte[] csv = csv();
        StringBuilder history = new StringBuilder("[");
        List<String[]> rows = new ArrayList<>();
        for (String line : new String(csv, StandardCharsets.UTF_8).split("\n")) {
            String[] cells = line.split(",");
            if (cells[0].equals("2") && cells[1].equals("3")) {
                rows.add(cells);
            }
        }
        rows.sort(java.util.Comparator.comparing(r -> r[2]));
        for (String[] row : rows) {
            history.append(history.length() > 1 ? "," : "").append("{\"timestamp\":\"").append(row[2])
                    .append("\",\"sales\":").append(row[3]).append('}');
        }
        history.append(']');
        JsonNode stored = http().get("/api/v1/models/stores/series/2%2F3/forecast?horizon=6").json();
        Http.Response given = http().postJson("/api/v1/models/stores/series/2%2F3/forecast",
                "{\"horizon\":6,\"history\":" + history + "}");
        assertThat(given.status()).as(given.body()).isEqualTo(200);
        for (int k = 0; k < 6; k++) {
            assertThat(given.json().get("points").get(k).get("value").asDouble())
                    .isEqualTo(stored.get("points").get(k).get("value").asDouble());
        }
    }

    @Test
    @Order(6)
    void severalOrAllSeriesForecastInOneRequestAsJsonOrCsv() {
        Http.Response some = http().postJson("/api/v1/models/stores/forecast",
                "{\"horizon\":6,\"series\":[\"1/1\",\"2/2\",\"9/9\",\"3/9\"]}");
        assertThat(some.status()).as(some.body()).isEqualTo(200);
        JsonNode batch = some.json();
        assertThat(batch.get("series")).hasSize(2);
        assertThat(batch.get("series").get(0).get("id").asString()).isEqualTo("1/1");
        assertThat(batch.get("series").get(1).get("points")).hasSize(6);
        assertThat(batch.get("failed")).hasSize(2);
        assertThat(batch.get("failed").get(0).get("id").asString()).isEqualTo("9/9");
        assertThat(batch.get("failed").get(1).get("detail").asString()).contains("7 points");

        JsonNode all = http().postJson("/api/v1/models/stores/forecast", "{\"horizon\":6,\"series\":[\"*\"]}").json();
        assertThat(all.get("series")).hasSize(12);

        Http.Response csv = http().postJson("/api/v1/models/stores/forecast", "{\"horizon\":6,\"series\":[\"*\"]}",
                "text/csv");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).isEqualTo("series,timestamp,value,lower_80,upper_80,lower_95,upper_95");
        assertThat(lines).hasSize(1 + 12 * 6);
        assertThat(lines[1]).startsWith("1/1,");
        assertThat(Double.parseDouble(lines[1].split(",")[2]))
                .isEqualTo(all.get("series").get(0).get("points").get(0).get("value").asDouble());

        Http.Response badCsv = http().postJson("/api/v1/models/stores/forecast", "{\"horizon\":0,\"series\":[\"*\"]}",
                "text/csv");
        assertThat(badCsv.status()).isEqualTo(400);
        assertThat(badCsv.header("Content-Type")).startsWith("application/problem+json");
        assertThat(csv.header("Foresight-Failed-Series")).isEqualTo("2");

        Http.Response unnamed = http().postJson("/api/v1/models/stores/forecast", "{\"horizon\":6}");
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.json().get("detail").asString()).contains("14 series", "/series/{id}/forecast");
        assertThat(http().postJson("/api/v1/models/stores/forecast", "{\"horizon\":6,\"series\":[\"1/1\",\"1/1\"]}")
                .status()).isEqualTo(400);
        assertThat(http().postJson("/api/v1/models/stores/forecast", "{\"horizon\":6,\"series\":[]}").status())
                .isEqualTo(400);
    }

    @Test
    @Order(7)
    void oneCallUploadsAndTrainsManySeries() throws InterruptedException {
        Http.Response submitted = http().postMultipart("/api/v1/models/stores-once/training-jobs?idColumns=store,item",
                Map.of("file", csv(), "spec", "{\"target\": \"sales\", \"horizon\": 6, \"architecture\": \"LSTM\","
                        + " \"epochs\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = ForecastingEndToEndTest.awaitJob(http(), submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode version = http().get("/api/v1/models/stores-once/versions/1").json();
        assertThat(version.get("series").get("count").asInt()).isEqualTo(14);
        // an explicit architecture: one global network of it, chosen wherever a series has network windows
        assertThat(version.get("series").get("methods").toString()).contains("LSTM");
        assertThat(http().postMultipart("/api/v1/models/stores-bad/training-jobs?idColumns=store,,item",
                Map.of("file", csv(), "spec", "{\"target\": \"sales\", \"horizon\": 6}")).status()).isEqualTo(400);
    }

    @Test
    @Order(8)
    void theMetricsCountTheSeries() {
        String metrics = new Http(managementPort).get("/actuator/prometheus").body();
        assertThat(metrics).contains("forecast_series_trained_total{outcome=\"trained\"} 24.0")
                .contains("forecast_series_trained_total{outcome=\"failed\"} 4.0")
                .contains("forecast_model_series{model=\"stores\",version=\"1\"} 14.0");
    }

    @Test
    @Order(9)
    void oneSeriesCrossValidatesAgainstItsDataAndForecastsCarryQuantiles() {
        Map<String, Double> values = new java.util.TreeMap<>();
        for (String line : new String(csv(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("1,1,")) {
                String[] cells = line.split(",");
                values.put(cells[2], Double.parseDouble(cells[3]));
            }
        }
        Http.Response response = http().postJson("/api/v1/models/stores/cross-validation",
                "{\"windows\": 2, \"series\": \"1/1\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode cv = response.json();
        assertThat(cv.get("series").asString()).isEqualTo("1/1");
        assertThat(cv.get("windows")).hasSize(2);
        List<String> timestamps = new ArrayList<>(values.keySet());
        // the last window ends at the series' end, the one before it 6 steps earlier
        assertThat(cv.get("windows").get(1).get("cutoff").asString()).isEqualTo(timestamps.get(timestamps.size() - 7));
        assertThat(cv.get("windows").get(0).get("cutoff").asString()).isEqualTo(timestamps.get(timestamps.size() - 13));
        for (JsonNode window : cv.get("windows")) {
            double abs = 0;
            for (JsonNode p : window.get("points")) {
                assertThat(p.get("actual").asDouble()).isEqualTo(values.get(p.get("timestamp").asString()));
                abs += Math.abs(p.get("actual").asDouble() - p.get("value").asDouble());
            }
            assertThat(window.get("mae").asDouble()).isCloseTo(abs / 6, org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(http().postJson("/api/v1/models/stores/cross-validation", "{\"windows\": 2}").json().get("detail")
                .asString()).contains("14 series", "'series'");
        assertThat(http().postJson("/api/v1/models/stores/cross-validation", "{\"windows\": 2, \"series\": \"9/9\"}")
                .status()).isEqualTo(404);
        assertThat(http().postJson("/api/v1/models/stores/cross-validation", "{\"windows\": 1, \"series\": \"3/9\"}")
                .status()).isEqualTo(422);

        JsonNode batch = http().postJson("/api/v1/models/stores/forecast",
                "{\"horizon\": 6, \"series\": [\"1/1\", \"2/2\"], \"quantiles\": [0.1, 0.9]}").json();
        for (JsonNode series : batch.get("series")) {
            for (JsonNode p : series.get("points")) {
                assertThat(p.get("quantiles").get("0.1").asDouble()).isEqualTo(p.get("lower").get("80").asDouble());
                assertThat(p.get("quantiles").get("0.9").asDouble()).isEqualTo(p.get("upper").get("80").asDouble());
            }
        }
        JsonNode one = http().get("/api/v1/models/stores/series/1%2F1/forecast?horizon=3&quantiles=0.025,0.5").json();
        JsonNode first = one.get("points").get(0);
        assertThat(first.get("quantiles").get("0.025").asDouble()).isEqualTo(first.get("lower").get("95").asDouble());
        assertThat(first.get("quantiles").get("0.5").asDouble()).isEqualTo(first.get("value").asDouble());
        assertThat(http().postJson("/api/v1/models/stores/forecast",
                "{\"horizon\": 6, \"series\": [\"*\"], \"quantiles\": [1.5]}").status()).isEqualTo(400);
    }
}
