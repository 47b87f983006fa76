package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry on a real directory, without networks: drafts are minimal manifests and the "network files"
 * are arbitrary bytes, so these checks run in milliseconds. Promotion policy, retention, number reuse,
 * start-up recovery (leftovers, damaged versions), integrity checks on read, snapshot reads under concurrent
 * changes, and the settings' binding.
 */
class ModelRegistryTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Reads the minimal drafts; what they leave out becomes null or 0. */
    static final JsonMapper DRAFTS = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    @TempDir
    Path dataDir;

    static ForesightProperties properties(Path dataDir, String autoPromote, int keepVersions) {
        return new ForesightProperties(dataDir, null, false,
                new ForesightProperties.Limits(1000, 1000, 1000, 8, 512, 200, 1_000_000, 100, 1024,
                        java.time.Duration.ofSeconds(5), 50, 100),
                new ForesightProperties.Training(16, 1, Duration.ofMinutes(30), List.of(32), 0, 1000),
                new ForesightProperties.Serving(16),
                new ForesightProperties.Registry(autoPromote, keepVersions));
    }

    ModelRegistry registry(String autoPromote, int keepVersions) {
        return new ModelRegistry(properties(dataDir, autoPromote, keepVersions), JSON, event -> { });
    }

    /** A minimal manifest: only what the registry itself looks at. */
    static ModelVersion draft(String model, double mase, String dataSha) {
        return DRAFTS.readValue("""
                {"schemaVersion": 1, "model": "%s", "version": 0, "createdAt": "2024-05-01T10:00:00Z", "method": "LSTM",
                 "data": {"datasetId": "ds-000000000001", "sha256": "%s", "target": "value"},
                 "backtest": {"model": {"mase": %s}, "naive": {"mase": 1.0}, "seasonalNaive": {"mase": 1.2}},
                 "provenance": {"jobId": "job-000000000001", "trainingSeconds": 1.5}}"""
                .formatted(model, dataSha, String.format(Locale.ROOT, "%.6f", mase)), ModelVersion.class);
    }

    static Map<String, byte[]> files(int seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("network.json", ("{\"seed\": " + seed + "}").getBytes(StandardCharsets.UTF_8));
        byte[] params = new byte[4096];
        new java.util.Random(seed).nextBytes(params);
        files.put("params.bin", params);
        return files;
    }

    static ModelVersion register(ModelRegistry registry, String model, double mase) {
        return registry.register(draft(model, mase, "aaaa"), files((int) (mase * 1000)));
    }

    Path versionDir(String model, int version) {
        return dataDir.resolve("models").resolve(model).resolve("versions").resolve(Integer.toString(version));
    }

    List<String> leftovers() throws IOException {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList();
        }
    }

    // ---------------------------------------------------------------------------------------------- promotion

    @Test
    void betterPromotesOnlyVersionsThatValidateStrictlyBetterAndRecordsWhy() throws IOException {
        ModelRegistry registry = registry("better", 0);

        ModelVersion v1 = register(registry, "air", 0.90);
        ModelVersion v2 = register(registry, "air", 1.10);
        ModelVersion v3 = register(registry, "air", 0.90);
        ModelVersion v4 = register(registry, "air", 0.50);
        ModelVersion v5 = registry.register(draft("air", 0.40, "bbbb"), files(5));

        assertThat(v1.promotion()).startsWith("promoted to production").contains("no production version");
        assertThat(v2.promotion()).startsWith("kept as a candidate").contains("1.1000 vs 0.9000 of production version 1");
        assertThat(v3.promotion()).as("a tie is not better").startsWith("kept as a candidate");
        assertThat(v4.promotion()).startsWith("promoted to production: validates better").contains("0.5000 vs 0.9000");
        assertThat(v5.promotion()).startsWith("promoted to production").contains("(validated on different data)");

        ModelSummary summary = registry.summary("air").orElseThrow();
        assertThat(summary.production()).isEqualTo(5);
        assertThat(summary.latest()).isEqualTo(5);
        assertThat(summary.aliases()).containsExactly(Map.entry("production", 5));
        assertThat(summary.versions()).extracting(ModelSummary.VersionSummary::promotion)
                .containsExactly(v1.promotion(), v2.promotion(), v3.promotion(), v4.promotion(), v5.promotion());
        assertThat(summary.versions().get(4).dataSha256()).isEqualTo("bbbb");
        assertThat(summary.versions().get(4).jobId()).isEqualTo("job-000000000001");
        assertThat(summary.versions().get(4).aliases()).containsExactly("production");

        // the reason is part of the immutable manifest on disk
        JsonNode manifest = JSON.readTree(versionDir("air", 2).resolve("manifest.json").toFile());
        assertThat(manifest.get("promotion").asString()).isEqualTo(v2.promotion());
        assertThat(JSON.readTree(dataDir.resolve("models/air/aliases.json").toFile()).get("production").asInt()).isEqualTo(5);
    }

    @Test
    void alwaysPromotesEveryNewVersion() {
        ModelRegistry registry = registry("always", 0);
        register(registry, "air", 0.5);
        ModelVersion worse = register(registry, "air", 2.0);

        assertThat(worse.promotion()).startsWith("promoted to production: auto-promote is always");
        assertThat(registry.resolve("air", null, null).version()).isEqualTo(2);
    }

    @Test
    void neverLeavesProductionToTheOperator() {
        ModelRegistry registry = registry("NEVER", 0);
        ModelVersion v1 = register(registry, "air", 0.5);

        assertThat(v1.promotion()).startsWith("not promoted");
        assertThat(registry.summary("air").orElseThrow().production()).isNull();
        assertThatThrownBy(() -> registry.resolve("air", null, null))
                .isInstanceOfSatisfying(ForesightException.class, e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.NOT_FOUND))
                .hasMessageContaining("has no production version yet")
                .hasMessageNotContaining("/api/v1")
                .satisfies(e -> assertThat(((ForesightException) e).next().remedy()).isEqualTo(ForesightException.Remedy.SET_PRODUCTION_ALIAS));
        assertThat(registry.resolve("air", 1, null).version()).isEqualTo(1);

        registry.setAlias("air", "production", 1);
        register(registry, "air", 0.1);
        assertThat(registry.resolve("air", null, null).version()).as("still the operator's choice").isEqualTo(1);
    }

    @Test
    void aliasesRouteRequestsAndAnAliasedVersionCannotBeDeleted() {
        ModelRegistry registry = registry("better", 0);
        register(registry, "air", 0.5);
        register(registry, "air", 0.9);
        registry.setAlias("air", "challenger", 2);

        assertThat(registry.resolve("air", null, null).version()).isEqualTo(1);
        assertThat(registry.resolve("air", null, "challenger").version()).isEqualTo(2);
        assertThat(registry.resolve("air", 2, "production").version()).as("an explicit version wins").isEqualTo(2);
        assertThatThrownBy(() -> registry.resolve("air", null, "staging")).hasMessageContaining("has no alias 'staging'");
        assertThatThrownBy(() -> registry.deleteVersion("air", 2))
                .isInstanceOfSatisfying(ForesightException.class, e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.CONFLICT))
                .hasMessageContaining("aliased as [challenger]");
    }

    // ---------------------------------------------------------------------------------------------- retention

    @Test
    void retentionKeepsTheNewestVersionsAndEveryAliasedOne() {
        ModelRegistry registry = registry("better", 3);
        register(registry, "air", 0.5); // production, never deleted
        for (int i = 2; i <= 7; i++) {
            register(registry, "air", 0.9);
        }
        assertThat(numbers(registry)).containsExactly(1, 5, 6, 7);
        assertThat(versionDir("air", 2)).doesNotExist();
        assertThat(versionDir("air", 4)).doesNotExist();

        registry.setAlias("air", "challenger", 5);
        register(registry, "air", 0.9);
        register(registry, "air", 0.9);
        assertThat(numbers(registry)).as("5 is aliased, 6 is the oldest unaliased").containsExactly(1, 5, 7, 8, 9);
        assertThat(versionDir("air", 6)).doesNotExist();
        assertThat(versionDir("air", 5)).isDirectory();

        // the same state after a restart, and the deleted numbers are not handed out again
        ModelRegistry restarted = registry("better", 3);
        assertThat(numbers(restarted)).containsExactly(1, 5, 7, 8, 9);
        assertThat(register(restarted, "air", 0.9).version()).isEqualTo(10);
        assertThat(numbers(restarted)).containsExactly(1, 5, 8, 9, 10);
    }

    @Test
    void keepVersionsZeroKeepsEverything() {
        ModelRegistry registry = registry("better", 0);
        for (int i = 0; i < 12; i++) {
            register(registry, "air", 0.9);
        }
        assertThat(numbers(registry)).hasSize(12);
    }

    @Test
    void versionNumbersAreNeverReusedEvenAfterTheNewestOrEveryVersionWasDeleted() {
        ModelRegistry registry = registry("never", 0);
        register(registry, "air", 0.5);
        register(registry, "air", 0.5);
        registry.deleteVersion("air", 2);
        assertThat(register(registry, "air", 0.5).version()).isEqualTo(3);

        registry.deleteVersion("air", 1);
        registry.deleteVersion("air", 3);
        assertThat(registry.names()).doesNotContain("air");
        assertThat(register(registry, "air", 0.5).version()).isEqualTo(4);

        registry.deleteVersion("air", 4);
        assertThat(registry("never", 0).names()).isEmpty();
        assertThat(register(registry("never", 0), "air", 0.5).version()).as("after a restart too").isEqualTo(5);
    }

    // ---------------------------------------------------------------------------------------------- crash safety, start-up

    @Test
    void startUpRemovesLeftoversAndUnlistsOnlyTheDamagedVersions() throws IOException {
        ModelRegistry registry = registry("better", 0);
        for (double mase : new double[] {0.9, 0.8, 0.7, 0.6, 0.5, 0.4}) {
            register(registry, "air", mase); // each one is promoted: production ends at 6
        }
        register(registry, "other", 0.5);
        // an interrupted version write and an interrupted alias write, as a crash leaves them
        Path partial = versionDir("air", 7).resolveSibling(".tmp-3f0c1e");
        Files.createDirectories(partial);
        Files.write(partial.resolve("params.bin"), new byte[100]);
        Files.write(dataDir.resolve("models/air/.tmp-77aa"), "{\"production\": 3".getBytes(StandardCharsets.UTF_8));
        // damage: a flipped bit in the parameters, an edited but valid manifest, a truncated manifest, a lost file,
        // and a manifest that was swapped in from another version
        flipByte(versionDir("air", 2).resolve("params.bin"), 1000);
        Path manifest3 = versionDir("air", 3).resolve("manifest.json");
        Files.writeString(manifest3, Files.readString(manifest3).replace("0.7", "0.1"));
        Path manifest4 = versionDir("air", 4).resolve("manifest.json");
        Files.write(manifest4, Arrays.copyOf(Files.readAllBytes(manifest4), 200));
        Files.delete(versionDir("air", 5).resolve("network.json"));
        Files.copy(versionDir("air", 1).resolve("manifest.json"), versionDir("air", 6).resolve("manifest.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(versionDir("air", 1).resolve("manifest.sha256"), versionDir("air", 6).resolve("manifest.sha256"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ModelRegistry restarted = registry("better", 0);

        assertThat(leftovers()).isEmpty();
        assertThat(numbers(restarted)).containsExactly(1);
        assertThat(restarted.summary("other").orElseThrow().versions()).hasSize(1);
        Map<Integer, String> unavailable = new LinkedHashMap<>();
        restarted.summary("air").orElseThrow().unavailable().forEach(u -> unavailable.put(u.version(), u.reason()));
        assertThat(unavailable).containsOnlyKeys(2, 3, 4, 5, 6);
        assertThat(unavailable.get(2)).isEqualTo("checksum mismatch for params.bin");
        assertThat(unavailable.get(3)).contains("manifest.json does not match the checksum in manifest.sha256");
        assertThat(unavailable.get(4)).contains("manifest.json does not match");
        assertThat(unavailable.get(5)).contains("network.json is missing");
        assertThat(unavailable.get(6)).contains("its manifest describes version 1");
        assertThat(restarted.read(restarted.version("air", 1), "params.bin")).isEqualTo(files(900).get("params.bin"));

        // production still names version 6: requests fail loudly instead of silently moving to another version
        assertThat(restarted.summary("air").orElseThrow().production()).isEqualTo(6);
        assertThatThrownBy(() -> restarted.resolve("air", null, null))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining("Version 6 of model 'air' is not served: it failed its integrity check");
        // the numbers of damaged versions are not reused; the operator can move production back
        assertThat(register(restarted, "air", 0.95).version()).isEqualTo(7);
        restarted.setAlias("air", "production", 1);
        assertThat(restarted.resolve("air", null, null).version()).isEqualTo(1);
    }

    @Test
    void anUnreadableAliasesFileDoesNotStopTheService() throws IOException {
        register(registry("better", 0), "air", 0.5);
        Files.writeString(dataDir.resolve("models/air/aliases.json"), "{\"production\": ");

        ModelRegistry restarted = registry("better", 0);

        assertThat(numbers(restarted)).containsExactly(1);
        assertThatThrownBy(() -> restarted.resolve("air", null, null)).hasMessageContaining("has no production version");
        assertThat(restarted.resolve("air", 1, null).version()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------- safe loading

    @Test
    void filesChangedAfterRegistrationAreRefusedWhenRead() throws IOException {
        ModelRegistry registry = registry("better", 0);
        ModelVersion v1 = register(registry, "air", 0.5);
        ModelVersion v2 = register(registry, "air", 0.9);
        assertThat(registry.read(v1, "params.bin")).isEqualTo(files(500).get("params.bin"));

        flipByte(versionDir("air", 1).resolve("params.bin"), 17);
        Files.writeString(versionDir("air", 2).resolve("network.json"), "{\"seed\": 1}");

        assertThatThrownBy(() -> registry.read(v1, "params.bin"))
                .isInstanceOfSatisfying(ModelIntegrityException.class, e -> assertThat(e.title()).isEqualTo("Model version failed its integrity check"))
                .hasMessage("Version 1 of model 'air' cannot be served: its file params.bin does not match the SHA-256 checksum "
                        + "recorded in its manifest, so it was changed or damaged after the registry wrote it. Nothing was "
                        + "loaded from it. Point the production alias at another version or train again.")
                .satisfies(e -> assertThat(((ForesightException) e).next().remedy()).isEqualTo(ForesightException.Remedy.SET_PRODUCTION_ALIAS))
                .satisfies(e -> assertThat(((ForesightException) e).next().model()).isEqualTo("air"));
        assertThatThrownBy(() -> registry.read(v2, "network.json")).isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining("network.json does not match the SHA-256 checksum");
        Files.delete(versionDir("air", 2).resolve("params.bin"));
        assertThatThrownBy(() -> registry.read(v2, "params.bin")).isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining("its file params.bin is missing");
        assertThatThrownBy(() -> registry.read(v2, "../../aliases.json")).isInstanceOf(ModelIntegrityException.class);

        registry.deleteVersion("air", 2);
        assertThatThrownBy(() -> registry.read(v2, "network.json"))
                .isInstanceOfSatisfying(ForesightException.class, e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.NOT_FOUND))
                .hasMessageContaining("was deleted");
    }

    @Test
    void aVersionWithANumberThatIsNotFiniteIsNeverStored() throws IOException {
        ModelRegistry registry = registry("always", 0);
        ModelVersion d = draft("air", 1.0, "aaaa");
        ModelVersion.Validation b = d.validation();
        ModelVersion bad = new ModelVersion(d.schemaVersion(), d.model(), d.version(), d.createdAt(), d.method(), d.settings(),
                d.intervalScale(), d.members(), d.data(), new ModelVersion.Validation(b.validationWindows(), b.trainWindows(),
                        b.seasonalPeriod(), b.maseScale(), new io.foresight.model.Accuracy(1, Double.POSITIVE_INFINITY, 1, 1),
                        b.naive(), b.seasonalNaive(), b.beatsNaive(), b.beatsSeasonalNaive()),
                d.candidates(), d.selection(), d.intervals(), d.heldBack(), d.tail(), d.provenance(), d.promotion(), d.files(), null);
        assertThatThrownBy(() -> registry.register(bad, files(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backtest.model.rmse is Infinity");
        assertThat(registry.list()).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void registrationRejectsFileNamesThatCouldLeaveTheVersionDirectory() {
        ModelRegistry registry = registry("better", 0);
        assertThatThrownBy(() -> registry.register(draft("air", 0.5, "aaaa"), Map.of("../escape.bin", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(draft("air", 0.5, "aaaa"), Map.of("manifest.json", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(draft("../air", 0.5, "aaaa"), files(1)))
                .isInstanceOf(ForesightException.class);
        assertThat(registry.names()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- concurrency

    @Test
    void readersNeverSeeAHalfAppliedChange() throws Exception {
        ModelRegistry registry = registry("never", 0);
        register(registry, "air", 0.5);
        register(registry, "air", 0.6);
        registry.setAlias("air", "production", 1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(readers.submit(() -> {
                while (running.get()) {
                    try {
                        int version = registry.resolve("air", null, null).version();
                        if (version != 1 && version != 2) {
                            failures.add(new AssertionError("resolved version " + version));
                        }
                        registry.summary("air").orElseThrow();
                        reads.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (int i = 0; i < 120; i++) {
            registry.setAlias("air", "production", i % 2 == 0 ? 2 : 1);
            if (i % 20 == 0) {
                int extra = register(registry, "air", 0.9).version();
                registry.deleteVersion("air", extra);
            }
        }
        running.set(false);
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        readers.shutdown();
        assertThat(failures).isEmpty();
        assertThat(reads.get()).isPositive();
    }

    // ---------------------------------------------------------------------------------------------- settings

    @Test
    void registrySettingsBindWithTheirDefaults() {
        ForesightProperties defaults = Binder.get(new org.springframework.core.env.StandardEnvironment())
                .bindOrCreate("foresight", ForesightProperties.class);
        assertThat(defaults.registry()).isEqualTo(new ForesightProperties.Registry("better", 10));
        assertThat(defaults.serving().cacheSize()).isEqualTo(16);

        ForesightProperties custom = new Binder(new MapConfigurationPropertySource(Map.of(
                "foresight.registry.auto-promote", "never", "foresight.registry.keep-versions", "3",
                "foresight.data-dir", "/srv/foresight")))
                .bindOrCreate("foresight", ForesightProperties.class);
        assertThat(custom.registry()).isEqualTo(new ForesightProperties.Registry("never", 3));
        assertThat(custom.dataDir()).isEqualTo(Path.of("/srv/foresight"));
    }

    @Test
    void invalidRegistrySettingsStopTheStartWithAClearMessage() {
        assertThatThrownBy(() -> registry("sometimes", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("foresight.registry.auto-promote is 'sometimes'; use better, always or never.");
        assertThatThrownBy(() -> registry("better", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep-versions is -1");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static List<Integer> numbers(ModelRegistry registry) {
        return registry.summary("air").orElseThrow().versions().stream().map(ModelSummary.VersionSummary::version).toList();
    }

    static void flipByte(Path file, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 0x01;
        Files.write(file, bytes);
    }
}
