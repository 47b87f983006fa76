package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.ForesightException;

/**
 * Two registries on one directory, as two service replicas or a service and a Spark job's driver share it (here in
 * one JVM, which the registry's lock serves as well as two processes; TwoReplicasIT runs two processes): numbers are
 * handed out once, what one commits the other serves after a refresh, and at once when a read would otherwise miss.
 */
class SharedRegistryTest {

    @TempDir
    Path dataDir;

    /** A registry that records the changes it tells its listeners of. */
    private record Replica(ModelRegistry registry, List<String> changes) {
    }

    private Replica replica(String autoPromote, int keepVersions) {
        List<String> changes = new CopyOnWriteArrayList<>();
        ModelRegistry registry = new ModelRegistry(ModelRegistryTest.properties(dataDir, autoPromote, keepVersions),
                ModelRegistryTest.JSON, event -> changes.add(event.model()));
        return new Replica(registry, changes);
    }

    @Test
    void twoRegistriesRegisteringFromManyThreadsAtOnceNeverHandOutANumberTwice() throws Exception {
        Replica a = replica("always", 0);
        Replica b = replica("always", 0);
        int threadsEach = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsEach);
        CountDownLatch start = new CountDownLatch(1);
        Map<Integer, Integer> seedOfNumber = new ConcurrentHashMap<>();
        List<Future<List<Integer>>> futures = new ArrayList<>();
        for (int t = 0; t < 2 * threadsEach; t++) {
            ModelRegistry registry = t % 2 == 0 ? a.registry() : b.registry();
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                List<Integer> numbers = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    int seed = thread * 1000 + i;
                    ModelVersion v = registry.register(ModelRegistryTest.draft("air", 0.5, "aaaa"),
                            ModelRegistryTest.files(seed));
                    assertThat(seedOfNumber.putIfAbsent(v.version(), seed)).as("number %d handed out twice", v.version())
                            .isNull();
                    numbers.add(v.version());
                }
                return numbers;
            }));
        }
        // the other registry's poll runs all along, as it would in the service
        try (RegistryRefresh polling = new RegistryRefresh(a.registry(), Duration.ofMillis(5));
                RegistryRefresh pollingB = new RegistryRefresh(b.registry(), Duration.ofMillis(5))) {
            long began = System.nanoTime();
            start.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : futures) {
                all.addAll(f.get(2, TimeUnit.MINUTES));
            }
            pool.shutdown();
            int total = 2 * threadsEach * perThread;
            System.out.printf("SharedRegistryTest: %d registrations by %d threads through 2 registries on one directory"
                    + " in %d ms%n", total, 2 * threadsEach, (System.nanoTime() - began) / 1_000_000);
            assertThat(all).hasSize(total).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(all)).as("no failed write, so no gap either")
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        }

        a.registry().refresh();
        b.registry().refresh();
        List<Integer> expected = IntStream.rangeClosed(1, 200).boxed().toList();
        assertThat(ModelRegistryTest.numbers(a.registry())).isEqualTo(expected);
        assertThat(ModelRegistryTest.numbers(b.registry())).isEqualTo(expected);
        assertThat(onDisk("air")).isEqualTo(new TreeSet<>(expected));
        for (ModelRegistry registry : List.of(a.registry(), b.registry())) {
            for (int n : expected) {
                ModelVersion v = registry.version("air", n);
                assertThat(registry.read(v, "params.bin")).as("version %d's own bytes", n)
                        .isEqualTo(ModelRegistryTest.files(seedOfNumber.get(n)).get("params.bin"));
            }
            // auto-promote always: the last one registered is production, whichever registry registered it
            assertThat(registry.summary("air").orElseThrow().production()).isEqualTo(200);
        }
        assertThat(ModelRegistryTest.JSON.readTree(dataDir.resolve("models/air/last-version.json").toFile())
                .get("lastVersion").asInt()).isEqualTo(200);
        assertThat(leftovers()).isEmpty();
        // a fresh start sees exactly the same
        assertThat(ModelRegistryTest.numbers(replica("always", 0).registry())).isEqualTo(expected);
    }

    @Test
    void retentionInOneRegistryCountsTheVersionsTheOtherRegistered() {
        Replica a = replica("never", 3);
        Replica b = replica("never", 3);
        for (int i = 0; i < 6; i++) {
            ModelRegistryTest.register(i % 2 == 0 ? a.registry() : b.registry(), "air", 0.5 + i / 100.0);
        }
        b.registry().refresh();
        a.registry().refresh();
        assertThat(onDisk("air")).containsExactly(4, 5, 6);
        assertThat(ModelRegistryTest.numbers(a.registry())).containsExactly(4, 5, 6);
        assertThat(ModelRegistryTest.numbers(b.registry())).containsExactly(4, 5, 6);
    }

    @Test
    void anAliasSetThroughOneRegistryReachesTheOtherAtItsNextRefreshWithAChangeEvent() {
        Replica a = replica("better", 0);
        Replica b = replica("better", 0);
        ModelRegistryTest.register(a.registry(), "air", 0.5);
        ModelRegistryTest.register(a.registry(), "air", 0.9);
        assertThat(b.registry().resolve("air", null, null).version()).isEqualTo(1);
        b.changes().clear();

        a.registry().setAlias("air", PRODUCTION, 2);
        a.registry().setAlias("air", "challenger", 1);
        assertThat(b.registry().summary("air").orElseThrow().production())
                .as("before its refresh the other registry still serves what it knew").isEqualTo(1);
        assertThat(b.changes()).isEmpty();

        b.registry().refresh();
        assertThat(b.registry().summary("air").orElseThrow().aliases())
                .containsExactlyInAnyOrderEntriesOf(Map.of(PRODUCTION, 2, "challenger", 1));
        assertThat(b.registry().resolve("air", null, null).version()).isEqualTo(2);
        assertThat(b.changes()).containsExactly("air");

        b.registry().refresh();
        assertThat(b.changes()).as("nothing changed since: no second event").containsExactly("air");
    }

    @Test
    void aVersionOrModelOrAliasCommittedByOneRegistryIsFoundByTheOtherWithoutWaitingForItsRefresh() {
        Replica a = replica("better", 0);
        Replica b = replica("better", 0);
        ModelRegistryTest.register(a.registry(), "air", 0.5);
        ModelRegistryTest.register(a.registry(), "air", 0.9);

        // b has not refreshed: it knew nothing when it started, its reads look at the disk once
        assertThat(b.registry().version("air", 2).version()).isEqualTo(2);
        ModelRegistryTest.register(a.registry(), "air", 0.8);
        assertThat(b.registry().resolve("air", 3, null).version()).isEqualTo(3);
        ModelRegistryTest.register(a.registry(), "sun", 0.4);
        assertThat(b.registry().resolve("sun", null, null).version()).isEqualTo(1);
        a.registry().setAlias("sun", "challenger", 1);
        assertThat(b.registry().resolve("sun", null, "challenger").version()).isEqualTo(1);
        ModelRegistryTest.register(a.registry(), "rain", 0.4);
        assertThat(b.registry().summary("rain")).isPresent();
        assertThat(b.changes()).contains("air", "sun", "rain");

        // what exists nowhere is still a 404 with the same words
        assertThatThrownBy(() -> b.registry().version("air", 9)).isInstanceOf(ForesightException.class)
                .hasMessage("Model 'air' has no version 9; its versions are [1, 2, 3].");
        assertThatThrownBy(() -> b.registry().resolve("nothing", null, null)).isInstanceOf(ForesightException.class)
                .hasMessage("There is no model 'nothing'.");
        assertThat(b.registry().summary("nothing")).isEmpty();
    }

    @Test
    void aVersionDeletedByOneRegistryIsNotServedByTheOtherAsDamagedButAsDeleted() {
        Replica a = replica("better", 0);
        Replica b = replica("better", 0);
        ModelRegistryTest.register(a.registry(), "air", 0.5);
        ModelRegistryTest.register(a.registry(), "air", 0.9);
        ModelVersion stale = b.registry().version("air", 2);

        a.registry().deleteVersion("air", 2);
        assertThatThrownBy(() -> b.registry().read(stale, "params.bin")).isInstanceOf(ForesightException.class)
                .hasMessage("Version 2 of model 'air' was deleted.");
        assertThat(ModelRegistryTest.numbers(b.registry())).containsExactly(1);
    }

    @Test
    void changesMadeUnderTheOtherRegistrysFeetAreReadBeforeAChangeIsMade() {
        Replica a = replica("better", 0);
        Replica b = replica("better", 0);
        ModelRegistryTest.register(a.registry(), "air", 0.5);
        ModelRegistryTest.register(a.registry(), "air", 0.9);
        ModelRegistryTest.register(b.registry(), "air", 0.7);
        // b deletes a version it has not served yet; a moves production to it, then b may not delete it
        a.registry().setAlias("air", PRODUCTION, 3);
        assertThatThrownBy(() -> b.registry().deleteVersion("air", 3)).isInstanceOf(ForesightException.class)
                .hasMessageContaining("is aliased as [production]");
        b.registry().deleteVersion("air", 1);
        assertThat(onDisk("air")).containsExactly(2, 3);
        a.registry().refresh();
        assertThat(ModelRegistryTest.numbers(a.registry())).containsExactly(2, 3);
    }

    @Test
    void theRefreshThreadBringsAnotherRegistrysVersionToTheListenersWithinTheInterval() throws Exception {
        Replica a = replica("better", 0);
        Replica b = replica("better", 0);
        try (RegistryRefresh polling = new RegistryRefresh(b.registry(), Duration.ofMillis(50))) {
            ModelRegistryTest.register(a.registry(), "air", 0.5);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (b.changes().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(b.changes()).containsExactly("air");
            assertThat(b.registry().names()).containsExactly("air");
            assertThat(b.registry().versionCount()).isEqualTo(1);
        }
        assertThatThrownBy(() -> new RegistryRefresh(b.registry(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refresh-interval");
    }

    private Set<Integer> onDisk(String model) {
        try (Stream<Path> dirs = Files.list(dataDir.resolve("models").resolve(model).resolve("versions"))) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+")).map(Integer::valueOf)
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> leftovers() throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList();
        }
    }

    private static final String PRODUCTION = ModelRegistry.PRODUCTION;
}
