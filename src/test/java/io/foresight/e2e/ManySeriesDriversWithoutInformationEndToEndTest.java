package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
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
 * "Never worse than without" for a many-series model (issue 21), over real HTTP: three daily random walks have no
 * weekly pattern, so the day of the week tells them nothing. Trained with {@code calendar: [dayOfWeek]} and without,
 * every series compares the candidates reading the calendar (the regression on it, the global network fitted again
 * with it and its COMBINED) with the choice it makes without it, keeps none, and forecasts exactly what the same
 * series of the version without the calendar forecasts, bit for bit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManySeriesDriversWithoutInformationEndToEndTest {

    static final java.nio.file.Path DATA_DIR = TestDataDir.create("foresight-many-drivers-without-information");
    static final List<String> STORES = List.of("a", "b", "c");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static String randomWalks() {
        Random random = new Random(2026);
        StringBuilder csv = new StringBuilder("store,date,sales\n");
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (String store : STORES) {
            double level = 300 + 100 * STORES.indexOf(store);
            for (int i = 0; i < 140; i++) {
                level += 5 * random.nextGaussian();
                csv.append(store).append(',').append(day.plusDays(i)).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", level)).append('\n');
            }
        }
        return csv.toString();
    }

    @Test
    void aCalendarThatTellsNothingLeavesEverySeriesForecastBitForBitTheOneWithoutIt() throws Exception {
        Http http = new Http(port);
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file",
                randomWalks().getBytes(StandardCharsets.UTF_8), "name", "walks", "idColumns", "store"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();

        JsonNode without = DriversWithoutInformationEndToEndTest.train(http, "plain", datasetId, null);
        JsonNode with = DriversWithoutInformationEndToEndTest.train(http, "calendar", datasetId, "dayOfWeek");

        JsonNode drivers = with.get("drivers");
        assertThat(drivers.get("inputs").toString()).isEqualTo("[\"dayOfWeek.sin\",\"dayOfWeek.cos\"]");
        assertThat(drivers.get("used").asBoolean()).as(with.toString()).isFalse();
        // the global networks: every plan without the calendar, and one plan again with it
        int members = without.get("members").size();
        assertThat(members).isPositive();
        assertThat(with.get("members").size()).isGreaterThan(members);
        assertThat(with.get("series").get("methods").toString()).isEqualTo(without.get("series").get("methods").toString());

        // the first stage's candidates are the version's without the calendar (the global networks named as fitted
        // without it); the candidates reading it were scored too: the regression, the global network and its COMBINED
        java.util.Set<String> first = new java.util.TreeSet<>();
        java.util.Set<String> reading = new java.util.TreeSet<>();
        with.get("candidates").forEach(c -> {
            String name = c.get("name").asString();
            boolean reads = name.startsWith("REGRESSION + ") || name.contains("GLOBAL") && !name.contains(" without drivers");
            (reads ? reading : first).add(name.replace(" without drivers", ""));
        });
        java.util.Set<String> plainNames = new java.util.TreeSet<>();
        without.get("candidates").forEach(c -> plainNames.add(c.get("name").asString()));
        assertThat(first).isEqualTo(plainNames);
        assertThat(reading).anyMatch(n -> n.startsWith("REGRESSION + ")).anyMatch(n -> n.startsWith("GLOBAL "))
                .anyMatch(n -> n.startsWith("COMBINED: mean of GLOBAL "));

        JsonNode plainList = http.get("/api/v1/models/plain/series").json().get("series");
        JsonNode calendarList = http.get("/api/v1/models/calendar/series").json().get("series");
        assertThat(calendarList).hasSize(STORES.size());
        for (int i = 0; i < STORES.size(); i++) {
            JsonNode plainSeries = plainList.get(i);
            JsonNode calendarSeries = calendarList.get(i);
            String store = calendarSeries.get("id").asString();
            assertThat(store).isEqualTo(plainSeries.get("id").asString());
            assertThat(calendarSeries.get("method").asString()).isEqualTo(plainSeries.get("method").asString());
            assertThat(calendarSeries.get("candidate").asString()).as(store)
                    .isEqualTo(plainSeries.get("candidate").asString() + (calendarSeries.get("candidate").asString()
                            .contains("GLOBAL") ? " without drivers" : ""));
            assertThat(calendarSeries.get("mase").asDouble()).isEqualTo(plainSeries.get("mase").asDouble());

            JsonNode plain = http.get("/api/v1/models/plain/series/" + store + "/forecast?horizon=7").json();
            JsonNode calendar = http.get("/api/v1/models/calendar/series/" + store + "/forecast?horizon=7").json();
            assertThat(plain.get("points")).hasSize(7);
            assertThat(calendar.get("points").toString()).as(store).isEqualTo(plain.get("points").toString());
        }
    }
}
