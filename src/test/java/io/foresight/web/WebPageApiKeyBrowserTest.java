package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.foresight.e2e.Http;
import io.foresight.e2e.TestDataDir;

/**
 * The web page against a service with {@code foresight.api-key}: the page, its scripts, the OpenAPI document and
 * Swagger UI stay reachable without the key; a write without it shows the 401 problem's detail on the page and asks
 * for the key once; with the key entered the write goes through, and so does the next one (cancelling the job).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebPageApiKeyBrowserTest {

    static final String KEY = "browser-test-key";
    static final Pattern MODULE_SCRIPT = Pattern.compile("<script type=\"module\" src=\"js/([\\w-]+\\.js)\"></script>");
    static final Pattern IMPORT = Pattern.compile("^import .* from '\\./([\\w-]+\\.js)';$", Pattern.MULTILINE);
    static final Path DATA_DIR = TestDataDir.create("foresight-web-key");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("foresight.api-key", () -> KEY);
    }

    @LocalServerPort
    int port;

    @Test
    void pageDocumentsAndSwaggerUiNeedNoKey() {
        Http http = new Http(port);
        for (String path : List.of("/", "/js/main.js", "/css/app.css", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/v3/api-docs", "/swagger-ui/index.html")) {
            assertThat(http.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(http.postJson("/api/v1/models/x/training-jobs", "{}").status()).isEqualTo(401);
    }

    /**
     * index.html loads js/main.js as an ES module; a browser runs a module (and each one it imports) only when it is
     * served with a JavaScript content type. Follows the imports from main.js over HTTP: every module is served as
     * JavaScript without the key, the imports form no cycle, and every file in static/js is reached.
     */
    @Test
    void everyModuleOfThePageIsServedAsJavaScriptWithoutTheKey() throws IOException {
        Http http = new Http(port);
        List<String> entries = MODULE_SCRIPT.matcher(http.get("/").body()).results().map(m -> m.group(1)).toList();
        assertThat(entries).as("index.html loads one module script").containsExactly("main.js");
        Map<String, Set<String>> imports = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(entries);
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (imports.containsKey(module)) {
                continue;
            }
            Http.Response response = http.get("/js/" + module);
            assertThat(response.status()).as(module).isEqualTo(200);
            assertThat(response.header("Content-Type")).as(module).startsWith("text/javascript");
            Set<String> imported = new TreeSet<>();
            Matcher from = IMPORT.matcher(response.body());
            while (from.find()) {
                imported.add(from.group(1));
            }
            imports.put(module, imported);
            todo.addAll(imported);
        }
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "static", "js"))) {
            assertThat(imports.keySet()).as("modules reached from main.js")
                    .isEqualTo(files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
        }
        for (String module : imports.keySet()) {
            assertNoCycle(imports, module, new ArrayDeque<>());
        }
    }

    private static void assertNoCycle(Map<String, Set<String>> imports, String module, Deque<String> path) {
        assertThat(path).as("import cycle: %s -> %s", path, module).doesNotContain(module);
        path.addLast(module);
        for (String next : imports.get(module)) {
            assertNoCycle(imports, next, path);
        }
        path.removeLast();
    }

    @Test
    void writeWithoutTheKeyShowsTheProblemAndAsksForTheKeyOnce() throws Exception {
        try (ChromeBrowser browser = ChromeBrowser.start(1280, 1200)) {
            try {
                walkThrough(browser);
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot(Path.of("target", "web", "failure-api-key.png"));
                throw e;
            }
        }
    }

    private void walkThrough(ChromeBrowser browser) {
        browser.open("http://localhost:" + port + "/");
        browser.await("the page to load", Duration.ofSeconds(30), () -> "true".equals(browser.attribute("body", "data-ready")));
        assertThat(browser.find("#problem").isDisplayed()).as("reads need no key").isFalse();
        assertThat(browser.text("#key-status")).contains("not set");

        // taylor (4,032 half-hourly points, 1,024 windows an epoch): on AirPassengers' 144 points the network below
        // stopped early within 7 s on an idle machine, sometimes before the test's cancel reached it
        browser.find("#csv-file").sendKeys(Path.of("sample-data", "taylor.csv").toAbsolutePath().toString());
        browser.await("the CSV's columns", Duration.ofSeconds(10), () -> "value".equals(browser.find("#target").getAttribute("value")));
        browser.find("#model-name").clear();
        browser.find("#model-name").sendKeys("taylor-key");
        new Select(browser.find("#architecture")).selectByValue("SIMPLE_RNN");
        // a network big enough to be still training when the test cancels it (early stopping needs 10+ epochs)
        browser.find("#epochs").sendKeys("1000");
        browser.find("#layers").sendKeys("512, 512");

        // without the key: the upload is refused, the page shows the problem's detail and asks for the key
        browser.find("#train-start").click();
        browser.await("the key dialog", Duration.ofSeconds(15), () -> browser.find("#key-dialog").isDisplayed());
        assertThat(browser.text("#key-dialog-reason")).contains("needs the API key");
        assertThat(browser.find("#problem").isDisplayed()).isTrue();
        assertThat(browser.attribute("#problem", "data-status")).isEqualTo("401");
        assertThat(browser.text("#problem-detail")).contains("This request needs the API key", "Authorization: Bearer");
        browser.find("#key-cancel").click();
        browser.await("the dialog to close", Duration.ofSeconds(5), () -> !browser.find("#key-dialog").isDisplayed());
        assertThat(browser.find("#problem").isDisplayed()).as("the 401 detail stays on the page").isTrue();
        assertThat(browser.text("#problem-detail")).contains("This request needs the API key");
        assertThat(browser.attribute("#datasets-table", "data-count")).isEqualTo("0");

        // with the key: the same request goes through
        browser.find("#train-start").click();
        browser.await("the key dialog", Duration.ofSeconds(15), () -> browser.find("#key-dialog").isDisplayed());
        browser.find("#key-input").sendKeys(KEY);
        browser.find("#key-ok").click();
        browser.await("the training job", Duration.ofSeconds(30), () -> browser.find("#job-panel").isDisplayed()
                && browser.attribute("#job-panel", "data-status") != null);
        assertThat(browser.text("#key-status")).contains("set for this tab");
        assertThat((String) browser.js("return sessionStorage.getItem('foresight.apiKey');")).isEqualTo(KEY);
        assertThat(browser.find("#problem").isDisplayed()).isFalse();
        assertThat(browser.attribute("#datasets-table", "data-count")).isEqualTo("1");

        // the next write uses the stored key without asking: cancel the job
        browser.await("the job to run", Duration.ofSeconds(60), () -> "RUNNING".equals(browser.attribute("#job-panel", "data-status")));
        browser.find("#job-cancel").click();
        browser.await("the job to end cancelled", Duration.ofSeconds(60),
                () -> "CANCELLED".equals(browser.attribute("#job-panel", "data-status")));
        assertThat(browser.find("#key-dialog").isDisplayed()).isFalse();
        assertThat(browser.find("#problem").isDisplayed()).as("problem box: " + browser.text("#problem")).isFalse();

        // the refused requests show up in the console as failed loads (status 401); nothing else may
        List<String> severe = browser.severeConsoleEntries();
        assertThat(severe).anyMatch(entry -> entry.contains("status of 401"));
        assertThat(severe.stream().filter(entry -> !entry.contains("status of 401")).toList())
                .as("browser console errors besides the refused requests").isEmpty();
    }
}
