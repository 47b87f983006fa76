package io.foresight.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the files that package and operate the service (Dockerfile, docker-compose, Prometheus and Grafana
 * configuration, the load balancer of the "replicas" profile, the documented settings, the sample data) without a
 * Docker engine. Validation that needs a tool uses the real one: {@code docker-compose}, {@code promtool} and
 * {@code haproxy}, installed by
 * {@code scripts/install-test-tools.sh}. A missing tool fails the test, it never skips it.
 */
class PackagingFilesTest {

    /** The Prometheus names of the service's meters (API.md) and the standard ones the dashboard must show. */
    private static final List<String> DASHBOARD_METERS = List.of(
            "forecast_requests_seconds",
            "forecast_training_jobs_total",
            "forecast_training_seconds",
            "forecast_training_jobs_active",
            "forecast_models_registered",
            "forecast_model_backtest_mase",
            "forecast_live_mase",
            "forecast_live_coverage",
            "forecast_model_drifting",
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
        SETTINGS.put("foresight.training.warm-up", "true");
        SETTINGS.put("foresight.serving.cache-size", "16");
        SETTINGS.put("foresight.registry.auto-promote", "better");
        SETTINGS.put("foresight.registry.keep-versions", "10");
        SETTINGS.put("foresight.registry.refresh-interval", "2s");
        SETTINGS.put("spring.servlet.multipart.max-file-size", "128MB");
        SETTINGS.put("spring.servlet.multipart.max-request-size", "129MB");
        SETTINGS.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        SETTINGS.put("foresight.monitoring.ledger-max-entries", "500000");
        SETTINGS.put("foresight.monitoring.queue-capacity", "10000");
        SETTINGS.put("foresight.monitoring.drift-window", "30");
        SETTINGS.put("foresight.monitoring.drift-mase-factor", "1.5");
        SETTINGS.put("foresight.monitoring.drift-coverage-margin", "0.1");
        SETTINGS.put("server.port", API_PORT);
        SETTINGS.put("management.server.port", MANAGEMENT_PORT);
        SETTINGS.put("server.tomcat.connection-timeout", "10s");
    }

    /** Settings documented as commented-out lines: they have no fixed value (a secret, a path per host). */
    private static final List<String> COMMENTED_SETTINGS = List.of("foresight.data-dir", "foresight.api-key");

    private final Path root = PackagingTools.projectRoot();

    // ---------------------------------------------------------------------------------------------- compose

