package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.foresight.ForesightApplication;
import io.foresight.e2e.Http;
import tools.jackson.databind.JsonNode;

/**
 * A really full disk: the tests run on a size-limited tmpfs mounted for them ({@code mount -t tmpfs -o size=16m},
 * which needs root or CAP_SYS_ADMIN; without it the tests are skipped with that reason). A filler file takes
 * every free block, then exactly {@code k} pages are given back, so a registration fails at each successive
 * write it makes: the version-number reservation, each file of the version, the production alias.
 */
class DiskFullTest {

    static final int PAGE = 4096;
    static Path mount;
    static boolean mounted;

    @BeforeAll
    static void mountSmallFileSystem() throws Exception {
        mount = Files.createTempDirectory("foresight-disk-full");
        Command result = run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", mount.toString());
        mounted = result.exitCode() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a size-limited tmpfs here (needs root or CAP_SYS_ADMIN): " + result.output());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", mount.toString());
        }
        Files.deleteIfExists(mount);
    }

    /**
     * Registration on a disk with 0, 1, 2, ... free pages: every attempt that fails leaves exactly the state
     * before it (the same listing in memory and after a restart, no temporary files, production unchanged);
     * the first attempt that fits succeeds completely.
     */
    @Test
    void aRegistrationThatRunsOutOfSpaceAtAnyWriteLeavesNothingBehind() throws IOException {
        Path dataDir = Files.createDirectories(mount.resolve("registry"));
        ModelRegistry registry = new ModelRegistry(ModelRegistryTest.properties(dataDir, "better", 10),
                ModelRegistryTest.JSON, event -> { });
        ModelRegistryTest.register(registry, "air", 0.9);
        Path filler = mount.resolve("filler");
        try {
            registerOnAlmostFullDisk(registry, dataDir, filler);
        } finally {
            Files.deleteIfExists(filler);
        }
    }

    private static void registerOnAlmostFullDisk(ModelRegistry registry, Path dataDir, Path filler) throws IOException {
        byte[] params = new byte[5 * PAGE + 100];
        long full = fill(filler);

        List<String> failedAt = new ArrayList<>();
        ModelVersion registered = null;
        for (int pages = 0; pages < 40 && registered == null; pages++) {
            try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
                channel.truncate(full - (long) pages * PAGE);
            }
            try {
                registered = registry.register(ModelRegistryTest.draft("air", 0.1, "aaaa"),
                        Map.of("network.json", "{\"layers\": [8]}".getBytes(StandardCharsets.UTF_8), "params.bin", params));
            } catch (UncheckedIOException e) {
                assertThat(e.getMessage()).contains("No space left on device");
                failedAt.add(pages + " pages: " + e.getMessage().replace(dataDir.toString(), "").replaceAll(":.*", ""));
                assertUnchanged(registry, dataDir);
            }
        }
        System.out.println("DiskFullTest: registration failed at " + failedAt);

        assertThat(registered).as("the registration succeeds once it fits").isNotNull();
        assertThat(failedAt).as("failures at the reservation, inside the version, at the alias")
                .anyMatch(f -> f.contains("last-version.json"))
                .anyMatch(f -> f.contains("/versions/"))
                .anyMatch(f -> f.contains("aliases.json"));
        assertThat(registry.summary("air").orElseThrow().production()).isEqualTo(registered.version());
        ModelRegistry restarted = new ModelRegistry(ModelRegistryTest.properties(dataDir, "better", 10),
                ModelRegistryTest.JSON, event -> { });
        assertThat(ModelRegistryTest.numbers(restarted)).containsExactly(1, registered.version());
        assertThat(restarted.read(restarted.version("air", registered.version()), "params.bin")).isEqualTo(params);
    }

    private static void assertUnchanged(ModelRegistry registry, Path dataDir) throws IOException {
        assertThat(ModelRegistryTest.numbers(registry)).containsExactly(1);
        assertThat(registry.summary("air").orElseThrow().production()).isEqualTo(1);
        assertThat(temporaries(dataDir)).isEmpty();
        try (Stream<Path> dirs = Files.list(dataDir.resolve("models/air/versions"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).toList()).containsExactly("1");
        }
        ModelRegistry restarted = new ModelRegistry(ModelRegistryTest.properties(dataDir, "better", 10),
                ModelRegistryTest.JSON, event -> { });
        assertThat(ModelRegistryTest.numbers(restarted)).containsExactly(1);
        assertThat(restarted.summary("air").orElseThrow().production()).isEqualTo(1);
        assertThat(restarted.summary("air").orElseThrow().unavailable()).isEmpty();
    }

    /** The whole service on the full disk: the job fails and says why, nothing is registered, space back = success. */
    @Test
    void aTrainingJobOnAFullDiskFailsClearlyAndRegistersNothing() throws Exception {
        Path dataDir = Files.createDirectories(mount.resolve("service"));
        Path filler = mount.resolve("service-filler");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ForesightApplication.class)
                .run("--server.port=0", "--foresight.data-dir=" + dataDir)) {
            Http http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            Http.Response upload = http.postMultipart("/api/v1/datasets",
                    Map.of("file", Files.readAllBytes(Path.of("sample-data", "AirPassengers.csv")), "name", "air"));
            assertThat(upload.status()).as(upload.body()).isEqualTo(201);
            String spec = """
                    {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "epochs": 5,
                     "layers": [8], "seed": 3}""".formatted(upload.json().get("id").asString());

            JsonNode failed;
            try {
                fill(filler);
                failed = train(http, spec);
            } finally {
                Files.deleteIfExists(filler);
            }

            assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("error").asString())
                    .startsWith("Saving the model failed: Could not ")
                    .contains("No space left on device")
                    .endsWith("Nothing was registered; free disk space and train again.");
            assertThat(http.get("/api/v1/models/air").status()).isEqualTo(404);
            assertThat(temporaries(dataDir)).isEmpty();
            assertThat(dataDir.resolve("models/air")).doesNotExist();

            JsonNode succeeded = train(http, spec);
            assertThat(succeeded.get("status").asString()).as(succeeded.toString()).isEqualTo("SUCCEEDED");
            assertThat(http.get("/api/v1/models/air/forecast?horizon=12").status()).isEqualTo(200);
        }
    }

    private static JsonNode train(Http http, String spec) throws InterruptedException {
        Http.Response submitted = http.postJson("/api/v1/models/air/training-jobs", spec);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http.get("/api/v1/training-jobs/" + id).json();
            if (!List.of("QUEUED", "RUNNING").contains(job.get("status").asString())) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    /** Writes {@code file} until the file system is full; returns its size. */
    private static long fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
        }
        // a partial last chunk may have been written; take up any remaining bytes one page at a time
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(new byte[PAGE]);
                out.flush();
            }
        } catch (IOException expected) {
            // full
        }
        return Files.size(file);
    }

    private static List<String> temporaries(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(Path::toString).filter(p -> p.contains(".tmp-")).toList();
        }
    }

    private record Command(int exitCode, String output) {
    }

    private static Command run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Command(-1, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Command(-1, "timed out");
        }
        return new Command(process.exitValue(), output);
    }
}
