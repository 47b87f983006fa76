package io.foresight.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the files that package and operate the service (Dockerfile, docker-compose, Prometheus and Grafana
 * configuration, the documented settings, the sample data) without a Docker engine. Validation that needs a
 * tool uses the real one: {@code docker-compose} and {@code promtool}, installed by
 * {@code scripts/install-test-tools.sh}. A missing tool fails the test, it never skips it.
 */
class PackagingFilesTest {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);
    private static final String INSTALL_HINT =
            "run scripts/install-test-tools.sh (it installs the Debian packages docker-compose and prometheus)";

    /** The Prometheus names of the service's meters (API.md) and the standard ones the dashboard must show. */
    private static final List<String> DASHBOARD_METERS = List.of(
            "forecast_requests_seconds",
            "forecast_training_jobs_total",
            "forecast_training_seconds",
            "forecast_training_jobs_active",
            "forecast_models_registered",
            "forecast_model_backtest_mase",
            "jvm_memory_used_bytes",
            "process_cpu_usage");

    /** The default ports (application.properties); every packaging file must name the same ones. */
    private static final String API_PORT = "8080";
    private static final String MANAGEMENT_PORT = "8081";

    /** Every documented setting with its default, as config/application.yml must show it. */
    private static final Map<String, String> SETTINGS = new LinkedHashMap<>();
    static {
        SETTINGS.put("foresight.api-key-for-reads", "false");
        SETTINGS.put("foresight.limits.max-horizon", "1000");
        SETTINGS.put("foresight.limits.max-window", "1000");
        SETTINGS.put("foresight.limits.max-epochs", "1000");
        SETTINGS.put("foresight.limits.max-layers", "8");
        SETTINGS.put("foresight.limits.max-layer-size", "512");
        SETTINGS.put("foresight.limits.max-columns", "200");
        SETTINGS.put("foresight.limits.max-rows", "1000000");
        SETTINGS.put("foresight.limits.max-panel-rows", "4000000");
        SETTINGS.put("foresight.limits.max-series", "100000");
        SETTINGS.put("foresight.limits.max-name-length", "100");
        SETTINGS.put("foresight.limits.min-body-bytes-per-second", "1024");
        SETTINGS.put("foresight.limits.body-grace", "5s");
        SETTINGS.put("foresight.limits.max-requests-per-client", "50");
        SETTINGS.put("foresight.training.queue-capacity", "16");
        SETTINGS.put("foresight.training.workers", "1");
        SETTINGS.put("foresight.training.job-timeout", "30m");
        SETTINGS.put("foresight.training.auto-layer-sizes", "[32]");
        SETTINGS.put("foresight.serving.cache-size", "16");
        SETTINGS.put("foresight.registry.auto-promote", "better");
        SETTINGS.put("foresight.registry.keep-versions", "10");
        SETTINGS.put("foresight.registry.refresh-interval", "2s");
        SETTINGS.put("spring.servlet.multipart.max-file-size", "128MB");
        SETTINGS.put("spring.servlet.multipart.max-request-size", "129MB");
        SETTINGS.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        SETTINGS.put("server.port", API_PORT);
        SETTINGS.put("management.server.port", MANAGEMENT_PORT);
        SETTINGS.put("server.tomcat.connection-timeout", "10s");
    }

    /** Settings documented as commented-out lines: they have no fixed value (a secret, a path per host). */
    private static final List<String> COMMENTED_SETTINGS = List.of("foresight.data-dir", "foresight.api-key");

    private final Path root = projectRoot();

    // ---------------------------------------------------------------------------------------------- compose

    @Test
    void dockerComposeFileIsValidForDockerCompose() {
        ToolResult result = run("docker-compose", "-f", "docker-compose.yml", "config", "-q");

        assertThat(result.exitCode())
                .as("docker-compose -f docker-compose.yml config -q failed:%n%s%s", result.stderr(), result.stdout())
                .isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dockerComposeWiresServiceMonitoringAndDashboards() throws IOException {
        Map<String, Object> compose = yaml("docker-compose.yml");
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("foresight", "prometheus", "grafana");

        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            if (service.containsKey("build")) {
                return;
            }
            String image = String.valueOf(service.get("image"));
            assertThat(image).as("image of %s is pinned to a version", name)
                    .matches("[\\w./-]+:[\\w.-]*\\d[\\w.-]*")
                    .doesNotEndWith(":latest");
        });

        Map<String, Object> foresight = (Map<String, Object>) services.get("foresight");
        assertThat(foresight).containsKeys("build", "healthcheck", "mem_limit");
        assertThat(String.valueOf(foresight.get("ports"))).contains(":" + API_PORT).contains(":" + MANAGEMENT_PORT);
        assertThat(String.valueOf(foresight.get("healthcheck"))).contains("127.0.0.1:" + MANAGEMENT_PORT + "/actuator/health");
        assertThat(String.valueOf(foresight.get("volumes"))).contains(":/data");
        assertThat(String.valueOf(foresight.get("environment"))).contains("FORESIGHT_API_KEY");

        String prometheusVolumes = String.valueOf(((Map<String, Object>) services.get("prometheus")).get("volumes"));
        assertThat(prometheusVolumes).contains("./config/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml");

        String grafanaVolumes = String.valueOf(((Map<String, Object>) services.get("grafana")).get("volumes"));
        assertThat(grafanaVolumes).contains("./config/grafana/provisioning:/etc/grafana/provisioning");
        Matcher dashboardsMount = Pattern.compile("\\./config/grafana/dashboards:([^:,\\]]+)").matcher(grafanaVolumes);
        assertThat(dashboardsMount.find()).as("grafana mounts config/grafana/dashboards").isTrue();

        Map<String, Object> providers = yaml("config/grafana/provisioning/dashboards/dashboards.yml");
        Map<String, Object> provider = ((List<Map<String, Object>>) providers.get("providers")).get(0);
        assertThat(((Map<String, Object>) provider.get("options")).get("path"))
                .as("the dashboard provider reads where docker-compose mounts the dashboards")
                .isEqualTo(dashboardsMount.group(1));
    }

    // ---------------------------------------------------------------------------------------------- prometheus

    @Test
    void prometheusConfigIsValidForPromtool() {
        ToolResult result = run("promtool", "check", "config", "config/prometheus/prometheus.yml");

        assertThat(result.exitCode())
                .as("promtool check config config/prometheus/prometheus.yml failed:%n%s%s", result.stderr(), result.stdout())
                .isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheActuatorEndpointOfTheComposeService() throws IOException {
        Map<String, Object> config = yaml("config/prometheus/prometheus.yml");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");

        Map<String, Object> foresight = jobs.stream()
                .filter(job -> "foresight".equals(job.get("job_name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scrape job named foresight in prometheus.yml"));
        assertThat(foresight.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(String.valueOf(foresight.get("static_configs"))).contains("foresight:" + MANAGEMENT_PORT);
    }

    // ---------------------------------------------------------------------------------------------- grafana

    @Test
    void dashboardShowsEveryContractMeter() throws IOException {
        List<String> exprs = new ArrayList<>();
        collectExprs(dashboard().path("panels"), exprs);
        assertThat(exprs).as("panel queries in the Grafana dashboard").isNotEmpty();

        List<String> missing = DASHBOARD_METERS.stream()
                .filter(meter -> exprs.stream().noneMatch(expr -> usesMetric(expr, meter)))
                .toList();
        assertThat(missing).as("meters that no panel of config/grafana/dashboards/foresight.json queries").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardQueriesUseTheProvisionedDatasource() throws IOException {
        Map<String, Object> provisioning = yaml("config/grafana/provisioning/datasources/prometheus.yml");
        Map<String, Object> datasource = ((List<Map<String, Object>>) provisioning.get("datasources")).get(0);
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        String uid = String.valueOf(datasource.get("uid"));

        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard().path("panels"), panels);
        for (JsonNode panel : panels) {
            if (panel.path("targets").isEmpty()) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString())
                    .as("datasource uid of panel '%s'", panel.path("title").asString())
                    .isEqualTo(uid);
        }
    }

    /** promtool parses every dashboard query as a recording rule, with Grafana's variables filled in. */
    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path tmp) throws IOException {
        List<String> exprs = new ArrayList<>();
        collectExprs(dashboard().path("panels"), exprs);

        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String expr = exprs.get(i)
                    .replace("$__rate_interval", "1m")
                    .replace("$__interval", "1m")
                    .replace("$__range", "6h")
                    .replace("$model", ".*");
            rules.append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = tmp.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);

        ToolResult result = run("promtool", "check", "rules", file.toString());
        assertThat(result.exitCode())
                .as("promtool check rules on the dashboard's queries failed:%n%s%s%n%s", result.stderr(), result.stdout(), rules)
                .isZero();
    }

    // ---------------------------------------------------------------------------------------------- Dockerfile

    @Test
    void dockerfileBuildsInTwoStagesAndRunsUnprivilegedWithMemoryCaps() throws IOException {
        List<String> instructions = dockerInstructions(read("Dockerfile"));
        Map<String, String> args = new LinkedHashMap<>();
        List<String> froms = new ArrayList<>();
        for (String instruction : instructions) {
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            String rest = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("ARG") && froms.isEmpty() && rest.contains("=")) {
                args.put(rest.substring(0, rest.indexOf('=')).trim(), rest.substring(rest.indexOf('=') + 1).trim());
            }
            if (keyword.equals("FROM")) {
                String image = rest.split("\\s+")[0];
                for (Map.Entry<String, String> arg : args.entrySet()) {
                    image = image.replace("${" + arg.getKey() + "}", arg.getValue()).replace("$" + arg.getKey(), arg.getValue());
                }
                froms.add(image);
            }
        }
        assertThat(froms).as("FROM stages (build and runtime)").hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.get(0)).as("build stage image").startsWith("eclipse-temurin:17-jdk");
        String runtime = froms.get(froms.size() - 1);
        assertThat(runtime).as("runtime image (ND4J needs glibc)").startsWith("eclipse-temurin:17-jre").doesNotContain("alpine");

        List<String> users = instructions.stream().filter(i -> i.toUpperCase().startsWith("USER ")).toList();
        assertThat(users).as("USER instruction").isNotEmpty();
        String user = users.get(users.size() - 1).substring(5).trim().split(":")[0];
        assertThat(user).as("runtime user").isNotIn("root", "0");

        assertThat(instructions).anySatisfy(i -> assertThat(i).matches("(?is)HEALTHCHECK\\s.*CMD\\s.*:" + MANAGEMENT_PORT + "/actuator/health.*"));
        assertThat(instructions).anySatisfy(i -> assertThat(i).matches("(?is)RUN\\s.*\\./mvnw\\s.*package.*"));
        assertThat(instructions).contains("EXPOSE " + API_PORT + " " + MANAGEMENT_PORT, "VOLUME /data", "WORKDIR /app");

        String dockerfile = String.join("\n", instructions);
        assertThat(dockerfile).contains(
                "FORESIGHT_DATA_DIR=/data",
                "OMP_NUM_THREADS=1",
                "-XX:MaxRAMPercentage=",
                "-Dorg.bytedeco.javacpp.maxbytes=",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=",
                "-Dorg.bytedeco.javacpp.cachedir=/data/javacpp");

        List<String> ignored = read(".dockerignore").lines().map(String::trim).toList();
        assertThat(ignored).contains("target/", "data/", ".git");
    }

    // ---------------------------------------------------------------------------------------------- data, settings

    @Test
    void sampleDataFilesExistWithTheirHeaders() throws IOException {
        Map<String, String> headers = Map.of(
                "AirPassengers.csv", "timestamp,value",
                "EuStockMarkets.csv", "timestamp,DAX,SMI,CAC,FTSE",
                "taylor.csv", "timestamp,value");
        Map<String, Integer> rows = Map.of("AirPassengers.csv", 144, "EuStockMarkets.csv", 1860, "taylor.csv", 4032);

        String readme = read("sample-data/README.md");
        headers.forEach((file, header) -> {
            Path csv = root.resolve("sample-data").resolve(file);
            assertThat(csv).as("sample-data/%s", file).isRegularFile();
            List<String> lines = lines(csv);
            assertThat(lines.get(0)).as("header of %s", file).isEqualTo(header);
            assertThat(lines).as("lines of %s", file).hasSize(rows.get(file) + 1);
            assertThat(readme).as("sample-data/README.md describes %s", file).contains(file);
        });
    }

    @Test
    void theDevelopmentPanelHasAtLeastAHundredMonthlySeriesOfRealLengthAndIsDocumented() throws IOException {
        Path csv = root.resolve("sample-data/panel/fred-monthly.csv");
        List<String> lines = lines(csv);
        assertThat(lines.get(0)).isEqualTo("series,timestamp,value");
        Map<String, Integer> lengths = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as(line).hasSize(3);
            assertThat(cells[1]).as(line).matches("\\d{4}-\\d{2}-01");
            assertThat(Double.parseDouble(cells[2])).as(line).isFinite();
            lengths.merge(cells[0], 1, Integer::sum);
        }
        assertThat(lengths).hasSizeGreaterThanOrEqualTo(100);
        assertThat(lengths.values()).allSatisfy(n -> assertThat(n).isBetween(100, 300));
        List<String> sources = lines(root.resolve("sample-data/panel/fred-monthly-sources.csv"));
        assertThat(sources).hasSize(lengths.size() + 1);
        assertThat(read("docs/DATA.md")).contains("fred-monthly.csv", lengths.size() + " ", "PROTOCOL.md");
        assertThat(read("sample-data/README.md")).contains("panel/fred-monthly.csv");
    }

    @Test
    @SuppressWarnings("unchecked")
    void applicationYmlDocumentsEverySettingWithItsDefault() throws IOException {
        String text = read("config/application.yml");
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", new Yaml().load(text), flat);

        SETTINGS.forEach((property, defaultValue) -> assertThat(flat)
                .as("config/application.yml sets %s", property)
                .containsEntry(property, defaultValue));

        for (String property : COMMENTED_SETTINGS) {
            String key = property.substring(property.lastIndexOf('.') + 1);
            assertThat(flat.containsKey(property) || Pattern.compile("(?m)^\\s*#\\s*" + Pattern.quote(key) + ":").matcher(text).find())
                    .as("config/application.yml documents %s", property)
                    .isTrue();
        }

        Set<String> undocumented = new LinkedHashSet<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.matches("[a-z][\\w-]*:\\s*\\S.*") && (i == 0 || !lines[i - 1].strip().startsWith("#"))) {
                undocumented.add(line);
            }
        }
        assertThat(undocumented).as("settings without a comment line above them").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private String read(String relative) throws IOException {
        Path file = root.resolve(relative);
        assertThat(file).as(relative).isRegularFile();
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private Map<String, Object> yaml(String relative) throws IOException {
        Map<String, Object> loaded = new Yaml().load(read(relative));
        assertThat(loaded).as(relative).isNotNull();
        return loaded;
    }

    private JsonNode dashboard() throws IOException {
        return JsonMapper.shared().readTree(read("config/grafana/dashboards/foresight.json"));
    }

    /** Panels, including those nested in collapsed rows. */
    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }

    private static void collectExprs(JsonNode panels, List<String> into) {
        List<JsonNode> all = new ArrayList<>();
        collectPanels(panels, all);
        for (JsonNode panel : all) {
            for (JsonNode target : panel.path("targets")) {
                if (target.path("expr").isString()) {
                    into.add(target.path("expr").asString());
                }
            }
        }
    }

    /** The metric name as a whole PromQL identifier, bare or with a timer/histogram suffix. */
    private static boolean usesMetric(String expr, String meter) {
        return Pattern.compile("(?<![\\w:])" + Pattern.quote(meter) + "(?:_count|_sum|_max|_bucket)?(?![\\w:])")
                .matcher(expr).find();
    }

    /** Dockerfile instructions, continuation lines joined, comments dropped. */
    private static List<String> dockerInstructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1).strip() : line).append(continues ? " " : "");
            if (!continues) {
                instructions.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            instructions.add(current.toString().strip());
        }
        return instructions;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, into));
        } else {
            into.put(prefix, String.valueOf(node));
        }
    }

    private record ToolResult(int exitCode, String stdout, String stderr) {
    }

    /** Runs a tool from the project root with a timeout; a missing tool fails with the install hint. */
    private ToolResult run(String tool, String... args) {
        if (!onPath(tool)) {
            fail(tool + " is not installed (not found on PATH): " + INSTALL_HINT);
        }
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("packaging-test", ".out");
            err = Files.createTempFile("packaging-test", ".err");
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + TOOL_TIMEOUT.toSeconds() + " s:\n"
                        + Files.readString(err) + Files.readString(out));
            }
            return new ToolResult(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage() + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
