package io.foresight.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fresh temporary directory a test's service keeps its data in ({@code foresight.data-dir}), made when the
 * test class loads (so that a {@code @DynamicPropertySource} can name it).
 */
public final class TestDataDir {

    private TestDataDir() {
    }

    /** A new empty directory whose name starts with {@code prefix}. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary data directory", e);
        }
    }
}
