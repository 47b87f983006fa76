package io.foresight.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Datasets on disk: {@code {dataDir}/datasets/{id}/source.csv} (the uploaded bytes), {@code dataset.json} (its
 * {@link DatasetInfo}) and {@code series.bin} (the parsed series, see {@link SeriesFile}; absent for datasets stored
 * before it existed), or for a many-series dataset {@code panel.bin} (its parsed series, see {@link PanelFile}). A dataset appears atomically: its files are written and synced in a {@code .tmp-*}
 * directory that is then renamed; deleting renames it away first. Leftover {@code .tmp-*} directories from a crash
 * are removed at start-up once they are an hour old ({@link #LEFTOVER_AGE}): several processes may share the directory,
 * and a younger one may be an upload another process is writing. Only generated ids ({@link #isId}) are ever used in
 * paths.
 */
final class DatasetStore {

    static final String SOURCE = "source.csv";
    static final String INFO = "dataset.json";
    static final String SERIES = SeriesFile.NAME;
    static final String PANEL = PanelFile.NAME;

    private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);
    private static final Pattern ID = Pattern.compile("ds-[0-9a-f]{12}");
    private static final String TEMPORARY_PREFIX = AtomicFiles.TEMP_PREFIX;
    /** No upload or delete takes this long: an older {@code .tmp-*} directory is a crash's leftover. */
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private final Path root;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    DatasetStore(Path dataDir, JsonMapper json) {
        this.root = dataDir.resolve("datasets");
        this.json = json;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the dataset directory " + root, e);
        }
        AtomicFiles.removeTemporaries(root, LEFTOVER_AGE);
    }

    static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A fresh id, not used by any stored dataset. */
    String newId() {
        while (true) {
            String id = "ds-" + randomHex(6);
            if (!Files.exists(root.resolve(id))) {
                return id;
            }
        }
    }

    /** Every stored dataset with a readable {@code dataset.json}; others are skipped and logged. */
    List<DatasetInfo> readAll() {
        List<DatasetInfo> all = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (!isId(id)) {
                    if (!id.startsWith(TEMPORARY_PREFIX)) {
                        log.warn("Skipping {}: not a dataset directory (names look like ds-0123456789ab)", dir);
                    }
                    continue;
                }
                read(id).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        return all;
    }

    /** The ids of the stored datasets: the directory's names, nothing read or checked (a few thousand in a millisecond). */
    Set<String> ids() {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (isId(name)) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        return ids;
    }

    /** Whether the dataset is (still) stored: another process may have deleted it. */
    boolean exists(String id) {
        requireId(id);
        return Files.isDirectory(root.resolve(id));
    }

    /** One dataset's info; empty when it is not stored, or its {@code dataset.json} is unreadable (logged). */
    Optional<DatasetInfo> read(String id) {
        requireId(id);
        Path dir = root.resolve(id);
        try {
            DatasetInfo info = json.readValue(Files.readAllBytes(dir.resolve(INFO)), DatasetInfo.class);
            if (!id.equals(info.id())) {
                log.warn("Skipping {}: its {} is for dataset {}", dir, INFO, info.id());
                return Optional.empty();
            }
            return Optional.of(info);
        } catch (NoSuchFileException e) {
            if (Files.isDirectory(dir)) {
                log.warn("Skipping {}: no {}", dir, INFO);
            }
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            log.warn("Skipping {}: no readable {} ({})", dir, INFO, e.toString());
            return Optional.empty();
        }
    }

    void save(DatasetInfo info, byte[] csv, byte[] series) {
        save(info, csv, SERIES, series);
    }

    /** Stores the upload, its info and its parsed form under {@code parsedName} ({@link #SERIES} or {@link #PANEL}). */
    void save(DatasetInfo info, byte[] csv, String parsedName, byte[] parsed) {
        Path temporary = root.resolve(TEMPORARY_PREFIX + randomHex(8));
        try {
            Files.createDirectory(temporary);
            AtomicFiles.writeSynced(temporary.resolve(SOURCE), csv);
            AtomicFiles.writeSynced(temporary.resolve(parsedName), parsed);
            AtomicFiles.writeSynced(temporary.resolve(INFO), json.writeValueAsBytes(info));
            AtomicFiles.syncDirectory(temporary);
            Files.move(temporary, root.resolve(info.id()), StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(root);
        } catch (IOException e) {
            deleteRecursively(temporary);
            throw new UncheckedIOException("Cannot store dataset " + info.id(), e);
        }
    }

    byte[] source(String id) throws NoSuchFileException {
        requireId(id);
        try {
            return Files.readAllBytes(root.resolve(id).resolve(SOURCE));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + id, e);
        }
    }

    /** The stored {@link SeriesFile}; empty when there is none (a dataset stored before series files existed). */
    Optional<byte[]> series(String id) {
        return parsed(id, SERIES);
    }

    /** The stored {@link PanelFile} of a many-series dataset; empty when there is none. */
    Optional<byte[]> panel(String id) {
        return parsed(id, PANEL);
    }

    private Optional<byte[]> parsed(String id, String name) {
        requireId(id);
        try {
            return Optional.of(Files.readAllBytes(root.resolve(id).resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset " + id, e);
        }
    }

    /** Removes the dataset's directory; false when there was none. */
    boolean delete(String id) {
        requireId(id);
        Path dir = root.resolve(id);
        Path doomed = root.resolve(TEMPORARY_PREFIX + "deleted-" + randomHex(8));
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete dataset " + id, e);
        }
        deleteRecursively(doomed);
        return true;
    }

    private static void requireId(String id) {
        if (!isId(id)) {
            // Callers check first; this guards the file system against a path built from anything else.
            throw new IllegalArgumentException("not a dataset id");
        }
    }

    private static void deleteRecursively(Path path) {
        try {
            AtomicFiles.deleteRecursively(path);
        } catch (UncheckedIOException e) {
            log.warn("Cannot remove {}: {}", path, e.getCause().toString());
        }
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
