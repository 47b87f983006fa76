package io.foresight.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.ForesightException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job end to end, as a data team runs it: a 200-series long-format CSV (rows shuffled, one series too short, one
 * whose values are text) trained in {@code local[2]}, then the service's own jar (the root build's) serving every
 * series from the committed version over HTTP; a job killed while it trains leaves the registry as it was, and the
 * next run, reading the same rows as Parquet, commits one more complete version that the running service serves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyModelsJobTest {

    private static final int SERIES = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    static Path input;
    static Path dataDir;
    static Process service;
    static int port;
    static int outcome1Points;

    @BeforeAll
    static void writeTheInput() throws IOException {
        input = dir.resolve("sales.csv");
        dataDir = dir.resolve("data");
        List<String> rows = new ArrayList<>();
        Random random = new Random(7);
        for (int s = 0; s < SERIES; s++) {
            String store = "store-" + (s % 10);
            String sku = "sku-" + s;
            int points = 40 + s % 33;
            double level = 50 + s;
            double trend = (s % 5 - 2) * 0.3;
            for (int t = 0; t < points; t++) {
                double value = level + trend * t + 8 * Math.sin(2 * Math.PI * t / 12 + s) + random.nextGaussian();
                rows.add(store + "," + sku + "," + LocalDate.of(2019, 1, 1).plusMonths(t) + "," + Math.round(value * 100) / 100.0);
            }
        }
        for (int t = 0; t < 4; t++) {
            rows.add("store-0,sku-short," + LocalDate.of(2019, 1, 1).plusMonths(t) + ",1" + t);
        }
        for (int t = 0; t < 30; t++) {
            rows.add("store-1,sku-text," + LocalDate.of(2019, 1, 1).plusMonths(t) + "," + (t == 10 ? "n/a?" : "" + t));
        }
        Collections.shuffle(rows, random);
        rows.add(0, "store,sku,month,units");
        Files.write(input, rows);
    }

    @AfterAll
    static void stopTheService() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    private static JobOptions options(String... extra) {
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--id-columns", "store,sku", "--timestamp",
                "month", "--target", "units", "--horizon", "6", "--model", "sales", "--data-dir", dataDir.toString(),
                "--master", "local[2]", "--spec", "{\"epochs\": 3, \"patience\": 1}"));
        args.addAll(List.of(extra));
        return JobOptions.parse(args);
    }

    @Test
    @Order(1)
    void theJobCommitsOneVersionWithEverySeriesAndTheServiceForecastsEachOfThem() throws Exception {
        ManyModelsJob.Outcome outcome = ManyModelsJob.run(options());

        assertThat(outcome.version().version()).isEqualTo(1);
        assertThat(outcome.series()).isEqualTo(SERIES + 2);
        assertThat(outcome.failed()).isEqualTo(2);
        outcome1Points = outcome.version().data().points();

        startTheService();
        JsonNode model = get("/api/v1/models/sales");
        assertThat(model.get("production").asInt()).isEqualTo(1);
        JsonNode listing = get("/api/v1/models/sales/series?size=500");
        assertThat(listing.get("total").asInt()).isEqualTo(SERIES + 2);
        int forecasts = 0;
        for (JsonNode series : listing.get("series")) {
            String id = series.get("id").asString();
            HttpResponse<String> answer = request("/api/v1/models/sales/series/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                    + "/forecast?horizon=6");
            if (id.endsWith("sku-short") || id.endsWith("sku-text")) {
                assertThat(answer.statusCode()).as(id).isBetween(400, 499);
                assertThat(answer.body()).as(id).contains("detail");
                continue;
            }
            assertThat(answer.statusCode()).as(id + ": " + answer.body()).isEqualTo(200);
            JsonNode points = JSON.readTree(answer.body()).get("points");
            assertThat(points).hasSize(6);
            for (JsonNode point : points) {
                assertThat(point.get("value").asDouble()).isFinite();
            }
            forecasts++;
        }
        assertThat(forecasts).isEqualTo(SERIES);
    }

    @Test
    @Order(2)
    void aJobKilledWhileItTrainsLeavesTheRegistryAsItWasAndTheNextRunFromParquetAddsOneCompleteVersion() throws Exception {
        Map<String, String> before = snapshot();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ManyModelsJob.class.getName()));
        command.addAll(List.of("--input", input.toString(), "--id-columns", "store,sku", "--timestamp", "month", "--target",
                "units", "--horizon", "6", "--model", "sales", "--data-dir", dataDir.toString(), "--master", "local[2]",
                "--spec", "{\"epochs\": 3, \"patience\": 1}"));
        Process job = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(job.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean training = false;
            while (!training && (line = out.readLine()) != null) {
                training = line.startsWith("Training the series of");
            }
            assertThat(training).as("the job said it started training").isTrue();
            Thread.sleep(3000);
            job.destroyForcibly();
            assertThat(job.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(snapshot()).isEqualTo(before);
        assertThat(get("/api/v1/models/sales").get("versions")).hasSize(1);

        // the same rows as Parquet, with typed columns (a date, a double): the next run reads that
        Path parquet = dir.resolve("sales.parquet");
        SparkSession spark = SparkSession.builder().master("local[1]").appName("write parquet").getOrCreate();
        try {
            spark.read().option("header", "true").option("inferSchema", "true").csv(input.toString()).write()
                    .parquet(parquet.toString());
        } finally {
            spark.stop();
        }
        List<String> args = new ArrayList<>(List.of("--input", parquet.toString(), "--id-columns", "store,sku",
                "--timestamp", "month", "--target", "units", "--horizon", "6", "--model", "sales", "--data-dir",
                dataDir.toString(), "--master", "local[2]", "--spec", "{\"epochs\": 3, \"patience\": 1}"));
        ManyModelsJob.Outcome again = ManyModelsJob.run(JobOptions.parse(args));

        assertThat(again.version().version()).isEqualTo(2);
        assertThat(again.series()).isEqualTo(SERIES + 2);
        assertThat(again.failed()).isEqualTo(2);
        assertThat(again.version().data().points()).isEqualTo(outcome1Points);
        // the running service sees the job's version without a restart: at once by number, in its listing after a refresh
        assertThat(get("/api/v1/models/sales/series?version=2&size=1").get("total").asInt()).isEqualTo(SERIES + 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (get("/api/v1/models/sales").get("versions").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(get("/api/v1/models/sales").get("versions")).hasSize(2);
        Map<String, String> after = snapshot();
        assertThat(after.keySet()).containsAll(before.keySet());
        assertThat(after.keySet().stream().filter(p -> p.startsWith("sales/versions/2/"))).contains(
                "sales/versions/2/manifest.json", "sales/versions/2/series.bin");
    }

    @Test
    void aBadCommandLineOrSpecIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> JobOptions.parse(List.of("--input", "x.csv"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--id-columns is required");
        assertThatThrownBy(() -> options("--horizon", "0")).hasMessageContaining("--horizon is given twice");
        assertThatThrownBy(() -> JobOptions.parse(List.of("--input", "x", "--id-columns", "a", "--timestamp", "t",
                "--target", "y", "--horizon", "0", "--model", "m", "--data-dir", "d")))
                .hasMessageContaining("--horizon must be a whole number from 1");
        assertThatThrownBy(() -> ManyModelsJob.request(JobOptions.parse(List.of("--input", "x", "--id-columns", "a",
                "--timestamp", "t", "--target", "y", "--horizon", "3", "--model", "m", "--data-dir", "d", "--spec",
                "{\"epoch\": 3}")))).isInstanceOf(ForesightException.class).hasMessageContaining("epoch");
        // as strictly as the API: a number sent as a string is refused, not coerced
        assertThatThrownBy(() -> ManyModelsJob.request(JobOptions.parse(List.of("--input", "x", "--id-columns", "a",
                "--timestamp", "t", "--target", "y", "--horizon", "3", "--model", "m", "--data-dir", "d", "--spec",
                "{\"epochs\": \"3\"}")))).isInstanceOf(ForesightException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> ManyModelsJob.request(JobOptions.parse(List.of("--input", "x", "--id-columns", "a",
                "--timestamp", "t", "--target", "y", "--horizon", "3", "--model", "m", "--data-dir", "d", "--spec",
                "{\"target\": \"z\"}")))).isInstanceOf(ForesightException.class).hasMessageContaining("--target");
    }

    /** Every file of every version and every alias file of the registry, with its checksum. */
    private static Map<String, String> snapshot() throws Exception {
        Path models = dataDir.resolve("models");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(models)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = models.relativize(file).toString();
                if (name.contains("/versions/") || name.endsWith("aliases.json")) {
                    files.put(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                }
            }
        }
        return files;
    }

    private static void startTheService() throws Exception {
        port = freePort();
        int management = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("foresight.jar"), "--server.port=" + port, "--management.server.port=" + management,
                "--foresight.data-dir=" + dataDir).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        service = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                        + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            assertThat(service.isAlive()).as("the service runs (" + dir.resolve("service.log") + ")").isTrue();
            Thread.sleep(500);
        }
        throw new AssertionError("the service did not start within 120 s: " + Files.readString(dir.resolve("service.log")));
    }

    private static HttpResponse<String> request(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = request(path);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
