package io.foresight.packaging;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the packaging tests share: the project root, its files, and the real validation tools, run with a
 * timeout. A missing tool fails the test with the install hint, it never skips it.
 */
final class PackagingTools {

    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);
    static final String INSTALL_HINT = "run scripts/install-test-tools.sh (it installs the Debian packages docker-compose,"
            + " prometheus and haproxy, and the npm packages of scripts/kubernetes-validate)";

    record ToolResult(int exitCode, String stdout, String stderr) {
    }

    private PackagingTools() {
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String read(Path root, String relative) throws IOException {
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail(relative + " is not a file under " + root);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Runs a tool from the project root with a timeout; a missing tool fails with the install hint. */
    static ToolResult run(Path root, String tool, String... args) {
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
