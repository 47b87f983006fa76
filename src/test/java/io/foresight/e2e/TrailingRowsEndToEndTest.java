package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Rows after a series' last target value (a plan of its drivers, or cells not filled in yet) are not history: a job
 * without a known future trains on the series through its last target value, as one with a known future does, instead
 * of filling the empty targets with copies of the last value and forecasting from after them; and a series of a panel
 * with no target value at all is that series' failure, not the job's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrailingRowsEndToEndTest {

    static final java.nio.file.Path DATA_DIR = TestDataDir.create("foresight-trailing-rows");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    /** {@code observed} monthly values from 2015-01 (a season and noise), then {@code empty} rows without one. */
    private static void rows(StringBuilder csv, String id, int observed, int empty, Random random) {
        for (int t = 0; t < observed + empty; t++) {
            String value = t < observed ? String.format(Locale.ROOT, "%.2f",
                    200 * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12)) * (1 + 0.03 * random.nextGaussian())) : "";
            csv.append(id).append(LocalDate.of(2015, 1, 1).plusMonths(t)).append(',').append(value).append(',')
                    .append(t % 5 == 0 ? 1 : 0).append('\n');
        }
    }

    private JsonNode train(Http http, String model, String datasetId) throws InterruptedException {
        Http.Response submitted = http.postJson("/api/v1/models/" + model + "/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 3, "epochs": 5}""".formatted(datasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = KnownFutureEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return http.get("/api/v1/models/" + model + "/versions/1").json();
    }

    @Test
    void aSeriesEndsAtItsLastTargetValueWithoutAKnownFutureToo() throws Exception {
        Http http = new Http(port);
        StringBuilder csv = new StringBuilder("month,value,promo\n");
        rows(csv, "", 72, 6, new Random(5)); // 2015-01 .. 2020-12 observed, 2021-01 .. 06 a plan of promotions
        Http.Response upload = http.postMultipart("/api/v1/datasets",
                Map.of("file", csv.toString().getBytes(StandardCharsets.UTF_8), "name", "planned"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        JsonNode data = train(http, "planned", upload.json().get("id").asString()).get("data");
        assertThat(data.get("end").asString()).isEqualTo("2020-12-01");
        assertThat(data.get("points").asInt()).isEqualTo(72);
        assertThat(data.get("filledValues").asInt()).isZero();
        JsonNode forecast = http.get("/api/v1/models/planned/forecast?horizon=3").json();
        assertThat(forecast.get("points").get(0).get("timestamp").asString()).isEqualTo("2021-01-01");
    }

    @Test
    void aPanelSeriesWithoutATargetValueFailsAloneAndTheOthersEndAtTheirLast() throws Exception {
        Http http = new Http(port);
        StringBuilder csv = new StringBuilder("store,month,value,promo\n");
        Random random = new Random(7);
        rows(csv, "a,", 60, 0, random);
        rows(csv, "b,", 60, 4, random);
        rows(csv, "c,", 0, 80, random); // the longest, and not one value
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file",
                csv.toString().getBytes(StandardCharsets.UTF_8), "name", "stores", "idColumns", "store"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        JsonNode version = train(http, "stores", upload.json().get("id").asString());
        assertThat(version.get("series").get("failed").asInt()).as(version.get("series").toString()).isEqualTo(1);
        JsonNode failed = http.get("/api/v1/models/stores/series?query=c").json().get("series").get(0);
        assertThat(failed.get("failure").asString()).contains("'value' has no value");
        assertThat(version.get("data").get("end").asString()).isEqualTo("2019-12-01");
        JsonNode b = http.get("/api/v1/models/stores/series/b/forecast?horizon=3").json();
        assertThat(b.get("points").get(0).get("timestamp").asString()).as(b.toString()).isEqualTo("2020-01-01");
    }
}
