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
 * A version trained with future features whose forecast does not read them (AUTO kept the version without its
 * drivers, {@code drivers.used} false) forecasts beyond its stored plan without them, over real HTTP: values it would
 * ignore are not demanded; values sent are still checked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreadDriversEndToEndTest {

    static final java.nio.file.Path DATA_DIR = TestDataDir.create("foresight-unread-drivers");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void aForecastThatDoesNotReadTheDriversDoesNotNeedThem() throws Exception {
        // a daily random walk and a promotion column drawn apart from it: the promotion tells nothing
        Random random = new Random(41);
        StringBuilder csv = new StringBuilder("date,sales,promo\n");
        double level = 300;
        for (int t = 0; t < 143; t++) {
            level += 4 * random.nextGaussian();
            String sales = t < 140 ? String.format(Locale.ROOT, "%.3f", level) : "";
            csv.append(LocalDate.of(2024, 1, 1).plusDays(t)).append(',').append(sales).append(',')
                    .append(random.nextInt(3) == 0 ? 1 : 0).append('\n');
        }
        Http http = new Http(port);
        Http.Response upload = http.postMultipart("/api/v1/datasets",
                Map.of("file", csv.toString().getBytes(StandardCharsets.UTF_8), "name", "walk"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http.postJson("/api/v1/models/walk/training-jobs", """
                {"datasetId": "%s", "target": "sales", "horizon": 3, "futureFeatures": ["promo"], "epochs": 10}"""
                .formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = KnownFutureEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode version = http.get("/api/v1/models/walk/versions/1").json();
        // the premise: AUTO compared both and kept the version without the promotion
        assertThat(version.get("drivers").get("used").asBoolean()).as(version.get("drivers").toString()).isFalse();

        // the stored plan covers 3 days; 10 days need no more promotion values, and the first 3 are those from the plan
        Http.Response planned = http.get("/api/v1/models/walk/forecast?horizon=3");
        Http.Response longer = http.get("/api/v1/models/walk/forecast?horizon=10");
        assertThat(longer.status()).as(longer.body()).isEqualTo(200);
        assertThat(longer.json().get("points")).hasSize(10);
        for (int k = 0; k < 3; k++) {
            assertThat(longer.json().get("points").get(k).get("value").asDouble())
                    .isEqualTo(planned.json().get("points").get(k).get("value").asDouble());
        }
        // values sent are checked as for any version with future features
        Http.Response malformed = http.postJson("/api/v1/models/walk/forecast",
                "{\"horizon\": 5, \"future\": [{\"timestamp\": \"2024-05-21\", \"price\": 3}]}");
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asString()).contains("'price'", "[promo]");
    }
}
