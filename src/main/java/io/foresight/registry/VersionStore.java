package io.foresight.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.AtomicFiles;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's files under {@code <data-dir>/models/<name>}: {@code versions/<n>/} (the version's files,
 * {@code manifest.json} and {@code manifest.sha256}), {@code aliases.json} and {@code last-version.json} (the highest
 * number ever used, so numbers are never reused, even after deletions). Beside the models: {@code .registry.lock}
 * ({@link RegistryLock}) and {@code .generation.json}, the generation marker ({@link Generations}); names starting
 * with a dot are never model names.
 *
 * <p>A version is written whole to a temporary directory, forced to disk and renamed into place, so it either exists
 * completely or not at all. Its manifest records the SHA-256 of every file and a sidecar records the manifest's own;
 * {@link #checkedBytes} is the one check of a file against its recorded checksum, at start-up and on every read.
 */
final class VersionStore {

    static final String MANIFEST = "manifest.json";
    static final String MANIFEST_CHECKSUM = "manifest.sha256";
    static final String ALIASES = "aliases.json";
    static final String LAST_VERSION = "last-version.json";
    static final String LOCK = ".registry.lock";
    static final String GENERATIONS = ".generation.json";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Logger log = LoggerFactory.getLogger(VersionStore.class);

    /** What start-up found of one model: its versions, the ones that failed their check (with why), aliases. */
    record StoredModel(TreeMap<Integer, ModelVersion> versions, TreeMap<Integer, String> unavailable,
            Map<String, Integer> aliases, int lastNumber) {
    }

    /**
     * The generation marker: a counter raised by every committed change, and per model the counter's value at its
     * last change. Rewritten whole (temporary file and rename) under the registry's lock after each change, so a
     * reader that polls it learns cheaply which models another process changed.
     */
    record Generations(long generation, Map<String, Long> models) {

        static final Generations NONE = new Generations(0, Map.of());

        Generations {
            models = Map.copyOf(models == null ? Map.of() : models);
        }

        long of(String model) {
            return models.getOrDefault(model, 0L);
        }

        /** The marker after a change of {@code model}. */
        Generations next(String model) {
            Map<String, Long> copy = new TreeMap<>(models);
            copy.put(model, generation + 1);
            return new Generations(generation + 1, copy);
        }
    }

    /** A file whose bytes do not match its recorded checksum, or that is missing. */
    static final class IntegrityProblem extends Exception {
        IntegrityProblem(String message) {
            super(message, null, false, false);
        }
    }

    private final Path root;
    private final JsonMapper json;

    VersionStore(Path root, JsonMapper json) {
        this.root = root;
        this.json = json;
    }

    Path root() {
        return root;
    }

    Path versionDir(String name, int version) {
        return root.resolve(name).resolve("versions").resolve(Integer.toString(version));
    }

    boolean exists(String name) {
        return Files.exists(root.resolve(name));
    }

    /** Reserves {@code number} in {@code last-version.json} before the version exists: a crash after it only skips it. */
    void reserve(String name, int number) {
        Path versions = root.resolve(name).resolve("versions");
        try {
            Files.createDirectories(versions);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + versions + ": " + describe(e), e);
        }
        AtomicFiles.writeFile(root.resolve(name).resolve(LAST_VERSION), json.writeValueAsBytes(Map.of("lastVersion", number)));
    }

    /** Writes a version whole: its files, its manifest and the manifest's checksum, or nothing. */
    void writeVersion(String name, int number, ModelVersion version, Map<String, byte[]> files) {
        byte[] manifest = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(version);
        Map<String, byte[]> all = new TreeMap<>(files);
        all.put(MANIFEST, manifest);
        all.put(MANIFEST_CHECKSUM, (AtomicFiles.sha256(manifest) + "\n").getBytes(StandardCharsets.US_ASCII));
        AtomicFiles.writeDirectory(root.resolve(name).resolve("versions"), Integer.toString(number), all);
    }

    void writeAliases(String name, Map<String, Integer> aliases) {
        AtomicFiles.writeFile(root.resolve(name).resolve(ALIASES), json.writeValueAsBytes(aliases));
    }

    /** Removes a version's directory (renamed away first, so no half-deleted version is ever found). */
    void removeVersion(String name, int version) {
        Path dir = versionDir(name, version);
        Path trash = dir.resolveSibling(AtomicFiles.TEMP_PREFIX + "deleted-" + dir.getFileName());
        try {
            AtomicFiles.deleteRecursively(trash);
            Files.move(dir, trash);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("Could not delete " + dir + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        AtomicFiles.deleteRecursively(trash);
    }

    /** After its last version went: the versions and aliases go, {@code last-version.json} stays. */
    void removeModel(String name) {
        AtomicFiles.deleteRecursively(root.resolve(name).resolve("versions"));
        deleteQuietly(root.resolve(name).resolve(ALIASES));
    }

    /** A model directory a failed first write left behind. */
    void removeModelDirectory(String name) {
        deleteQuietly(root.resolve(name));
    }

    /**
     * The bytes of {@code file} of a stored version when they match the SHA-256 {@code expected}.
     *
     * @throws NoSuchFileException when the file is missing
     * @throws IntegrityProblem    when its bytes do not match
     */
    byte[] checkedBytes(String name, int version, String file, String expected) throws IOException, IntegrityProblem {
        Path path = versionDir(name, version).resolve(file);
        byte[] bytes = Files.readAllBytes(path);
        String actual = AtomicFiles.sha256(bytes);
        if (!expected.equals(actual)) {
            log.error("Version {} of model {}: {} has SHA-256 {} but its manifest records {}", version, name, path, actual,
                    expected);
            throw new IntegrityProblem("checksum mismatch for " + file);
        }
        return bytes;
    }

    /**
     * Every model on disk, leftovers of interrupted writes removed and every version checked. Only under the
     * registry's lock: the leftovers of a crashed writer look just like the temporaries of a live one.
     */
    Map<String, StoredModel> load() {
        Map<String, StoredModel> found = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        AtomicFiles.removeTemporaries(root);
        try (Stream<Path> names = Files.list(root)) {
            for (Path modelDir : names.filter(Files::isDirectory).sorted().toList()) {
                String name = modelDir.getFileName().toString();
                if (NAME.matcher(name).matches()) {
                    AtomicFiles.removeTemporaries(modelDir);
                    AtomicFiles.removeTemporaries(modelDir.resolve("versions"));
                    found.put(name, loadModel(name, modelDir, Map.of(), Map.of()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * One model as it is on disk now (null when it has no directory), for a registry that already knows some of its
     * versions: a version directory it knows ({@code known}, {@code knownUnavailable}) is taken as it was (versions
     * are immutable, numbers never reused, and every file is checked again when it is read), a new one is read and
     * checked. A new directory that disappears while it is read was being deleted and is skipped. Removes no leftovers.
     */
    StoredModel reload(String name, Map<Integer, ModelVersion> known, Map<Integer, String> knownUnavailable) {
        Path modelDir = root.resolve(name);
        if (!Files.isDirectory(modelDir)) {
            return null;
        }
        try {
            return loadModel(name, modelDir, known, knownUnavailable);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read model " + name + " in " + root + ": " + describe(e), e);
        }
    }

    /** Whether model {@code name} has a versions directory (a model whose last version was deleted has none). */
    boolean hasVersions(String name) {
        return Files.isDirectory(root.resolve(name).resolve("versions"));
    }

    /** Whether version {@code version} of {@code name} is on disk (complete: its directory appears whole). */
    boolean versionExists(String name, int version) {
        return Files.isRegularFile(versionDir(name, version).resolve(MANIFEST));
    }

    /** The generation marker, or {@link Generations#NONE} before the first change (or when it cannot be read). */
    Generations readGenerations() {
        Path file = root.resolve(GENERATIONS);
        try {
            return json.readValue(Files.readAllBytes(file), Generations.class);
        } catch (NoSuchFileException e) {
            return Generations.NONE;
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return Generations.NONE;
        }
    }

    void writeGenerations(Generations generations) {
        AtomicFiles.writeFile(root.resolve(GENERATIONS), json.writeValueAsBytes(generations));
    }

    private StoredModel loadModel(String name, Path modelDir, Map<Integer, ModelVersion> known,
            Map<Integer, String> knownUnavailable) throws IOException {
        int last = readLastVersion(modelDir);
        TreeMap<Integer, ModelVersion> versions = new TreeMap<>();
        TreeMap<Integer, String> unavailable = new TreeMap<>();
        Path versionsDir = modelDir.resolve("versions");
        if (Files.isDirectory(versionsDir)) {
            try (Stream<Path> dirs = Files.list(versionsDir)) {
                for (Path dir : dirs.sorted(Comparator.comparing(Path::toString)).toList()) {
                    String dirName = dir.getFileName().toString();
                    if (dirName.startsWith(AtomicFiles.TEMP_PREFIX)) {
                        continue; // a crashed writer's leftover, removed under the lock at start-up
                    }
                    if (!NUMBER.matcher(dirName).matches()) {
                        log.warn("Ignoring {}: not a version directory", dir);
                        continue;
                    }
                    int number = Integer.parseInt(dirName);
                    last = Math.max(last, number);
                    if (known.containsKey(number)) {
                        versions.put(number, known.get(number));
                        continue;
                    }
                    if (knownUnavailable.containsKey(number)) {
                        unavailable.put(number, knownUnavailable.get(number));
                        continue;
                    }
                    try {
                        versions.put(number, loadVersion(name, number, dir));
                    } catch (Exception e) {
                        if (!Files.isDirectory(dir)) {
                            continue; // deleted while it was read
                        }
                        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        unavailable.put(number, reason);
                        log.error("Model {} version {} is not listed: {}", name, number, reason);
                    }
                }
            }
        }
        return new StoredModel(versions, unavailable, readAliases(name, modelDir, versions, unavailable), last);
    }

    private Map<String, Integer> readAliases(String name, Path modelDir, Map<Integer, ModelVersion> versions,
            Map<Integer, String> unavailable) {
        Map<String, Integer> aliases = new TreeMap<>();
        Path aliasFile = modelDir.resolve(ALIASES);
        if (Files.exists(aliasFile)) {
            try {
                json.readValue(aliasFile.toFile(), new TypeReference<Map<String, Integer>>() { })
                        .forEach((alias, v) -> {
                            if (v != null && NAME.matcher(alias).matches()
                                    && (versions.containsKey(v) || unavailable.containsKey(v))) {
                                aliases.put(alias, v);
                            }
                        });
            } catch (RuntimeException e) {
                log.error("Model {}: its aliases file {} is unreadable ({}); it has no aliases until they are set again",
                        name, aliasFile, e.getMessage());
            }
        }
        return aliases;
    }

    private int readLastVersion(Path modelDir) {
        Path file = modelDir.resolve(LAST_VERSION);
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            Integer last = json.readValue(file.toFile(), new TypeReference<Map<String, Integer>>() { }).get("lastVersion");
            return last == null ? 0 : last;
        } catch (RuntimeException e) {
            log.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return 0;
        }
    }

    /** Reads and checks one version; throws with the reason when it cannot be trusted. */
    private ModelVersion loadVersion(String name, int number, Path dir) throws IOException {
        byte[] manifest;
        try {
            manifest = Files.readAllBytes(dir.resolve(MANIFEST));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("its manifest.json is missing");
        }
        String recorded;
        try {
            recorded = Files.readString(dir.resolve(MANIFEST_CHECKSUM), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("its manifest.sha256 is missing");
        }
        if (!recorded.equals(AtomicFiles.sha256(manifest))) {
            throw new IllegalStateException("its manifest.json does not match the checksum in manifest.sha256");
        }
        ModelVersion version;
        try {
            version = json.readValue(manifest, ModelVersion.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException("its manifest.json cannot be read: " + e.getMessage());
        }
        if (version.version() != number || !name.equals(version.model())) {
            throw new IllegalStateException("its manifest describes version " + version.version() + " of model '"
                    + printable(version.model()) + "'");
        }
        if (version.files() == null) {
            throw new IllegalStateException("its manifest lists no files");
        }
        for (Map.Entry<String, String> file : version.files().entrySet()) {
            if (!FILE.matcher(file.getKey()).matches()) {
                throw new IllegalStateException("its manifest names an invalid file '" + printable(file.getKey()) + "'");
            }
            try {
                checkedBytes(name, number, file.getKey(), file.getValue());
            } catch (NoSuchFileException e) {
                throw new IllegalStateException("its file " + file.getKey() + " is missing");
            } catch (IntegrityProblem e) {
                throw new IllegalStateException(e.getMessage());
            }
        }
        return version;
    }

    private static void deleteQuietly(Path path) {
        try {
            AtomicFiles.deleteRecursively(path);
        } catch (RuntimeException e) {
            log.warn("Could not remove {}: {}", path, e.getMessage());
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}
