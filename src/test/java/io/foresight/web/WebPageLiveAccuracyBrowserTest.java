package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.e2e.Http;
import io.foresight.e2e.TestDataDir;
import tools.jackson.databind.JsonNode;

/**
 * The live accuracy panel in real headless Chromium: a model trained on the first 60 months of AirPassengers
 * (horizon 6) forecasts over HTTP, so the ledger records it; before any observation the panel says there is nothing
 * to score; after observations (three as forecast, three far off) it shows the production version's live MASE next
 * to its validation MASE, coverage and bias as the accuracy endpoint gives them, the DRIFTING badge with the reasons,
 * and the chart of actual against forecast over the scored points, the anomalies marked; then the retraining panel,
 * without a policy and after a scheduled run (its trigger, status and version). Leaves
 * {@code target/web/screenshot-live.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageLiveAccuracyBrowserTest {

    static final Path FAILURE = Path.of("target", "web", "failure-live.png");
    static final Path SCREENSHOT = Path.of("target", "web", "screenshot-live.png");
    static final Path DATA_DIR = TestDataDir.create("foresight-web-live");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("foresight.monitoring.drift-window", () -> "6");
    }

    @LocalServerPort
    int port;

    static <T> T await(String what, Supplier<T> read, Predicate<T> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        T last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; last: " + last);
            }
            Thread.sleep(100);
            last = read.get();
        }
        return last;
    }

    @Test
    void theLivePanelShowsScoresDriftAndTheForecastAgainstActualChart() throws Exception {
        Http http = new Http(port);
        List<String> lines = Files.readAllLines(Path.of("sample-data", "AirPassengers.csv"));
        byte[] first60 = (String.join("\n", lines.subList(0, 61)) + "\n").getBytes(StandardCharsets.UTF_8);
        Http.Response submitted = http.postMultipart("/api/v1/models/air/training-jobs", Map.of("file", first60,
                "spec", "{\"target\": \"value\", \"horizon\": 6, \"architecture\": \"SIMPLE_RNN\", \"layers\": [8],"
                        + " \"epochs\": 15, \"seed\": 3}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = WebPageManySeriesBrowserTest.awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode forecast = http.get("/api/v1/models/air/forecast?horizon=6").json();
        await("the forecast recorded", () -> http.get("/api/v1/models/air/accuracy").json(),
                a -> a.get("versions").size() == 1);

        try (ChromeBrowser browser = ChromeBrowser.start(1280, 1600)) {
            try {
                // nothing scored yet: a sentence, no chart
                showAir(browser);
                browser.await("the live panel", Duration.ofSeconds(30),
                        () -> "empty".equals(browser.attribute("#live", "data-state")));
                assertThat(browser.text("#live-summary")).startsWith("No live accuracy yet");
                assertThat(browser.findAll("#live-chart canvas")).isEmpty();
                assertThat(browser.findAll("#live-scores .live-score")).isEmpty();

                // three observations as forecast, three far above it
                StringBuilder points = new StringBuilder();
                JsonNode steps = forecast.get("points");
                for (int i = 0; i < 6; i++) {
                    double value = steps.get(i).get("value").asDouble() * (i < 3 ? 1 : 3);
                    points.append(i == 0 ? "" : ",").append("{\"timestamp\": \"")
                            .append(steps.get(i).get("timestamp").asString()).append("\", \"value\": ").append(value)
                            .append('}');
                }
                Http.Response added = http.postJson("/api/v1/models/air/observations", "{\"points\": [" + points + "]}");
                assertThat(added.status()).as(added.body()).isEqualTo(200);
                JsonNode accuracy = await("six points scored", () -> http.get("/api/v1/models/air/accuracy").json(),
                        a -> a.get("versions").get(0).get("scoredPoints").asInt() == 6);
                JsonNode anomalies = await("the anomalies checked", () -> http.get("/api/v1/models/air/anomalies").json(),
                        a -> "1954-06-01".equals(a.path("checkedThrough").asString(null)));
                JsonNode v1 = accuracy.get("versions").get(0);
                assertThat(v1.get("drifting").asBoolean()).isTrue();
                assertThat(accuracy.get("points")).hasSize(6);
                Set<String> pointTimes = new HashSet<>();
                accuracy.get("points").forEach(p -> pointTimes.add(p.get("timestamp").asString()));
                int marked = 0;
                for (JsonNode a : anomalies.get("anomalies")) {
                    marked += pointTimes.contains(a.get("timestamp").asString()) ? 1 : 0;
                }
                assertThat(marked).as("a value three times the forecast is an anomaly").isPositive();

                browser.driver.navigate().refresh();
                showAir(browser);
                browser.await("the live scores", Duration.ofSeconds(30),
                        () -> "ready".equals(browser.attribute("#live", "data-state")));
                assertThat(browser.find("#live").isDisplayed()).isTrue();
                assertThat(browser.text("#live-summary")).startsWith("Production version 1: 6 scored points");
                assertThat(score(browser, "mase")).isEqualTo(String.format(Locale.US, "%.3f", v1.get("mase").asDouble()));
                assertThat(score(browser, "validation-mase"))
                        .isEqualTo(String.format(Locale.US, "%.3f", v1.get("validationMase").asDouble()));
                assertThat(score(browser, "coverage-80"))
                        .isEqualTo(Math.round(100 * v1.get("coverage").get("80").asDouble()) + " %");
                assertThat(score(browser, "coverage-95"))
                        .isEqualTo(Math.round(100 * v1.get("coverage").get("95").asDouble()) + " %");
                assertThat(v1.get("coverage").get("80").asDouble()).isLessThanOrEqualTo(0.5);
                assertThat(browser.attribute("#live", "data-drifting")).isEqualTo("true");
                assertThat(browser.text("#live-drift .badge.drifting")).isEqualTo("DRIFTING");
                List<WebElement> reasons = browser.findAll("#live-drift li");
                assertThat(reasons).hasSize(v1.get("driftReasons").size());
                for (int i = 0; i < reasons.size(); i++) {
                    assertThat(reasons.get(i).getText()).isEqualTo(v1.get("driftReasons").get(i).asString());
                }
                assertThat(browser.findAll("#live-chart canvas")).isNotEmpty();
                // the forecast's chart: its history runs through the six observations, where the forecast starts
                JsonNode history = http.get("/api/v1/models/air/history").json();
                assertThat(history.get("observed").asInt()).isEqualTo(6);
                assertThat(browser.attribute("#chart", "data-history-points"))
                        .isEqualTo(String.valueOf(history.get("values").size()));
                assertThat(browser.text("#chart-summary")).contains("History: the last " + history.get("values").size()
                        + " values, the last 6 of them observed after training", "– 1954-06-01).",
                        "Forecast: 6 steps from 1954-07-01");
                assertThat(browser.attribute("#live-chart", "data-points")).isEqualTo("6");
                assertThat(browser.attribute("#live-chart", "data-anomalies")).isEqualTo(String.valueOf(marked));
                assertThat(browser.text("#live-caption")).contains("the last 6 scored points",
                        steps.get(0).get("timestamp").asString(), steps.get(5).get("timestamp").asString());
                assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
                browser.js("document.querySelector('#live').scrollIntoView();");
                browser.screenshot(SCREENSHOT);

                // the retraining panel: no policy yet; then a scheduled run (a cron every 2 s, replaced once it ran
                // by a yearly one) shows with its trigger, status and version
                browser.await("the retraining panel", Duration.ofSeconds(30),
                        () -> "ready".equals(browser.attribute("#retraining", "data-state")));
                assertThat(browser.attribute("#retraining", "data-policy")).isEqualTo("false");
                assertThat(browser.text("#retraining-policy")).startsWith("No retraining policy");
                assertThat(browser.find("#retraining-runs").isDisplayed()).isFalse();
                assertThat(http.putJson("/api/v1/models/air/retraining", "{\"cron\": \"*/2 * * * * *\","
                        + " \"spec\": {\"epochs\": 3}}").status()).isEqualTo(200);
                JsonNode run = await("a scheduled run", () -> http.get("/api/v1/models/air/retraining").json().get("lastRun"),
                        r -> r != null && !r.isNull() && !r.get("jobId").isNull());
                assertThat(http.putJson("/api/v1/models/air/retraining", "{\"cron\": \"0 0 3 1 1 *\"}").status())
                        .isEqualTo(200);
                JsonNode retrained = WebPageManySeriesBrowserTest.awaitJob(http, run.get("jobId").asString());
                assertThat(retrained.get("status").asString()).as(retrained.toString()).isEqualTo("SUCCEEDED");
                browser.driver.navigate().refresh();
                showAir(browser);
                browser.await("the retraining runs", Duration.ofSeconds(30),
                        () -> "true".equals(browser.attribute("#retraining", "data-policy"))
                                && "1".equals(browser.attribute("#retraining-runs", "data-count")));
                assertThat(browser.text("#retraining-policy")).startsWith("Retrains on cron 0 0 3 1 1 * (UTC), next run")
                        .contains("last run").contains("(schedule): job " + run.get("jobId").asString());
                // the panel may render the table once more as the page's other requests answer: read the row in one go,
                // again if it was replaced under the reading (a stale element)
                String[] seen = new String[4];
                browser.await("the run's row", Duration.ofSeconds(10), () -> {
                    WebElement row = browser.find("#retraining-runs tbody tr");
                    seen[0] = row.getAttribute("data-job");
                    seen[1] = row.getAttribute("data-trigger");
                    seen[2] = row.getAttribute("data-status");
                    seen[3] = row.getText();
                    return true;
                });
                assertThat(seen[0]).isEqualTo(run.get("jobId").asString());
                assertThat(seen[1]).isEqualTo("schedule");
                assertThat(seen[2]).isEqualTo("SUCCEEDED");
                assertThat(seen[3]).contains("schedule", "SUCCEEDED", "v" + retrained.get("version").asInt());
                assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(FAILURE);
                throw e;
            }
        }
    }

    private void showAir(ChromeBrowser browser) {
        browser.open("http://localhost:" + port + "/");
        browser.await("the page to load", Duration.ofSeconds(30), () -> "true".equals(browser.attribute("body", "data-ready")));
        browser.await("the model listed", Duration.ofSeconds(30),
                () -> !browser.findAll("#models-body tr[data-model='air'][data-version='1'] button").isEmpty());
        browser.find("#models-body tr[data-model='air'][data-version='1'] button").click();
    }

    private static String score(ChromeBrowser browser, String name) {
        return browser.text("#live-scores [data-score='" + name + "'] dd");
    }
}
