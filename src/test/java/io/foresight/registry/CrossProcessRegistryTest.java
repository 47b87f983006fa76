package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock file between processes, where the JVM lock cannot help: two child JVMs (plain Java, as a Spark job's
 * driver would be) and this one register versions of one model on one directory at the same moment. Every number is
 * handed out once, none is skipped, and every version is readable afterwards.
 */
class CrossProcessRegistryTest {

    static final int EACH = 40;

    @TempDir
    Path dataDir;

    /** A child process: waits for the go file, registers {@code EACH} versions, prints each number. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            Path dataDir = Path.of(args[0]);
            int seedBase = Integer.parseInt(args[1]);
            ModelRegistry registry = new ModelRegistry(ModelRegistryTest.properties(dataDir, "always", 0),
                    ModelRegistryTest.JSON, event -> { });
            System.out.println("READY");
            System.out.flush();
            while (!Files.exists(dataDir.resolve("go"))) {
                Thread.sleep(5);
            }
            for (int i = 0; i < EACH; i++) {
                int seed = seedBase + i;
                ModelVersion v = registry.register(ModelRegistryTest.draft("air", 0.5, "aaaa"), ModelRegistryTest.files(seed));
                System.out.println("NUMBER " + v.version() + " " + seed);
            }
            System.out.flush();
        }
    }

    @Test
    void twoOtherProcessesAndThisOneRegisteringAtOnceNeverHandOutANumberTwice() throws Exception {
        ModelRegistry here = new ModelRegistry(ModelRegistryTest.properties(dataDir, "always", 0), ModelRegistryTest.JSON,
                event -> { });
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> children = new ArrayList<>();
        List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
        for (int child = 1; child <= 2; child++) {
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), Writer.class.getName(), dataDir.toString(),
                    Integer.toString(child * 1000)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            children.add(process);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Void> ready = new CompletableFuture<>();
            outputs.add(CompletableFuture.supplyAsync(() -> {
                List<String> numbers = new ArrayList<>();
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.equals("READY")) {
                            ready.complete(null);
                        } else if (line.startsWith("NUMBER ")) {
                            numbers.add(line.substring(7));
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                ready.complete(null);
                return numbers;
            }));
            ready.get(60, TimeUnit.SECONDS);
        }
        try {
            Files.createFile(dataDir.resolve("go"));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < EACH; i++) {
                ModelVersion v = here.register(ModelRegistryTest.draft("air", 0.5, "aaaa"), ModelRegistryTest.files(i));
                lines.add(v.version() + " " + i);
                // a pause outside the lock, so that this process does not take it back at once every time: without it a
                // fast machine registered all forty here before the children's first (CI), and nothing was tested together
                Thread.sleep(5);
            }
            for (int c = 0; c < children.size(); c++) {
                assertThat(children.get(c).waitFor(2, TimeUnit.MINUTES)).isTrue();
                assertThat(children.get(c).exitValue()).as("child %d", c + 1).isZero();
                lines.addAll(outputs.get(c).get(10, TimeUnit.SECONDS));
            }

            List<Integer> numbers = lines.stream().map(l -> Integer.valueOf(l.split(" ")[0])).toList();
            assertThat(numbers).hasSize(3 * EACH).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 3 * EACH).boxed().toList());
            here.refresh();
            assertThat(ModelRegistryTest.numbers(here)).hasSize(3 * EACH);
            for (String line : lines) {
                int number = Integer.parseInt(line.split(" ")[0]);
                int seed = Integer.parseInt(line.split(" ")[1]);
                assertThat(here.read(here.version("air", number), "params.bin")).as("version %d", number)
                        .isEqualTo(ModelRegistryTest.files(seed).get("params.bin"));
            }
            // the numbers interleave: the processes really registered at the same time
            List<Integer> fromHere = lines.subList(0, EACH).stream().map(l -> Integer.valueOf(l.split(" ")[0])).toList();
            assertThat(fromHere.get(EACH - 1) - fromHere.get(0)).as("this process's numbers are interleaved with the"
                    + " others'").isGreaterThan(EACH - 1);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }
}