    @Test
    void dockerComposeFileIsValidForDockerCompose() {
        PackagingTools.ToolResult result = PackagingTools.run(root, "docker-compose", "-f", "docker-compose.yml", "config", "-q");

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

        // Images that a service of this file builds (foresight-2 of the "replicas" profile runs foresight's).
        Set<Object> built = new LinkedHashSet<>();
        services.values().stream().map(value -> (Map<String, Object>) value)
                .filter(service -> service.containsKey("build"))
                .forEach(service -> built.add(service.get("image")));
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            if (service.containsKey("build") || built.contains(service.get("image"))) {
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

    /** The services of the default {@code docker compose up}: the profile "replicas" must not add to them. */
    private static final Set<String> DEFAULT_SERVICES = Set.of("foresight", "prometheus", "grafana");
    private static final String REPLICAS_PROFILE = "replicas";

    @Test
    @SuppressWarnings("unchecked")
    void theReplicasProfileIsValidAndLeavesTheDefaultServicesAlone() throws IOException {
        PackagingTools.ToolResult check =
                PackagingTools.run(root, "docker-compose", "-f", "docker-compose.yml", "--profile", REPLICAS_PROFILE, "config", "-q");
        assertThat(check.exitCode())
                .as("docker-compose --profile %s config -q failed:%n%s%s", REPLICAS_PROFILE, check.stderr(), check.stdout())
                .isZero();

        // What docker-compose resolved, not the file's text: profiles, volumes and depends_on as the tool reads them.
        PackagingTools.ToolResult resolved =
                PackagingTools.run(root, "docker-compose", "-f", "docker-compose.yml", "--profile", REPLICAS_PROFILE, "config");
        assertThat(resolved.exitCode()).as("docker-compose config:%n%s", resolved.stderr()).isZero();
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(resolved.stdout())).get("services");

        Set<String> always = new LinkedHashSet<>();
        Set<String> replicasOnly = new LinkedHashSet<>();
        services.forEach((name, value) -> {
            Object profiles = ((Map<String, Object>) value).get("profiles");
            if (profiles == null) {
                always.add(name);
            } else {
                assertThat((List<String>) profiles).as("profiles of %s", name).containsExactly(REPLICAS_PROFILE);
                replicasOnly.add(name);
            }
        });
        assertThat(always).as("services that a plain `docker compose up` starts").isEqualTo(DEFAULT_SERVICES);
        assertThat(replicasOnly).as("services of the profile").containsExactlyInAnyOrder("foresight-2", "lb");

        Map<String, Object> first = (Map<String, Object>) services.get("foresight");
        Map<String, Object> second = (Map<String, Object>) services.get("foresight-2");
        String dataVolume = volumeSource(first, "/data");
        assertThat(dataVolume).as("the foresight service's /data volume").isNotNull();
        assertThat(volumeSource(second, "/data")).as("foresight-2 shares the data volume of foresight").isEqualTo(dataVolume);
        assertThat(second.get("image")).as("foresight-2 runs the image foresight builds").isEqualTo(first.get("image"));
        assertThat(second.get("environment")).as("the same settings").isEqualTo(first.get("environment"));
        assertThat(String.valueOf(second.get("healthcheck"))).contains("127.0.0.1:" + MANAGEMENT_PORT + "/actuator/health");
        assertThat(String.valueOf(second.get("ports"))).as("foresight-2 publishes no API port of its own")
                .doesNotContain(":" + API_PORT);

        Map<String, Object> lb = (Map<String, Object>) services.get("lb");
        Map<String, Object> dependsOn = (Map<String, Object>) lb.get("depends_on");
        assertThat(dependsOn).as("the load balancer waits for both replicas").containsOnlyKeys("foresight", "foresight-2");
        dependsOn.values().forEach(condition -> assertThat(((Map<String, Object>) condition).get("condition"))
                .as("the load balancer starts once the replica is healthy")
                .isEqualTo("service_healthy"));
        assertThat(String.valueOf(lb.get("volumes"))).contains("config/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg");
        assertThat(String.valueOf(lb.get("image"))).startsWith("haproxy:");
    }

    @Test
    void haproxyConfigIsValidForHaproxy() {
        // -c parses and checks the whole configuration; the replicas' host names resolve only inside compose
        // (init-addr none keeps that from being an error).
        PackagingTools.ToolResult result = PackagingTools.run(root, "haproxy", "-c", "-f", "config/haproxy/haproxy.cfg");

        assertThat(result.exitCode())
                .as("haproxy -c -f config/haproxy/haproxy.cfg failed:%n%s%s", result.stderr(), result.stdout())
                .isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void haproxyBalancesBothReplicasChecksTheManagementPortAndLimitsBodiesLikeTheService() throws IOException {
        Map<String, List<String>> sections = haproxySections(read("config/haproxy/haproxy.cfg"));
        Map<String, Object> compose = yaml("docker-compose.yml");
        Set<String> composeServices = ((Map<String, Object>) compose.get("services")).keySet();

        List<String> api = sections.get("backend be_api");
        assertThat(api).as("backend be_api").isNotNull().contains("balance roundrobin", "http-check send meth GET uri /actuator/health");
        List<String> training = sections.get("backend be_training");
        assertThat(training).as("backend be_training").isNotNull().contains("http-check send meth GET uri /actuator/health");
        for (List<String> backend : List.of(api, training)) {
            assertThat(backend).contains("option httpchk");
            List<String> servers = backend.stream().filter(line -> line.startsWith("server ")).toList();
            assertThat(servers).hasSize(2);
            for (String server : servers) {
                String[] words = server.split("\\s+");
                String host = words[2].substring(0, words[2].indexOf(':'));
                assertThat(composeServices).as("%s names a compose service", server).contains(host);
                assertThat(words[2]).as("%s sends requests to the API port", server).endsWith(":" + API_PORT);
                assertThat(server).as("%s is health-checked on the management port", server).contains(" port " + MANAGEMENT_PORT);
            }
        }
        // jobs are shared through the data directory (TrainingService, JobFiles): either replica answers for any job
        assertThat(training).contains("balance roundrobin");
        assertThat(training.stream().filter(line -> line.startsWith("server ") && line.endsWith(" backup")))
                .as("no replica is only a backup for training jobs").isEmpty();
        assertThat(sections.get("defaults")).anySatisfy(line -> assertThat(line).startsWith("default-server").contains(" check"));

        List<String> frontend = sections.get("frontend foresight");
        assertThat(frontend).as("frontend foresight").isNotNull().contains("bind :" + API_PORT, "default_backend be_api");
        assertThat(frontend).contains("acl training path_beg /api/v1/training-jobs");
        assertThat(String.valueOf(((Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("lb")).get("ports")))
                .as("the load balancer listens where compose publishes it")
                .contains(":" + API_PORT);

        Map<String, Object> settings = new LinkedHashMap<>();
        flatten("", new Yaml().load(read("config/application.yml")), settings);
        long maxRequestBytes = dataSizeBytes(String.valueOf(settings.get("spring.servlet.multipart.max-request-size")));
        assertThat(frontend).as("the load balancer refuses larger bodies than the service takes, and no smaller ones")
                .contains("http-request deny deny_status 413 if { req.hdr_val(content-length) gt " + maxRequestBytes + " }");
        assertThat(sections.values().stream().flatMap(List::stream))
                .as("no compression (it would buffer server-sent events)")
                .noneMatch(line -> line.startsWith("compression") || line.startsWith("filter compression"));
    }

    // ---------------------------------------------------------------------------------------------- prometheus

    @Test
    void prometheusConfigIsValidForPromtool() {
        PackagingTools.ToolResult result = PackagingTools.run(root, "promtool", "check", "config", "config/prometheus/prometheus.yml");

        assertThat(result.exitCode())
                .as("promtool check config config/prometheus/prometheus.yml failed:%n%s%s", result.stderr(), result.stdout())
                .isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertingRulesAreValidForPromtoolAndLoadedByPrometheus() throws IOException {
        PackagingTools.ToolResult result = PackagingTools.run(root, "promtool", "check", "rules", "config/prometheus/alerts.yml");
        assertThat(result.exitCode())
                .as("promtool check rules config/prometheus/alerts.yml failed:%n%s%s", result.stderr(), result.stdout())
                .isZero();
        assertThat((List<String>) yaml("config/prometheus/prometheus.yml").get("rule_files")).contains("alerts.yml");
        assertThat(read("config/prometheus/alerts.yml")).contains("forecast_model_drifting");
        String prometheusVolumes = String.valueOf(((Map<String, Object>) ((Map<String, Object>) yaml("docker-compose.yml")
                .get("services")).get("prometheus")).get("volumes"));
        assertThat(prometheusVolumes).contains("./config/prometheus/alerts.yml:/etc/prometheus/alerts.yml");
    }

    /** promtool's rule unit test: the drift alert fires after its delay while the gauge is 1, and not while it is 0. */
    @Test
    void theDriftAlertFiresOnlyWhileAModelDrifts(@TempDir Path tmp) throws IOException {
        Path test = tmp.resolve("alerts-test.yml");
        Files.writeString(test, """
                rule_files:
                  - %s
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'forecast_model_drifting{job="foresight",model="air"}'
                        values: '0x20 1x60'
                      - series: 'forecast_model_drifting{job="foresight",model="sales"}'
                        values: '0x80'
                    alert_rule_test:
                      - eval_time: 15m
                        alertname: ForecastModelDrifting
                        exp_alerts: []
                      - eval_time: 45m
                        alertname: ForecastModelDrifting
                        exp_alerts: []
                      - eval_time: 55m
                        alertname: ForecastModelDrifting
                        exp_alerts:
                          - exp_labels:
                              severity: warning
                              model: air
                            exp_annotations:
                              summary: Forecast model air is drifting
                              description: >-
                                The production version of air no longer forecasts as well as it validated (live MASE
                                against validation MASE, or interval coverage). GET /api/v1/models/air/accuracy says
                                why; retrain on the data plus the new observations.
                """.formatted(root.resolve("config/prometheus/alerts.yml").toAbsolutePath()));
        PackagingTools.ToolResult result = PackagingTools.run(root, "promtool", "test", "rules", test.toString());
        assertThat(result.exitCode())
                .as("promtool test rules on config/prometheus/alerts.yml failed:%n%s%s", result.stderr(), result.stdout())
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

        PackagingTools.ToolResult result = PackagingTools.run(root, "promtool", "check", "rules", file.toString());
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

    /** The source (a named volume or host path) mounted at {@code target}, from docker-compose's resolved volumes. */
    @SuppressWarnings("unchecked")
    private static String volumeSource(Map<String, Object> service, String target) {
        for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
            if (volume instanceof Map<?, ?> map && target.equals(map.get("target"))) {
                return String.valueOf(map.get("source"));
            }
            if (volume instanceof String text) {
                String[] parts = text.split(":");
                if (parts.length >= 2 && parts[1].equals(target)) {
                    return parts[0];
                }
            }
        }
        return null;
    }

    /** HAProxy's sections ("global", "defaults", "frontend NAME", ...) with their lines, comments dropped. */
    private static Map<String, List<String>> haproxySections(String config) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String raw : config.split("\n")) {
            String line = raw.replaceAll("(^|\\s)#.*$", "").strip().replaceAll("\\s+", " ");
            if (line.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(raw.charAt(0))) {
                current = new ArrayList<>();
                sections.put(line, current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return sections;
    }

    /** A Spring Boot data size such as 129MB (MB = 1024 * 1024 bytes, as DataSize reads it) in bytes. */
    private static long dataSizeBytes(String size) {
        Matcher m = Pattern.compile("(\\d+)(B|KB|MB|GB)").matcher(size.strip());
        assertThat(m.matches()).as("data size %s", size).isTrue();
        int shift = switch (m.group(2)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, into));
        } else {
            into.put(prefix, String.valueOf(node));
        }
    }
}
