package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foresight.e2e.Http;
import io.foresight.e2e.PackagedService;
import tools.jackson.databind.JsonNode;

/**
 * Two real service processes ({@code target/foresight.jar}) on one data directory, as two replicas behind a load
 * balancer: 1,000 requests from 8 client threads spread over both, mostly forecasts of the production version, some
 * training jobs (a 12-point series: AUTO scores statistical methods only, well under a second a job) and some alias
 * moves. Every job's version number is unique; in the end the versions on disk and in both replicas' listings are
 * exactly the ones the jobs registered; every forecast was answered 200 by a version that exists; a version
 * trained through one replica is forecast by the other at once (its read looks at the disk) and listed by it within
 * the refresh interval (2s by default) plus a little. Keep-versions 0: retention deletes nothing here.
 */
class TwoReplicasIT {

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    static final int REQUESTS = 1000;
    static final int CLIENTS = 8;
    static final String MODEL = "tiny";
    static final Duration LISTED_WITHIN = Duration.ofSeconds(5);

    private final List<PackagedService> services = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (PackagedService service : services) {
            service.close();
        }
    }

    /** What the clients saw. */
    private final List<Integer> jobVersions = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> promoted = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> forecastNanos = new ConcurrentLinkedQueue<>();
    /** Until the other replica listed a new version, when it was asked for it at once (mixed phase). */
    private final ConcurrentLinkedQueue<Long> listedLagMillis = new ConcurrentLinkedQueue<>();
    /** Until the other replica listed a new version by its refresh alone (nobody asked it for that version). */
    private final ConcurrentLinkedQueue<Long> refreshLagMillis = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> forecastVersions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger crossReplicaForecasts = new AtomicInteger();

    @Test
    void twoReplicasOnOneDataDirectoryNumberEveryVersionOnceAndServeWhatTheOtherRegistered() throws Exception {
        assertThat(PackagedService.JAR).as("the packaged service (run `./mvnw verify`)").isRegularFile();
        Path work = Files.createDirectories(PackagedService.WORK.resolveSibling("two-replicas-it"));
        Path dataDir = Files.createTempDirectory(work.toAbsolutePath(), "data-");
        long started = System.nanoTime();

        // both start at once, on the same directory
        ExecutorService starter = Executors.newFixedThreadPool(2);
        List<Future<PackagedService>> starting = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            starting.add(starter.submit(() -> PackagedService.start(dataDir, work.resolve("replica-" + name + ".log"),
                    START_TIMEOUT, Map.of("OMP_NUM_THREADS", "1"), "--foresight.registry.keep-versions=0")));
        }
        for (Future<PackagedService> f : starting) {
            services.add(f.get(4, TimeUnit.MINUTES));
        }
        starter.shutdown();
        long startedNanos = System.nanoTime() - started;
        List<Http> replicas = services.stream().map(PackagedService::http).toList();

        // datasets are indexed at start-up, so each replica gets its own upload of the same 12 points
        byte[] csv = String.join("\n", Files.readAllLines(Path.of("sample-data", "AirPassengers.csv")).subList(0, 13))
                .concat("\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> datasets = new ArrayList<>();
        for (Http http : replicas) {
            Http.Response upload = http.postMultipart("/api/v1/datasets", Map.of("file", csv, "name", MODEL));
            assertThat(upload.status()).as(upload.body()).isEqualTo(201);
            datasets.add(upload.json().get("id").asString());
        }
        train(replicas, datasets, 0, true); // version 1, production: there is something to forecast
        // the refresh alone: the other replica knows the model, nobody asks it for the new version, it lists it
        for (int replica : List.of(1, 0, 1)) {
            train(replicas, datasets, replica, false);
        }

        long runStart = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long seed = c;
            done.add(clients.submit(() -> {
                Random random = new Random(seed);
                for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                    if (i % 25 == 3) {
                        train(replicas, datasets, (i / 25) % 2, true);
                    } else if (i % 20 == 11) {
                        promote(replicas.get((i / 20) % 2), random);
                    } else {
                        forecast(replicas.get(i % 2), null);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();
        long runNanos = System.nanoTime() - runStart;

        // every job's number is its own
        assertThat(jobVersions).doesNotHaveDuplicates();
        Set<Integer> registered = new TreeSet<>(jobVersions);
        assertThat(registered).hasSize(4 + REQUESTS / 25);

        // on disk and in both replicas (the other's changes arrive within the refresh interval): exactly those
        assertThat(onDisk(dataDir)).isEqualTo(registered);
        long deadline = System.nanoTime() + LISTED_WITHIN.toNanos();
        List<Set<Integer>> listed = listings(replicas);
        List<JsonNode> aliases = aliases(replicas);
        while ((!listed.stream().allMatch(registered::equals) || !aliases.get(0).equals(aliases.get(1)))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            listed = listings(replicas);
            aliases = aliases(replicas);
        }
        assertThat(listed).as("the versions each replica lists").containsOnly(registered);
        assertThat(aliases.get(1)).as("both replicas' aliases").isEqualTo(aliases.get(0));
        assertThat(ModelRegistryTest.JSON.readTree(dataDir.resolve("models/tiny/aliases.json").toFile()))
                .as("the aliases on disk").isEqualTo(aliases.get(0));
        assertThat(promoted).as("alias moves happened").isNotEmpty();

        // every forecast came from a version that exists; every version is complete and served by both replicas
        assertThat(forecastVersions).isNotEmpty();
        assertThat(List.copyOf(forecastVersions)).allMatch(registered::contains);
        for (Http http : replicas) {
            for (int version : registered) {
                Http.Response manifest = http.get("/api/v1/models/tiny/versions/" + version);
                assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
                forecast(http, version);
            }
        }
        // the listeners of RegistryChanged followed the other replica's versions as their own (here: the meters)
        for (PackagedService service : services) {
            String meters = service.management().get("/actuator/prometheus").body();
            for (int version : registered) {
                assertThat(meters).as("replica on port %d meters version %d", service.port(), version)
                        .contains("forecast_model_backtest_mase{model=\"tiny\",version=\"" + version + "\"}");
            }
        }
        try (Stream<Path> walk = Files.walk(dataDir.resolve("models"))) {
            assertThat(walk.map(Path::toString).filter(p -> p.contains(".tmp-")).toList()).as("leftovers").isEmpty();
        }

        List<Long> latencies = new ArrayList<>(forecastNanos);
        Collections.sort(latencies);
        List<Long> lags = new ArrayList<>(listedLagMillis);
        Collections.sort(lags);
        List<Long> refreshLags = new ArrayList<>(refreshLagMillis);
        System.out.printf("TwoReplicasIT: both replicas up in %.1f s; %d requests from %d clients over 2 replicas in %.1f s"
                + " (%d forecasts, p50 %.1f ms, p95 %.1f ms, max %.1f ms; %d training jobs; %d alias moves); %d versions,"
                + " unique; by its refresh alone the other replica listed a new version after %s ms (refresh-interval"
                + " 2s); asked for it at once (%d times) it forecast it 200 and listed it after p50 %d ms, max %d ms%n",
                startedNanos / 1e9, REQUESTS, CLIENTS, runNanos / 1e9, latencies.size(), percentile(latencies, 0.5) / 1e6,
                percentile(latencies, 0.95) / 1e6, latencies.get(latencies.size() - 1) / 1e6, REQUESTS / 25,
                REQUESTS / 20, registered.size(), refreshLags, crossReplicaForecasts.get(), percentile(lags, 0.5),
                lags.get(lags.size() - 1));
        assertThat(refreshLags).hasSize(3).allMatch(lag -> lag < LISTED_WITHIN.toMillis());
        stop();
        io.foresight.AtomicFiles.deleteRecursively(dataDir); // kept when the test fails, for a look
    }

    /**
     * A training job through {@code replica}, followed until it succeeds; then, when {@code askAtOnce}, the other
     * replica forecasts the new version at once (a miss that reads the disk); either way the other is watched until
     * it lists it (within {@link #LISTED_WITHIN}).
     */
    private void train(List<Http> replicas, List<String> datasets, int replica, boolean askAtOnce)
            throws InterruptedException {
        Http http = replicas.get(replica);
        Http other = replicas.get(1 - replica);
        Http.Response job = http.postJson("/api/v1/models/" + MODEL + "/training-jobs",
                "{\"datasetId\": \"" + datasets.get(replica) + "\", \"target\": \"value\", \"horizon\": 3}");
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String id = job.json().get("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode status;
        do {
            Thread.sleep(20);
            status = http.get("/api/v1/training-jobs/" + id).json();
            assertThat(System.nanoTime()).as("job %s ends in time", id).isLessThan(deadline);
        } while (!status.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCEEDED");
        int version = status.get("version").asInt();
        long committed = System.nanoTime();
        jobVersions.add(version);

        if (askAtOnce) {
            forecast(other, version);
            crossReplicaForecasts.incrementAndGet();
        }
        while (!listing(other).contains(version)) {
            assertThat(System.nanoTime() - committed).as("the other replica lists version %d", version)
                    .isLessThan(LISTED_WITHIN.toNanos());
            Thread.sleep(20);
        }
        (askAtOnce ? listedLagMillis : refreshLagMillis).add((System.nanoTime() - committed) / 1_000_000);
    }

    /** Points production (or a challenger alias) at a version some job registered. */
    private void promote(Http http, Random random) {
        List<Integer> known;
        synchronized (jobVersions) {
            known = List.copyOf(jobVersions);
        }
        int version = known.get(random.nextInt(known.size()));
        String alias = random.nextInt(4) == 0 ? "challenger" : "production";
        Http.Response moved = http.putJson("/api/v1/models/" + MODEL + "/aliases/" + alias, "{\"version\": " + version + "}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("aliases").get(alias).asInt()).isEqualTo(version);
        promoted.add(version);
    }

    /** A forecast of the production version, or of {@code version}: 200, complete, from a version that exists. */
    private void forecast(Http http, Integer version) {
        long start = System.nanoTime();
        Http.Response forecast = http.get("/api/v1/models/" + MODEL + "/forecast?horizon=3"
                + (version == null ? "" : "&version=" + version));
        long nanos = System.nanoTime() - start;
        assertThat(forecast.status()).as(forecast.body()).isEqualTo(200);
        JsonNode body = forecast.json();
        if (version != null) {
            assertThat(body.get("version").asInt()).isEqualTo(version);
        } else {
            forecastNanos.add(nanos);
            forecastVersions.add(body.get("version").asInt());
        }
        assertThat(body.get("points")).hasSize(3);
        body.get("points").forEach(p -> assertThat(Double.isFinite(p.get("value").asDouble())).as(p.toString()).isTrue());
    }

    private static Set<Integer> listing(Http http) {
        Http.Response model = http.get("/api/v1/models/" + MODEL);
        assertThat(model.status()).as(model.body()).isEqualTo(200);
        Set<Integer> versions = new TreeSet<>();
        model.json().get("versions").forEach(v -> versions.add(v.get("version").asInt()));
        return versions;
    }

    private static List<Set<Integer>> listings(List<Http> replicas) {
        return replicas.stream().map(TwoReplicasIT::listing).toList();
    }

    private static List<JsonNode> aliases(List<Http> replicas) {
        return replicas.stream().map(http -> http.get("/api/v1/models/" + MODEL).json().get("aliases")).toList();
    }

    private static Set<Integer> onDisk(Path dataDir) throws java.io.IOException {
        try (Stream<Path> dirs = Files.list(dataDir.resolve("models").resolve(MODEL).resolve("versions"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+")).map(Integer::valueOf)
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }
}
