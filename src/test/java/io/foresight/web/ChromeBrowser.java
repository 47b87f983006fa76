package io.foresight.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Real headless Chromium for the page's browser tests: Debian's {@code chromium} and {@code chromium-driver}
 * (install them with {@code scripts/install-test-tools.sh}), a fresh profile per browser, and the browser console
 * collected so that tests can assert it stayed free of errors. Paths can be overridden with the system properties
 * {@code chrome.binary} and {@code webdriver.chrome.driver}.
 */
final class ChromeBrowser implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("chrome.binary", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();

    private ChromeBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static ChromeBrowser start(int width, int height) throws IOException {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            fail("The browser tests need Chromium at " + BINARY + " and its driver at " + DRIVER
                    + ". Install them with scripts/install-test-tools.sh (Debian packages chromium and chromium-driver),"
                    + " or point -Dchrome.binary and -Dwebdriver.chrome.driver at your own.");
        }
        Path profile = Files.createTempDirectory("foresight-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-US",
                "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogOutput(System.err).withSilent(true).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new ChromeBrowser(driver, profile);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    @SuppressWarnings("unchecked")
    <T> T js(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    String attribute(String css, String name) {
        return js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
    }

    String text(String css) {
        return js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
    }

    /** Polls {@code condition} every 50 ms; fails with {@code what} and what the page shows when time runs out. */
    void await(String what, Duration timeout, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(50);
        }
        fail("Timed out after " + timeout.toSeconds() + " s waiting for " + what + "; the page's problem box says: "
                + text("#problem") + (last == null ? "" : "; last error: " + last));
    }

    /** The browser console since the last call (Chromium hands each entry out once), kept for {@link #console()}. */
    List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return List.copyOf(console);
    }

    List<String> severeConsoleEntries() {
        return console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /** A screenshot of the window, written to every given path. */
    void screenshot(Path... targets) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        for (Path target : targets) {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.write(target, png);
        }
    }

    /** Resizes the window to the page's full height (capped), so that a screenshot shows the whole page. */
    void fitHeightToPage(int width, int maxHeight) {
        Number height = js("return Math.ceil(document.documentElement.scrollHeight);");
        Number chrome = js("return window.outerHeight - window.innerHeight;");
        driver.manage().window().setSize(new Dimension(width,
                Math.min(maxHeight, height.intValue() + chrome.intValue())));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
