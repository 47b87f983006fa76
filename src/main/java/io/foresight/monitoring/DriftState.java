package io.foresight.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.foresight.AtomicFiles;
import io.foresight.registry.RegistryLock;

/**
 * Which versions of each model were drifting when it was last scored, kept on disk ({@code <root>/<model>/drifting},
 * the version numbers, written whole) so that a drift episode has one onset: a restarted service, or another replica
 * on the data directory, that finds a version still drifting does not count it (nor retrain it) again. An update is
 * decided under the model's {@code drifting.lock} ({@link RegistryLock}), so two replicas scoring at once publish an
 * onset once.
 */
public final class DriftState {

    private static final String FILE = "drifting";
    private static final String LOCK = "drifting.lock";

    private final Path root;

    public DriftState(Path root) {
        this.root = root;
    }

    /** Records {@code drifting} as the model's drifting versions; returns those that were not drifting before. */
    public List<Integer> update(String model, List<Integer> drifting) {
        Path dir = root.resolve(model);
        List<Integer> before = read(dir.resolve(FILE));
        if (before.equals(drifting)) {
            return List.of(); // the common case: no lock, no write
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir + ": " + e.getMessage(), e);
        }
        return new RegistryLock(dir.resolve(LOCK)).locked(() -> {
            List<Integer> stored = read(dir.resolve(FILE));
            if (!stored.equals(drifting)) {
                StringBuilder text = new StringBuilder();
                drifting.forEach(v -> text.append(v).append('\n'));
                AtomicFiles.writeFile(dir.resolve(FILE), text.toString().getBytes(StandardCharsets.US_ASCII));
            }
            List<Integer> onsets = new ArrayList<>(drifting);
            onsets.removeAll(stored);
            return List.copyOf(onsets);
        });
    }

    /** Forgets the model (it was deleted). */
    public void delete(String model) {
        AtomicFiles.deleteRecursively(root.resolve(model));
    }

    private static List<Integer> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return Arrays.stream(text.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | NumberFormatException e) {
            return List.of(); // unreadable: judged afresh, as before this state was kept
        }
    }
}
