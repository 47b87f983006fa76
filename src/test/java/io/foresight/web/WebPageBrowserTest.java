package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.e2e.TestDataDir;

/**
 * The web page at {@code /} in real headless Chromium, as a first-time user meets it: upload AirPassengers, pick
 * the target, train a small network while the progress bar and the loss curves move, see the model listed with its
 * backtest scores and one chart with history, backtest and forecast bands, change the horizon, promote the version.
 * The browser console must stay free of errors. Leaves a screenshot in {@code docs/screenshot.png} and
 * {@code target/web/screenshot.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageBrowserTest {

    static final Path SCREENSHOT = Path.of("docs", "screenshot.png");
    static final Path SCREENSHOT_COPY = Path.of("target", "web", "screenshot.png");
    static final Path FAILURE = Path.of("target", "web", "failure.png");
    static final Path DATA_DIR = TestDataDir.create("foresight-web");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        // a new version does not become production by itself, so that the page has a version to promote
        registry.add("foresight.registry.auto-promote", () -> "never");
    }

    @LocalServerPort
    int port;

    @Test
    void uploadTrainFollowChartAndPromote() throws Exception {
        Instant started = Instant.now();
        try (ChromeBrowser browser = ChromeBrowser.start(1280, 1400)) {
            try {
                walkThrough(browser);
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(FAILURE);
                throw e;
            }
        }
        System.out.println("WebPageBrowserTest: browser part took " + Duration.between(started, Instant.now()).toSeconds() + " s");
    }

    private void walkThrough(ChromeBrowser browser) throws IOException {
        browser.open("http://localhost:" + port + "/");
        browser.await("the page to load", Duration.ofSeconds(30), () -> "true".equals(browser.attribute("body", "data-ready")));
        assertThat(browser.driver.getTitle()).contains("Foresight");
        assertThat(browser.find("#problem").isDisplayed()).as("no problem shown on an empty service").isFalse();
        assertThat(browser.find("#models-empty").isDisplayed()).as("the empty state explains what to do").isTrue();
        assertThat(browser.find("#models-empty").getText()).contains("AirPassengers.csv");

        // pick the CSV: its header is read in the browser and offered as target and feature columns
        browser.find("#csv-file").sendKeys(Path.of("sample-data", "AirPassengers.csv").toAbsolutePath().toString());
        browser.await("the CSV's columns", Duration.ofSeconds(10), () -> "value".equals(browser.find("#target").getAttribute("value")));
        assertThat(browser.text("#csv-columns")).contains("timestamp (timestamp)", "value (number)");
        assertThat(browser.find("#model-name").getAttribute("value")).isEqualTo("AirPassengers");
        new Select(browser.find("#target")).selectByValue("value");
        browser.find("#model-name").clear();
        browser.find("#model-name").sendKeys("air");
        new Select(browser.find("#architecture")).selectByValue("SIMPLE_RNN");
        // big enough that training lasts a second or two (training is fast; the progress bar must be seen moving)
        browser.find("#epochs").sendKeys("300");
        browser.find("#layers").sendKeys("128, 128");
        browser.find("#train-start").click();

        // the job is followed live: the progress bar moves epoch by epoch, the loss curves grow
        browser.await("the job panel", Duration.ofSeconds(30), () -> browser.find("#job-panel").isDisplayed());
        Set<String> progressSeen = new LinkedHashSet<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            status = browser.attribute("#job-panel", "data-status");
            progressSeen.add(browser.js("return String(document.querySelector('#job-progress').value);"));
            if (status != null && !status.equals("QUEUED") && !status.equals("RUNNING")) {
                break;
            }
            ChromeBrowser.sleep(40);
        }
        assertThat(status).as("job status; the page says: " + browser.text("#job-status") + " / " + browser.text("#problem"))
                .isEqualTo("SUCCEEDED");
        assertThat(progressSeen).as("progress bar values seen while training").hasSizeGreaterThanOrEqualTo(3);
        WebElement progress = browser.find("#job-progress");
        assertThat(progress.getAttribute("value")).isEqualTo(progress.getAttribute("max"));
        assertThat(progress.getAttribute("data-max-epochs")).isEqualTo("300");
        assertThat(Integer.parseInt(progress.getAttribute("data-updates"))).isGreaterThanOrEqualTo(3);
        assertThat(Integer.parseInt(browser.attribute("#loss-chart", "data-points"))).isGreaterThanOrEqualTo(2);
        assertThat(browser.findAll("#loss-chart canvas")).isNotEmpty();
        assertThat(browser.text("#loss-chart .u-legend")).contains("Training loss", "Validation loss");

        // the new version is listed with its scores next to the baselines, and charted
        browser.await("the version's chart", Duration.ofSeconds(60), () -> "ready".equals(browser.attribute("#chart", "data-state"))
                && "air".equals(browser.attribute("#chart", "data-model")));
        WebElement row = browser.find("#models-body tr[data-model='air'][data-version='1']");
        assertThat(row.getText()).contains("v1", "SIMPLE_RNN", "naive:", "seasonal:");
        assertThat(row.findElements(By.cssSelector("td.num"))).hasSize(3)
                .allSatisfy(cell -> assertThat(cell.getText()).matches("\\d+\\.\\d{3}"));
        assertThat(row.getAttribute("data-production")).isEqualTo("false");

        assertThat(browser.findAll("#chart canvas")).as("the chart is drawn").isNotEmpty();
        assertThat(Integer.parseInt(browser.attribute("#chart", "data-history-points"))).isPositive();
        assertThat(Integer.parseInt(browser.attribute("#chart", "data-backtest-points"))).isPositive();
        assertThat(browser.attribute("#chart", "data-forecast-points")).isEqualTo("12");
        assertThat(browser.attribute("#chart", "data-levels")).isEqualTo("80,95");
        List<String> legend = browser.findAll("#chart .u-legend .u-series .u-label").stream().map(WebElement::getText).toList();
        assertThat(legend).contains("History", "Held-back actual", "Backtest forecast", "Forecast", "80 % low", "95 % high");
        assertThat(browser.text("#chart-summary")).contains("Backtest over", "held-back points", "MASE", "80 % and 95 % intervals");
        assertThat(browser.find("#detail-heading").getText()).isEqualTo("air · version 1");

        // a longer horizon: the forecast is redrawn with 24 points
        browser.find("#horizon").clear();
        browser.find("#horizon").sendKeys("24");
        browser.find("#forecast-run").click();
        browser.await("a 24-step forecast", Duration.ofSeconds(30), () -> "24".equals(browser.attribute("#chart", "data-forecast-points")));
        assertThat(browser.findAll("#forecast-table tbody tr")).hasSize(24);

        // promote the version to production
        row.findElement(By.cssSelector("button.promote")).click();
        browser.await("version 1 in production", Duration.ofSeconds(30), () -> "true".equals(
                browser.attribute("#models-body tr[data-model='air'][data-version='1']", "data-production")));
        assertThat(browser.find("#models-body tr[data-model='air'][data-version='1']").getText()).contains("production");
        assertThat(browser.text("#notice")).contains("now production");
        assertThat(browser.find("#detail-heading").getText()).isEqualTo("air · version 1 (production)");

        // the jobs and datasets lists
        assertThat(browser.findAll("#jobs-body tr[data-status='SUCCEEDED']")).hasSize(1);
        assertThat(browser.attribute("#datasets-table", "data-count")).isEqualTo("1");
        assertThat(browser.find("#problem").isDisplayed()).as("problem box: " + browser.text("#problem")).isFalse();

        browser.js("window.scrollTo(0, 0);");
        browser.fitHeightToPage(1280, 2800);
        ChromeBrowser.sleep(300); // let the charts follow the new window size
        browser.screenshot(SCREENSHOT, SCREENSHOT_COPY);

        assertThat(browser.severeConsoleEntries()).as("browser console errors").isEmpty();
    }
}
