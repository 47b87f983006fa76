package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The registry serving real traffic over HTTP: three small LSTM versions of AirPassengers, then
 * <ul>
 * <li>alias and version routing of forecast requests, and the model summary's lineage at a glance;</li>
 * <li>32 threads forecasting from 32 different histories get exactly the answers sequential requests got;</li>
 * <li>production moved back and forth and a non-aliased version deleted under continuous load: no failed
 * request, and every answer is exactly the answer of the version it names;</li>
 * <li>a version whose network files were changed after registration refuses to forecast, with a problem
 * that says why, instead of answering from a damaged network.</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryServingEndToEndTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-registry-e2e");
    static final int HISTORIES = 32;
    static final String SPEC = """
            {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "epochs": 5, "layers": [8],
             "seed": %d}""";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static String datasetId;
    /** Sequential answers: history index -> version -> forecast body. */
    static final Map<Integer, Map<Integer, JsonNode>> EXPECTED = new ConcurrentHashMap<>();

    Http http() {
        return new Http(port);
    }

    @AfterAll
    static void report() {
        System.out.println("RegistryServingEndToEndTest data dir: " + DATA_DIR);
    }

    @Test
    @Order(1)
    void trainsThreeVersionsAndShowsTheirLineageAtAGlance() throws Exception {
        Http.Response upload = http().postMultipart("/api/v1/datasets",
                Map.of("file", Files.readAllBytes(Path.of("sample-data", "AirPassengers.csv")), "name", "air"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        datasetId = upload.json().get("id").asString();
        String sha = upload.json().get("sha256").asString();
        for (int seed = 1; seed <= 3; seed++) {
            JsonNode job = train("air", seed);
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("version").asInt()).isEqualTo(seed);
        }

        JsonNode model = http().get("/api/v1/models/air").json();
        assertThat(model.get("latest").asInt()).isEqualTo(3);
        assertThat(model.get("production").asInt()).isEqualTo(model.get("aliases").get("production").asInt());
        assertThat(model.get("unavailable")).isEmpty();
        for (JsonNode version : model.get("versions")) {
            assertThat(version.get("promotion").asString()).matches("(promoted to production|kept as a candidate).*");
            assertThat(version.get("dataSha256").asString()).isEqualTo(sha);
            assertThat(version.get("datasetId").asString()).isEqualTo(datasetId);
            assertThat(version.get("jobId").asString()).startsWith("job-");
            assertThat(version.get("trainingSeconds").asDouble()).isPositive();
            assertThat(version.get("validationMase").asDouble()).isPositive();
            assertThat(version.get("method").asString()).isEqualTo("LSTM");
        }
        assertThat(model.get("versions").get(0).get("promotion").asString()).startsWith("promoted to production");

        JsonNode manifest = http().get("/api/v1/models/air/versions/2").json();
        assertThat(manifest.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(manifest.get("promotion").asString()).isEqualTo(model.get("versions").get(1).get("promotion").asString());
        assertThat(manifest.get("data").get("sha256").asString()).isEqualTo(sha);
        assertThat(manifest.get("settings").get("seed").asLong()).isEqualTo(2);
        assertThat(manifest.get("provenance").get("libraries").get("dl4j").asString()).isNotBlank();
        assertThat(manifest.get("files").size()).isGreaterThanOrEqualTo(2);

        assertThat(http().putJson("/api/v1/models/air/aliases/production", "{\"version\": 1}").status()).isEqualTo(200);
        assertThat(http().putJson("/api/v1/models/air/aliases/candidate", "{\"version\": 2}").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aliasesAndVersionsRouteForecasts() {
        assertThat(forecast("{\"horizon\": 12}").get("version").asInt()).as("production by default").isEqualTo(1);
        assertThat(forecast("{\"horizon\": 12, \"alias\": \"production\"}").get("version").asInt()).isEqualTo(1);
        assertThat(forecast("{\"horizon\": 12, \"alias\": \"candidate\"}").get("version").asInt()).isEqualTo(2);
        assertThat(forecast("{\"horizon\": 12, \"version\": 3}").get("version").asInt()).isEqualTo(3);
        assertThat(forecast("{\"horizon\": 12, \"version\": 3, \"alias\": \"candidate\"}").get("version").asInt())
                .as("an explicit version wins over an alias").isEqualTo(3);
        JsonNode v1 = forecast("{\"horizon\": 12, \"version\": 1}");
        JsonNode v2 = forecast("{\"horizon\": 12, \"alias\": \"candidate\"}");
        assertThat(v1.get("points")).as("the versions answer differently, so routing is observable").isNotEqualTo(v2.get("points"));
        assertThat(http().get("/api/v1/models/air/forecast?horizon=12&alias=candidate").json()).isEqualTo(v2);

        Http.Response unknownAlias = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 12, \"alias\": \"staging\"}");
        assertThat(unknownAlias.status()).isEqualTo(404);
        assertThat(unknownAlias.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownAlias.json().get("detail").asString()).contains("has no alias 'staging'").contains("candidate", "production");
        Http.Response unknownVersion = http().postJson("/api/v1/models/air/forecast", "{\"horizon\": 12, \"version\": 99}");
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(unknownVersion.json().get("detail").asString()).contains("has no version 99");
    }

    @Test
    @Order(3)
    void thirtyTwoThreadsGetExactlyTheSequentialAnswers() throws Exception {
        for (int h = 0; h < HISTORIES; h++) {
            for (int version = 1; version <= 3; version++) {
                EXPECTED.computeIfAbsent(h, k -> new ConcurrentHashMap<>()).put(version, forecastFrom(h, version));
            }
        }
        // different histories give different answers, so a mix-up between concurrent requests would show
        assertThat(EXPECTED.get(0).get(1).get("points")).isNotEqualTo(EXPECTED.get(1).get(1).get("points"));

        int threads = 32;
        int perThread = 24;
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Http http = http();
                Random random = new Random(thread);
                go.await();
                for (int i = 0; i < perThread; i++) {
                    int h = (thread + i * 7) % HISTORIES;
                    int version = 1 + random.nextInt(3);
                    Http.Response response = http.postJson("/api/v1/models/air/forecast", request(h, version));
                    requests.incrementAndGet();
                    if (response.status() != 200) {
                        failures.add("history " + h + " version " + version + ": " + response.status() + " " + response.body());
                    } else if (!response.json().equals(EXPECTED.get(h).get(version))) {
                        failures.add("history " + h + " version " + version + ": a different answer than sequentially");
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf("RegistryServingEndToEndTest: %d concurrent requests from %d threads, %d failed or differed%n",
                requests.get(), threads, failures.size());
        assertThat(failures).isEmpty();
        assertThat(requests.get()).isEqualTo(threads * perThread);
    }

    @Test
    @Order(4)
    void movingProductionAndDeletingAVersionUnderLoadFailsNoRequest() throws Exception {
        int loaders = 8;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger servedByVersion1 = new AtomicInteger();
        AtomicInteger servedByVersion2 = new AtomicInteger();
        AtomicInteger deletedAnswers = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(loaders + 1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < loaders; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Http http = http();
                int i = 0;
                while (running.get()) {
                    int h = (thread * 5 + i++) % HISTORIES;
                    Http.Response response = http.postJson("/api/v1/models/air/forecast", request(h, null));
                    requests.incrementAndGet();
                    if (response.status() != 200) {
                        failures.add("production, history " + h + ": " + response.status() + " " + response.body());
                        continue;
                    }
                    JsonNode body = response.json();
                    int version = body.get("version").asInt();
                    (version == 1 ? servedByVersion1 : servedByVersion2).incrementAndGet();
                    if (version != 1 && version != 2) {
                        failures.add("production answered with version " + version);
                    } else if (!body.equals(EXPECTED.get(h).get(version))) {
                        failures.add("history " + h + ": not the answer of version " + version);
                    }
                }
                return null;
            }));
        }
        // a client that keeps asking for version 3 by number while it is deleted: an answer or a clean 404, never a 5xx
        futures.add(pool.submit(() -> {
            Http http = http();
            int i = 0;
            while (running.get()) {
                int h = i++ % HISTORIES;
                Http.Response response = http.postJson("/api/v1/models/air/forecast", request(h, 3));
                requests.incrementAndGet();
                if (response.status() == 404) {
                    deletedAnswers.incrementAndGet();
                    if (!response.json().get("detail").asString().matches(".*(has no version 3|was deleted).*")) {
                        failures.add("unclear 404 for the deleted version: " + response.body());
                    }
                } else if (response.status() != 200 || !response.json().equals(EXPECTED.get(h).get(3))) {
                    failures.add("version 3, history " + h + ": " + response.status() + " " + response.body());
                }
            }
            return null;
        }));

        Http admin = http();
        int swaps = 0;
        for (int i = 0; i < 30; i++) {
            Http.Response swap = admin.putJson("/api/v1/models/air/aliases/production", "{\"version\": " + (i % 2 == 0 ? 2 : 1) + "}");
            assertThat(swap.status()).as(swap.body()).isEqualTo(200);
            swaps++;
            Thread.sleep(40);
            if (i == 15) {
                Http.Response delete = admin.delete("/api/v1/models/air/versions/3");
                assertThat(delete.status()).as(delete.body()).isEqualTo(204);
            }
        }
        Thread.sleep(300);
        running.set(false);
        for (Future<?> future : futures) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf("RegistryServingEndToEndTest: %d requests during %d production swaps and the deletion of version 3 "
                + "(%d answered by version 1, %d by version 2, %d clean 404s for the deleted version), %d failed%n",
                requests.get(), swaps, servedByVersion1.get(), servedByVersion2.get(), deletedAnswers.get(), failures.size());
        assertThat(failures).isEmpty();
        assertThat(servedByVersion1.get()).isPositive();
        assertThat(servedByVersion2.get()).isPositive();
        assertThat(deletedAnswers.get()).isPositive();

        JsonNode model = http().get("/api/v1/models/air").json();
        assertThat(model.get("versions").size()).isEqualTo(2);
        assertThat(model.get("aliases").get("production").asInt()).isEqualTo(1);
        assertThat(DATA_DIR.resolve("models/air/versions/3")).doesNotExist();
        assertThat(http().delete("/api/v1/models/air/versions/1").status()).as("production cannot be deleted").isEqualTo(409);
    }

    @Test
    @Order(5)
    void networkFilesChangedAfterRegistrationMakeTheForecastFailClearly() throws Exception {
        JsonNode first = train("air-tampered", 5);
        JsonNode second = train("air-tampered", 6);
        assertThat(first.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(second.get("status").asString()).isEqualTo("SUCCEEDED");
        // nothing has been forecast yet, so nothing of these versions is loaded
        String params = fileEndingWith("air-tampered", 1, ".bin");
        String config = fileEndingWith("air-tampered", 2, ".json");
        Path version1 = DATA_DIR.resolve("models/air-tampered/versions/1");
        Path version2 = DATA_DIR.resolve("models/air-tampered/versions/2");
        byte[] bytes = Files.readAllBytes(version1.resolve(params));
        bytes[bytes.length - 3] ^= 0x10; // one bit of one weight
        Files.write(version1.resolve(params), bytes);
        Files.writeString(version2.resolve(config), Files.readString(version2.resolve(config)).replaceFirst("\"nout\" : (\\d)", "\"nout\" : 1$1"));

        for (int version = 1; version <= 2; version++) {
            String file = version == 1 ? params : config;
            Http.Response response = http().postJson("/api/v1/models/air-tampered/forecast",
                    "{\"horizon\": 12, \"version\": " + version + "}");
            assertThat(response.status()).as(response.body()).isEqualTo(409);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            JsonNode problem = response.json();
            assertThat(problem.get("title").asString()).isEqualTo("Model version failed its integrity check");
            assertThat(problem.get("detail").asString())
                    .startsWith("Version " + version + " of model 'air-tampered' cannot be served: its file " + file
                            + " does not match the SHA-256 checksum recorded in its manifest");
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    JsonNode train(String model, int seed) throws InterruptedException {
        Http.Response submitted = http().postJson("/api/v1/models/" + model + "/training-jobs", SPEC.formatted(datasetId, seed));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http().get("/api/v1/training-jobs/" + id).json();
            if (!List.of("QUEUED", "RUNNING").contains(job.get("status").asString())) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not finish in time");
    }

    JsonNode forecast(String body) {
        Http.Response response = http().postJson("/api/v1/models/air/forecast", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode forecastFrom(int history, int version) {
        return forecast(request(history, version));
    }

    /** History {@code h}: 36 months in a different year, level and growth for each h. */
    static String request(int h, Integer version) {
        StringBuilder rows = new StringBuilder("[");
        double value = 150 + 11 * h;
        double growth = 1.0 + (h % 8) * 0.004;
        for (int month = 0; month < 36; month++) {
            int year = 1965 + h + month / 12;
            double seasonal = 1 + 0.15 * Math.sin(2 * Math.PI * (month % 12) / 12.0);
            rows.append(month > 0 ? "," : "").append(String.format(Locale.ROOT, "{\"timestamp\":\"%d-%02d-01\",\"value\":%.2f}",
                    year, month % 12 + 1, value * seasonal));
            value *= growth;
        }
        rows.append("]");
        return "{\"horizon\": 12, \"levels\": [80, 95], \"history\": " + rows + (version == null ? "" : ", \"version\": " + version) + "}";
    }

    String fileEndingWith(String model, int version, String suffix) {
        JsonNode files = http().get("/api/v1/models/" + model + "/versions/" + version).json().get("files");
        List<String> names = new ArrayList<>();
        files.propertyNames().forEach(names::add);
        return names.stream().filter(n -> n.endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("version " + version + " has no " + suffix + " file: " + names));
    }
}
