package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.e2e.Http;
import io.foresight.e2e.TestDataDir;
import tools.jackson.databind.JsonNode;

/**
 * A many-series model on the web page in real headless Chromium: a long-format CSV (3 stores x 2 items, monthly,
 * plus one series too short to train) uploaded and trained over the API, then on the page the methods that won, the
 * paged and searchable series list with each series' method, MASE and sparkline, one series' chart, an id that looks
 * like markup shown as text; then the same CSV uploaded from the page's form with its id columns ticked and trained,
 * the job view counting series. The browser console must stay free of errors. Leaves a screenshot of the series list
 * and one series' chart in {@code docs/screenshot-many-series.png} and {@code target/web/screenshot-many-series.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageManySeriesBrowserTest {

    static final Path FAILURE = Path.of("target", "web", "failure-many-series.png");
    static final Path SCREENSHOT = Path.of("target", "web", "screenshot-many-series.png");
    static final Path DOCS_SCREENSHOT = Path.of("docs", "screenshot-many-series.png");
    static final Path DATA_DIR = TestDataDir.create("foresight-web-many");
    /** A store id that is also markup: the page must show it as text. */
    static final String MARKUP_STORE = "<b>3</b>";


    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    /** Stores 1, 2 and {@code <b>3</b>} x items 1, 2: 60 to 72 monthly points each; store 3's item 9 has 8 (no model). */
    static String csv() {
        Random random = new Random(11);
        List<String> rows = new ArrayList<>();
        for (String store : List.of("1", "2", MARKUP_STORE)) {
            for (int item = 1; item <= 2; item++) {
                int length = 60 + random.nextInt(13);
                double level = 100 + 40 * rows.size() / 60.0 + 20 * item;
                for (int t = 0; t < length; t++) {
                    double value = level * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12)) * (1 + 0.03 * random.nextGaussian());
                    rows.add(store + "," + item + "," + LocalDate.of(2015, 1, 1).plusMonths(t) + ","
                            + String.format(Locale.ROOT, "%.2f", value));
                }
            }
        }
        for (int t = 0; t < 8; t++) {
            rows.add(MARKUP_STORE + ",9," + LocalDate.of(2020, 1, 1).plusMonths(t) + "," + (50 + t));
        }
        return "store,item,date,sales\n" + String.join("\n", rows) + "\n";
    }

    static JsonNode awaitJob(Http http, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http.get("/api/v1/training-jobs/" + id).json();
            String status = job.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not finish in time");
    }

    @Test
    void seriesListSearchPagesAndChartsOfAManySeriesModel() throws Exception {
        Http http = new Http(port);
        String csv = csv();
        Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file", csv.getBytes(StandardCharsets.UTF_8),
                "name", "stores", "idColumns", "store,item"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        assertThat(upload.json().get("series").asInt()).isEqualTo(7);
        Http.Response submitted = http.postJson("/api/v1/models/stores/training-jobs",
                "{\"datasetId\":\"" + upload.json().get("id").asString() + "\",\"target\":\"sales\",\"horizon\":6}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = awaitJob(http, submitted.json().get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");

        Path file = Files.createTempFile(DATA_DIR, "stores", ".csv");
        Files.writeString(file, csv);
        try (ChromeBrowser browser = ChromeBrowser.start(1280, 1400)) {
            try {
                walkThrough(browser, http, file);
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(FAILURE);
                throw e;
            }
        }
    }

    private static List<String> seriesIdsShown(ChromeBrowser browser) {
        return browser.js("return Array.from(document.querySelectorAll('#series-body tr')).map(r => r.dataset.series);");
    }

    /** Clicks the series row whose id is {@code id} (any characters: found by its data attribute, not a selector). */
    private static void clickSeries(ChromeBrowser browser, String id) {
        WebElement button = browser.js("return Array.from(document.querySelectorAll('#series-body tr'))"
                + ".find(r => r.dataset.series === arguments[0]).querySelector('button');", id);
        button.click();
    }

    private static void search(ChromeBrowser browser, String query, int expectedTotal) {
        WebElement box = browser.find("#series-query");
        box.clear();
        box.sendKeys(query);
        browser.await("the series matching " + query, Duration.ofSeconds(20), () ->
                query.equals(browser.attribute("#series-table", "data-query"))
                        && String.valueOf(expectedTotal).equals(browser.attribute("#series-table", "data-total"))
                        && "ready".equals(browser.attribute("#series-table", "data-state")));
    }

    private void walkThrough(ChromeBrowser browser, Http http, Path file) throws IOException, InterruptedException {
        JsonNode version = http.get("/api/v1/models/stores/versions/1").json();
        JsonNode all = http.get("/api/v1/models/stores/series?size=100").json();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        all.get("series").forEach(s -> byId.put(s.get("id").asString(), s));
        assertThat(byId).hasSize(7);
        String failedId = MARKUP_STORE + "/9";
        assertThat(byId.get(failedId).get("failure").isNull()).as("the short series has no model: " + byId.get(failedId)).isFalse();

        browser.open("http://localhost:" + port + "/");
        browser.await("the page to load", Duration.ofSeconds(30), () -> "true".equals(browser.attribute("body", "data-ready")));
        browser.await("the first series' chart", Duration.ofSeconds(30),
                () -> "ready".equals(browser.attribute("#chart", "data-state")));
        assertThat(browser.find("#models-body tr[data-model='stores'][data-version='1']").getText()).contains("PER_SERIES");
        assertThat(browser.find("#series-panel").isDisplayed()).isTrue();

        // which methods won: the version's counts, each with its share
        Map<String, Integer> methods = new HashMap<>();
        version.get("series").get("methods").properties().forEach(e -> methods.put(e.getKey(), e.getValue().asInt()));
        Map<String, Integer> shown = new HashMap<>();
        for (WebElement row : browser.findAll("#methods-body tr")) {
            shown.put(row.getAttribute("data-method"), Integer.parseInt(row.findElements(By.tagName("td")).get(1).getText()));
        }
        assertThat(shown).isEqualTo(methods);
        assertThat(methods.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
        assertThat(browser.text("#series-facts")).contains("7 series by store, item", "6 with a model, 1 failed",
                "median held-back MASE " + String.format(Locale.US, "%.3f", version.get("series").get("medianMase").asDouble()));

        // the first page: every series with its method (as the API says), MASE and a sparkline of its recent values
        assertThat(browser.attribute("#series-table", "data-total")).isEqualTo("7");
        assertThat(browser.findAll("#series-body tr")).hasSize(7);
        new Select(browser.find("#series-size")).selectByValue("5");
        browser.await("a page of 5", Duration.ofSeconds(20), () -> browser.findAll("#series-body tr").size() == 5);
        assertThat(browser.text("#series-page")).isEqualTo("Page 1 of 2 · 7 series");
        assertThat(browser.find("#series-prev").isEnabled()).isFalse();
        List<String> firstPage = seriesIdsShown(browser);
        for (String id : firstPage) {
            WebElement row = browser.js("return Array.from(document.querySelectorAll('#series-body tr'))"
                    + ".find(r => r.dataset.series === arguments[0]);", id);
            JsonNode expected = byId.get(id);
            if (!expected.get("failure").isNull()) {
                continue;
            }
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(row.findElement(By.tagName("th")).getText()).isEqualTo(id);
            assertThat(cells.get(0).getText()).startsWith(expected.get("method").asString());
            assertThat(cells.get(1).getText()).isEqualTo(String.format(Locale.US, "%.3f", expected.get("mase").asDouble()));
            assertThat(cells.get(2).getText()).isEqualTo(String.format(Locale.US, "%.3f", expected.get("naiveMase").asDouble()));
            WebElement spark = row.findElement(By.cssSelector("svg.spark"));
            int recent = expected.get("recent").size();
            assertThat(recent).isBetween(2, 36);
            assertThat(spark.getAttribute("data-points")).isEqualTo(String.valueOf(recent));
            assertThat(spark.findElement(By.tagName("path")).getAttribute("d"))
                    .matches("M[\\d.]+ [\\d.]+(L[\\d.]+ [\\d.]+){" + (recent - 1) + "}");
        }
        browser.find("#series-next").click();
        browser.await("page 2", Duration.ofSeconds(20), () -> "1".equals(browser.attribute("#series-table", "data-page")));
        List<String> secondPage = seriesIdsShown(browser);
        assertThat(secondPage).hasSize(2).doesNotContainAnyElementsOf(firstPage);
        assertThat(browser.text("#series-page")).isEqualTo("Page 2 of 2 · 7 series");
        assertThat(browser.find("#series-next").isEnabled()).isFalse();
        List<String> listed = new ArrayList<>(firstPage);
        listed.addAll(secondPage);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(byId.keySet());

        // search: the ids containing "2/"
        search(browser, "2/", 2);
        assertThat(seriesIdsShown(browser)).containsExactlyInAnyOrder("2/1", "2/2");
        assertThat(browser.text("#series-page")).isEqualTo("Page 1 of 1 · 2 series match “2/”");

        // one series' chart: its recent values, then its forecast with both bands
        clickSeries(browser, "2/2");
        browser.await("the chart of series 2/2", Duration.ofSeconds(30), () -> "2/2".equals(browser.attribute("#chart",
                "data-series-id")) && "ready".equals(browser.attribute("#chart", "data-state")));
        JsonNode forecast = http.get("/api/v1/models/stores/series/2%2F2/forecast?horizon=6").json();
        int recent = byId.get("2/2").get("recent").size();
        assertThat(browser.attribute("#chart", "data-history-points")).isEqualTo(String.valueOf(recent));
        assertThat(browser.attribute("#chart", "data-forecast-points")).isEqualTo("6");
        assertThat(browser.attribute("#chart", "data-levels")).isEqualTo("80,95");
        assertThat(browser.findAll("#chart canvas")).isNotEmpty();
        List<WebElement> forecastRows = browser.findAll("#forecast-table tbody tr");
        assertThat(forecastRows).hasSize(6);
        assertThat(forecastRows.get(0).findElement(By.tagName("td")).getAttribute("textContent"))
                .isEqualTo(forecast.get("points").get(0).get("timestamp").asString());
        String end = byId.get("2/2").get("end").asString();
        assertThat(browser.text("#chart-summary")).startsWith("Series 2/2: " + byId.get("2/2").get("method").asString())
                .contains("History: the last " + recent + " of its " + byId.get("2/2").get("points").asInt() + " observations",
                        end + ").", "Forecast: 6 steps from " + forecast.get("points").get(0).get("timestamp").asString());
        assertThat(browser.attribute("#series-body tr[aria-current='true']", "data-series")).isEqualTo("2/2");

        browser.js("document.querySelector('#detail').scrollIntoView();");
        ChromeBrowser.sleep(200);
        browser.screenshot(SCREENSHOT, DOCS_SCREENSHOT);

        // a longer horizon for the same series
        browser.find("#horizon").clear();
        browser.find("#horizon").sendKeys("12");
        browser.find("#forecast-run").click();
        browser.await("a 12-step forecast of 2/2", Duration.ofSeconds(30),
                () -> "12".equals(browser.attribute("#chart", "data-forecast-points")));
        assertThat(browser.attribute("#chart", "data-series-id")).isEqualTo("2/2");

        // an id that looks like markup is shown as text and charted; the series without a model says why
        search(browser, "<b>", 3);
        assertThat(browser.findAll("#series-body b")).as("no markup from ids").isEmpty();
        assertThat(seriesIdsShown(browser)).contains(MARKUP_STORE + "/1", failedId);
        WebElement failedRow = browser.js("return Array.from(document.querySelectorAll('#series-body tr'))"
                + ".find(r => r.dataset.series === arguments[0]);", failedId);
        assertThat(failedRow.getAttribute("data-failed")).isEqualTo("true");
        assertThat(failedRow.getText()).startsWith(failedId).contains("no model: ");
        assertThat(failedRow.findElements(By.tagName("button"))).isEmpty();
        clickSeries(browser, MARKUP_STORE + "/1");
        browser.await("the chart of " + MARKUP_STORE + "/1", Duration.ofSeconds(30), () -> (MARKUP_STORE + "/1").equals(
                browser.attribute("#chart", "data-series-id")) && "ready".equals(browser.attribute("#chart", "data-state")));
        assertThat(browser.text("#chart-summary")).startsWith("Series " + MARKUP_STORE + "/1: ");
        assertThat(browser.find("#problem").isDisplayed()).as("problem box: " + browser.text("#problem")).isFalse();

        uploadAndTrainFromTheForm(browser, http, file);
        assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
    }

    /** The page's form: the CSV's id columns ticked, the dataset uploaded with them and trained; series counted. */
    private void uploadAndTrainFromTheForm(ChromeBrowser browser, Http http, Path file) throws InterruptedException {
        browser.find("#csv-file").sendKeys(file.toAbsolutePath().toString());
        browser.await("the CSV's id column choices", Duration.ofSeconds(10),
                () -> browser.findAll("#id-columns input").size() == 3);
        for (String column : List.of("store", "item")) {
            browser.find("#id-columns input[value='" + column + "']").click();
        }
        List<String> targets = browser.js("return Array.from(document.querySelectorAll('#target option')).map(o => o.value);");
        assertThat(targets).as("id columns are not offered as the target").containsExactly("sales");
        assertThat(browser.findAll("#features input")).as("nor as features").isEmpty();
        browser.find("#model-name").clear();
        browser.find("#model-name").sendKeys("stores-page");
        browser.find("#train-horizon").clear();
        browser.find("#train-horizon").sendKeys("6");
        browser.find("#train-start").click();

        browser.await("the job to end", Duration.ofSeconds(240), () -> {
            String status = browser.attribute("#job-panel", "data-status");
            return status != null && !status.equals("QUEUED") && !status.equals("RUNNING");
        });
        assertThat(browser.attribute("#job-panel", "data-status")).as(browser.text("#job-status") + " / "
                + browser.text("#problem")).isEqualTo("SUCCEEDED");
        String jobId = browser.text("#job-id");
        JsonNode progress = http.get("/api/v1/training-jobs/" + jobId).json().get("progress");
        String counted = "series " + progress.get("seriesDone").asInt() + " of " + progress.get("seriesTotal").asInt()
                + " (" + progress.get("seriesFailed").asInt() + " failed)";
        assertThat(counted).isEqualTo("series 7 of 7 (1 failed)");
        assertThat(browser.text("#job-status")).contains(counted);
        assertThat(browser.text("#job-progress-label")).isEqualTo("S" + counted.substring(1));
        assertThat(browser.attribute("#job-progress", "data-series-total")).isEqualTo("7");
        assertThat(browser.find("#jobs-body tr[data-job='" + jobId + "']").getText()).contains(counted);

        JsonNode datasets = http.get("/api/v1/datasets").json();
        assertThat(datasets).hasSize(2).allSatisfy(d -> assertThat(d.get("series").asInt()).isEqualTo(7));
        assertThat(browser.findAll("#datasets-body tr")).hasSize(2)
                .allSatisfy(row -> assertThat(row.getText()).contains("7 series by store, item"));

        // the new version is shown with its own series
        browser.await("the new version's series", Duration.ofSeconds(30), () -> "stores-page".equals(
                browser.attribute("#chart", "data-model")) && "ready".equals(browser.attribute("#chart", "data-state"))
                && "7".equals(browser.attribute("#series-table", "data-total")));
        assertThat(browser.find("#detail-heading").getText()).startsWith("stores-page · version 1");
        assertThat(browser.find("#problem").isDisplayed()).as("problem box: " + browser.text("#problem")).isFalse();
    }
}
