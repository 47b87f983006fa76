package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * "Never worse than without" by construction (issue 21), over real HTTP: a daily random walk has no weekly pattern, so
 * the day of the week tells nothing about it. Trained with {@code calendar: [dayOfWeek]} and without, AUTO compares
 * the candidates reading the calendar with the choice it makes without it, keeps none, and the version with the
 * calendar forecasts exactly what the version without it forecasts, bit for bit, intervals included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DriversWithoutInformationEndToEndTest {

    static final java.nio.file.Path DATA_DIR = TestDataDir.create("foresight-drivers-without-information");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static String randomWalk() {
        Random random = new Random(2026);
        StringBuilder csv = new StringBuilder("date,sales\n");
        double level = 500;
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 140; i++) {
            level += 5 * random.nextGaussian();
            csv.append(day.plusDays(i)).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", level))
                    .append('\n');
        }
        return csv.toString();
    }

    /** Trains {@code model} on the dataset's {@code sales} (with {@code calendar}, or none) and returns its version 1. */
    static JsonNode train(Http http, String model, String datasetId, String calendar) throws InterruptedException {
        Http.Response submitted = http.postJson("/api/v1/models/" + model + "/training-jobs", """
                {"datasetId": "%s", "target": "sales", "horizon": 7, "epochs": 20%s}""".formatted(datasetId,
                calendar == null ? "" : ", \"calendar\": [\"" + calendar + "\"]"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = KnownFutureEndToEndTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return http.get("/api/v1/models/" + model + "/versions/1").json();
    }

    @Test
    void aCalendarThatTellsNothingLeavesTheForecastBitForBitTheOneWithoutIt() throws Exception {
        Http http = new Http(port);
        Http.Response upload = http.postMultipart("/api/v1/datasets",
                Map.of("file", randomWalk().getBytes(StandardCharsets.UTF_8), "name", "walk"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();

        JsonNode without = train(http, "plain", datasetId, null);
        JsonNode with = train(http, "calendar", datasetId, "dayOfWeek");

        JsonNode drivers = with.get("drivers");
        assertThat(drivers.get("inputs").toString()).isEqualTo("[\"dayOfWeek.sin\",\"dayOfWeek.cos\"]");
        assertThat(drivers.get("used").asBoolean()).as(with.get("selection").asString()).isFalse();
        assertThat(with.get("selection").asString()).contains("so the version is the one trained without it");
        assertThat(with.get("method").asString()).isEqualTo(without.get("method").asString());
        // the candidates reading the calendar were fitted and scored: the regression, the network and its COMBINED
        assertThat(with.get("candidates").size()).isEqualTo(without.get("candidates").size() + 3);

        JsonNode plain = http.get("/api/v1/models/plain/forecast?horizon=7").json();
        JsonNode calendar = http.get("/api/v1/models/calendar/forecast?horizon=7").json();
        assertThat(calendar.get("points").toString()).isEqualTo(plain.get("points").toString());
        assertThat(plain.get("points")).hasSize(7);
    }
}
