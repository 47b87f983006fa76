package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.e2e.Http;
import io.foresight.e2e.PromotionData;
import io.foresight.e2e.TestDataDir;
import tools.jackson.databind.JsonNode;

/**
 * A scenario on the web page in real headless Chromium (issue 21): a model of daily electricity demand (taylor.csv
 * summed per day) with a planned promotion as a future feature, trained over the API; on the page the promotion is
 * charted under the forecast with its stored plan, one day's value is edited in the scenario table, and the forecast
 * asked again with it changes at that day by about the promotion's effect; back to the stored plan it is as before.
 * The browser console must stay free of errors. Leaves a screenshot in {@code target/web/screenshot-scenario.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageScenarioBrowserTest {

    static final Path FAILURE = Path.of("target", "web", "failure-scenario.png");
    static final Path SCREENSHOT = Path.of("target", "web", "screenshot-scenario.png");
    static final Path DATA_DIR = TestDataDir.create("foresight-web-scenario");
    static final double EFFECT = PromotionData.EFFECT;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static double[] values(String attribute) {
        return Arrays.stream(attribute.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void editingAPlannedDriverChangesTheForecastOnThePage() throws Exception {
        Http http = new Http(port);
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file", PromotionData.csv().getBytes(StandardCharsets.UTF_8),
                "name", "promo"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http.postJson("/api/v1/models/demand/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "futureFeatures": ["promo"], "epochs": 10}"""
                .formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = WebPageManySeriesBrowserTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode version = http.get("/api/v1/models/demand/versions/1").json();
        JsonNode plan = version.get("tail").get("future").get(0);

        try (ChromeBrowser browser = ChromeBrowser.start(1280, 1600)) {
            try {
                browser.open("http://localhost:" + port + "/");
                browser.await("the forecast chart", Duration.ofSeconds(30),
                        () -> "ready".equals(browser.attribute("#chart", "data-state")));
                browser.await("the drivers", Duration.ofSeconds(20),
                        () -> "ready".equals(browser.attribute("#drivers-chart", "data-state")));
                // what AUTO measured of the promotion, as the manifest records it
                JsonNode drivers = version.get("drivers");
                assertThat(browser.text("#drivers-caption")).contains("Compared on the same held-back windows: with the known"
                        + " future " + drivers.get("bestWith").asString(), "without it " + drivers.get("bestWithout").asString(),
                        drivers.get("used").asBoolean() ? "this version reads it" : "this version is the one trained without it");
                editTheFourthDay(browser, plan, () -> {
                    assertThat(browser.text("#drivers-caption")).contains("the scenario below");
                    browser.screenshot(SCREENSHOT);
                });
                assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(FAILURE);
                throw e;
            }
        }
    }
    /**
     * The same for one series of a many-series model: three regions with promotions of their own (as in
     * {@code ManySeriesKnownFutureEndToEndTest}); the page charts the first region's promotion under its forecast with
     * the plan stored for it, and a scenario edited for it changes its forecast at that day.
     */
    @Test
    void editingASeriesPlannedDriverChangesThatSeriesForecastOnThePage() throws Exception {
        Http http = new Http(port);
        String csv = PromotionData.regionsCsv(List.of("north", "south", "west"), new double[] {1.0, 0.6, 0.8},
                new int[] {14, 14, 14});
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file", csv.getBytes(StandardCharsets.UTF_8),
                "name", "regions", "idColumns", "region"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http.postJson("/api/v1/models/regions/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "futureFeatures": ["promo"], "epochs": 10}"""
                .formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = WebPageManySeriesBrowserTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode north = http.get("/api/v1/models/regions/series").json().get("series").get(0);
        assertThat(north.get("id").asString()).isEqualTo("north");
        JsonNode northDrivers = http.get("/api/v1/models/regions/series/north/drivers").json();
        JsonNode plan = northDrivers.get("plan").get(0);

        try (ChromeBrowser browser = ChromeBrowser.start(1280, 1600)) {
            try {
                browser.open("http://localhost:" + port + "/");
                browser.await("the page to load", Duration.ofSeconds(30),
                        () -> "true".equals(browser.attribute("body", "data-ready")));
                browser.find("button[aria-label='Show version 1 of regions']").click();
                browser.await("north's forecast and drivers", Duration.ofSeconds(30),
                        () -> "north".equals(browser.attribute("#chart", "data-series-id"))
                                && "ready".equals(browser.attribute("#chart", "data-state"))
                                && "ready".equals(browser.attribute("#drivers-chart", "data-state")));
                // the series list says whether north's forecast reads the promotion, as the API's list does
                WebElement row = browser.find("#series-body tr[data-series='north']");
                assertThat(row.getAttribute("data-reads-known-future"))
                        .isEqualTo(String.valueOf(north.get("readsKnownFuture").asBoolean()));
                assertThat(row.getText().contains("reads the known future"))
                        .isEqualTo(north.get("readsKnownFuture").asBoolean());
                // what AUTO measured of the promotion for this series, as the series' drivers record it
                JsonNode measured = northDrivers.get("measured");
                assertThat(browser.text("#drivers-caption")).contains("Compared on the same held-back windows: with the known"
                        + " future " + measured.get("bestWith").asString(), "without it " + measured.get("bestWithout").asString(),
                        measured.get("used").asBoolean() ? "this series reads it" : "this series is forecast without it");
                editTheFourthDay(browser, plan,
                        () -> assertThat(browser.attribute("#chart", "data-series-id")).isEqualTo("north"));
                assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(FAILURE);
                throw e;
            }
        }
    }

    /**
     * A version whose known future is its calendar and holidays alone (daily demand with a weekday pattern): the page
     * has no values to chart or edit, and says under the forecast what the calendar is and what AUTO measured of it,
     * as the manifest records it.
     */
    @Test
    void aCalendarAloneIsDescribedWithWhatItDidAndNothingToEdit() throws Exception {
        Http http = new Http(port);
        StringBuilder csv = new StringBuilder("date,demand\n");
        java.time.LocalDate day = java.time.LocalDate.of(2021, 1, 4);
        java.util.Random random = new java.util.Random(5);
        for (int t = 0; t < 140; t++, day = day.plusDays(1)) {
            double weekday = day.getDayOfWeek().getValue() >= 6 ? 60 : 100;
            csv.append(day).append(',').append(weekday + 0.05 * t + random.nextGaussian() * 2).append('\n');
        }
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file",
                csv.toString().getBytes(StandardCharsets.UTF_8), "name", "weekdays"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response submitted = http.postJson("/api/v1/models/weekdays/training-jobs", """
                {"datasetId": "%s", "target": "demand", "horizon": 7, "calendar": ["dayOfWeek"], "holidays": "GB-ENG",
                 "epochs": 5}""".formatted(upload.json().get("id").asString()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = WebPageManySeriesBrowserTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode drivers = http.get("/api/v1/models/weekdays/versions/1").json().get("drivers");

        try (ChromeBrowser browser = ChromeBrowser.start(1280, 1600)) {
            try {
                browser.open("http://localhost:" + port + "/");
                browser.await("the page to load", Duration.ofSeconds(30),
                        () -> "true".equals(browser.attribute("body", "data-ready")));
                browser.find("button[aria-label='Show version 1 of weekdays']").click();
                browser.await("the forecast and what the calendar did", Duration.ofSeconds(30),
                        () -> "weekdays".equals(browser.attribute("#chart", "data-model"))
                                && "ready".equals(browser.attribute("#chart", "data-state"))
                                && "generated".equals(browser.attribute("#drivers", "data-inputs")));
                assertThat(browser.find("#drivers").isDisplayed()).isTrue();
                assertThat(browser.text("#drivers-caption")).contains(
                        "Known in advance from the timestamps (calendar dayOfWeek; holidays GB-ENG): nothing to edit.",
                        "with the known future " + drivers.get("bestWith").asString(),
                        "without it " + drivers.get("bestWithout").asString(),
                        drivers.get("used").asBoolean() ? "this version reads it" : "this version is the one trained without it");
                assertThat(browser.find("#drivers-chart").isDisplayed()).isFalse();
                assertThat(browser.find("#scenario-form").isDisplayed()).isFalse();
                assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(FAILURE);
                throw e;
            }
        }
    }

    /**
     * On the page's forecast with its drivers: the stored {@code plan} is charted and filled in step by step; the
     * promotion flipped on the 4th day (2000-08-31) and forecast again moves the forecast there by about its effect
     * (then {@code edited} checks what else shows the scenario); back to the stored plan, the forecast is as before.
     */
    private static void editTheFourthDay(ChromeBrowser browser, JsonNode plan, Edited edited) throws java.io.IOException {
        assertThat(browser.find("#drivers").isDisplayed()).isTrue();
        assertThat(browser.attribute("#chart", "data-scenario")).isEqualTo("stored");
        int horizon = Integer.parseInt(browser.attribute("#chart", "data-forecast-points"));
        assertThat(browser.attribute("#drivers-chart", "data-points")).isEqualTo(String.valueOf(horizon));
        assertThat(browser.attribute("#drivers-chart", "data-series")).isEqualTo("promo|promo (plan)");
        double[] stored = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            stored[k] = plan.get(k).asDouble();
        }
        assertThat(values(browser.attribute("#drivers-chart", "data-plan"))).containsExactly(stored);
        List<WebElement> inputs = browser.findAll("#scenario-body input.scenario-value");
        assertThat(inputs).hasSize(horizon);
        double[] before = values(browser.attribute("#chart", "data-forecast-values"));

        WebElement day = inputs.get(3);
        assertThat(day.getAttribute("data-timestamp")).isEqualTo("2000-08-31");
        int flipped = 1 - (int) Double.parseDouble(day.getAttribute("value"));
        day.clear();
        day.sendKeys(String.valueOf(flipped));
        browser.find("#scenario-run").click();
        browser.await("the scenario's forecast", Duration.ofSeconds(20),
                () -> "edited".equals(browser.attribute("#chart", "data-scenario"))
                        && "ready".equals(browser.attribute("#chart", "data-state")));
        double[] after = values(browser.attribute("#chart", "data-forecast-values"));
        assertThat(after).hasSize(horizon);
        double change = (after[3] - before[3]) * (flipped == 1 ? 1 : -1);
        assertThat(change).as("the forecast at the edited day moves by about the promotion's effect")
                .isBetween(0.5 * EFFECT, 1.5 * EFFECT);
        assertThat(values(browser.attribute("#drivers-chart", "data-plan"))[3]).isEqualTo(flipped);
        edited.check();

        browser.find("#scenario-reset").click();
        browser.await("the stored plan's forecast", Duration.ofSeconds(20),
                () -> "stored".equals(browser.attribute("#chart", "data-scenario"))
                        && "ready".equals(browser.attribute("#chart", "data-state")));
        assertThat(values(browser.attribute("#chart", "data-forecast-values"))).containsExactly(before);
    }

    /** What else shows the scenario while it is forecast. */
    @FunctionalInterface
    private interface Edited {
        void check() throws java.io.IOException;
    }
}
