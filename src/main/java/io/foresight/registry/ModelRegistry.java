package io.foresight.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.foresight.AtomicFiles;
import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versioned on-disk model store. Layout under {@code <data-dir>/models}:
 * {@code <name>/versions/<n>/manifest.json} plus the version's files, and {@code <name>/aliases.json}.
 * Versions are written whole to a temporary directory and renamed into place; at start-up leftovers are
 * removed and every version's files are checked against the checksums in its manifest, so a listed
 * version is always a loadable one.
 */
@Service
public class ModelRegistry {

    public static final String PRODUCTION = "production";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String MANIFEST = "manifest.json";
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path root;
    private final JsonMapper json;
    private final int maxNameLength;
    private final Map<String, Entry> models = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher events;

    private record Entry(TreeMap<Integer, ModelVersion> versions, Map<String, Integer> aliases) {
    }

    public ModelRegistry(ForesightProperties properties, JsonMapper json, ApplicationEventPublisher events) {
        this.events = events;
        this.root = properties.dataDir().resolve("models");
        this.json = json;
        this.maxNameLength = properties.limits().maxNameLength();
        load();
    }

    /** Rejects names that could not safely be a directory name. */
    public void checkName(String what, String name) {
        if (name == null || name.length() > maxNameLength || !NAME.matcher(name).matches()) {
            throw ForesightException.badInput("The " + what + " '" + printable(name) + "' is not allowed: use 1 to "
                    + maxNameLength + " letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    /**
     * Stores a new version: the draft's version number is replaced by the next free one, the files' checksums
     * are recorded, and the version becomes {@code production} when there is none yet or when it validates
     * at least as well as the current one.
     */
    public synchronized ModelVersion register(ModelVersion draft, Map<String, byte[]> files) {
        checkName("model name", draft.model());
        Entry entry = models.getOrDefault(draft.model(), new Entry(new TreeMap<>(), new LinkedHashMap<>()));
        int number = entry.versions().isEmpty() ? 1 : entry.versions().lastKey() + 1;
        Map<String, String> checksums = new TreeMap<>();
        files.forEach((file, bytes) -> checksums.put(file, AtomicFiles.sha256(bytes)));
        Integer current = entry.aliases().get(PRODUCTION);
        ModelVersion production = current == null ? null : entry.versions().get(current);
        boolean promote = production == null || draft.backtest().model().mase() <= production.backtest().model().mase();
        String note = production == null ? "promoted to production: first version"
                : promote ? String.format("promoted to production: validation MASE %.4f <= %.4f of version %d",
                        draft.backtest().model().mase(), production.backtest().model().mase(), current)
                        : String.format("kept as a candidate: validation MASE %.4f > %.4f of production version %d",
                                draft.backtest().model().mase(), production.backtest().model().mase(), current);
        ModelVersion version = draft.withVersion(number, note, checksums);
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put(MANIFEST, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(version));
        Path versions = root.resolve(draft.model()).resolve("versions");
        try {
            Files.createDirectories(versions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeDirectory(versions, Integer.toString(number), all);
        entry.versions().put(number, version);
        models.putIfAbsent(draft.model(), entry);
        if (promote) {
            Map<String, Integer> aliases = new TreeMap<>(entry.aliases());
            aliases.put(PRODUCTION, number);
            writeAliases(draft.model(), aliases);
            entry.aliases().put(PRODUCTION, number);
        }
        events.publishEvent(new RegistryChanged(draft.model()));
        return version;
    }

    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    public int versionCount() {
        return models.values().stream().mapToInt(e -> e.versions().size()).sum();
    }

    /** Every stored version, oldest model name first. */
    public List<ModelVersion> versions() {
        synchronized (this) {
            return names().stream().flatMap(n -> models.get(n).versions().values().stream()).toList();
        }
    }

    public List<ModelSummary> list() {
        return names().stream().map(this::summary).flatMap(Optional::stream).toList();
    }

    public Optional<ModelSummary> summary(String name) {
        Entry entry = models.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (this) {
            List<ModelSummary.VersionSummary> versions = new ArrayList<>();
            for (ModelVersion v : entry.versions().values()) {
                List<String> aliases = entry.aliases().entrySet().stream()
                        .filter(a -> a.getValue() == v.version()).map(Map.Entry::getKey).sorted().toList();
                ModelVersion.Backtest b = v.backtest();
                versions.add(new ModelSummary.VersionSummary(v.version(), v.createdAt().toString(), v.method().name(),
                        b.model().mase(), b.naive().mase(), b.seasonalNaive().mase(), b.beatsNaive(),
                        b.beatsSeasonalNaive(), aliases));
            }
            return Optional.of(new ModelSummary(name, versions, new TreeMap<>(entry.aliases())));
        }
    }

    public ModelVersion version(String name, int version) {
        ModelVersion v = entry(name).versions().get(version);
        if (v == null) {
            throw ForesightException.notFound("Model '" + name + "' has no version " + version + "; its versions are "
                    + entry(name).versions().keySet() + ".");
        }
        return v;
    }

    /**
     * The version a request means: an explicit version, else the alias (default {@code production}), else the
     * newest version.
     */
    public ModelVersion resolve(String name, Integer version, String alias) {
        Entry entry = entry(name);
        if (version != null) {
            return version(name, version);
        }
        String wanted = alias == null || alias.isBlank() ? PRODUCTION : alias;
        Integer aliased = entry.aliases().get(wanted);
        if (aliased != null) {
            return version(name, aliased);
        }
        if (alias != null && !alias.isBlank()) {
            throw ForesightException.notFound("Model '" + name + "' has no alias '" + printable(alias)
                    + "'; its aliases are " + entry.aliases().keySet() + ".");
        }
        synchronized (this) {
            return entry.versions().lastEntry().getValue();
        }
    }

    /** A version's file, checked against the checksum in its manifest before it is returned. */
    public byte[] read(ModelVersion version, String file) {
        String expected = version.files().get(file);
        if (expected == null) {
            throw new IllegalStateException("Version " + version.version() + " of " + version.model() + " has no file " + file);
        }
        Path path = versionDir(version.model(), version.version()).resolve(file);
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (!expected.equals(AtomicFiles.sha256(bytes))) {
                throw new IllegalStateException("Checksum mismatch for " + path + "; refusing to load it");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized ModelSummary setAlias(String name, String alias, int version) {
        checkName("alias", alias);
        Entry entry = entry(name);
        version(name, version);
        Map<String, Integer> aliases = new TreeMap<>(entry.aliases());
        aliases.put(alias, version);
        writeAliases(name, aliases);
        entry.aliases().put(alias, version);
        events.publishEvent(new RegistryChanged(name));
        return summary(name).orElseThrow();
    }

    public synchronized void deleteVersion(String name, int version) {
        Entry entry = entry(name);
        version(name, version);
        List<String> aliases = entry.aliases().entrySet().stream().filter(a -> a.getValue() == version)
                .map(Map.Entry::getKey).sorted().toList();
        if (!aliases.isEmpty()) {
            throw ForesightException.conflict("Version " + version + " of model '" + name + "' is aliased as " + aliases
                    + "; point the alias at another version first.");
        }
        Path dir = versionDir(name, version);
        Path trash = dir.resolveSibling(AtomicFiles.TEMP_PREFIX + "deleted-" + version);
        try {
            Files.move(dir, trash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entry.versions().remove(version);
        AtomicFiles.deleteRecursively(trash);
        if (entry.versions().isEmpty()) {
            models.remove(name);
            AtomicFiles.deleteRecursively(root.resolve(name));
        }
        events.publishEvent(new RegistryChanged(name));
    }

    private Entry entry(String name) {
        Entry entry = name == null ? null : models.get(name);
        if (entry == null) {
            throw ForesightException.notFound("There is no model '" + printable(name) + "'; GET /api/v1/models lists them.");
        }
        return entry;
    }

    private Path versionDir(String name, int version) {
        return root.resolve(name).resolve("versions").resolve(Integer.toString(version));
    }

    private void writeAliases(String name, Map<String, Integer> aliases) {
        AtomicFiles.writeFile(root.resolve(name).resolve("aliases.json"), json.writeValueAsBytes(aliases));
    }

    private void load() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> names = Files.list(root)) {
            for (Path modelDir : names.filter(Files::isDirectory).toList()) {
                String name = modelDir.getFileName().toString();
                if (!NAME.matcher(name).matches()) {
                    continue;
                }
                Entry entry = new Entry(new TreeMap<>(), new LinkedHashMap<>());
                Path versions = modelDir.resolve("versions");
                AtomicFiles.removeTemporaries(versions);
                if (Files.isDirectory(versions)) {
                    try (Stream<Path> dirs = Files.list(versions)) {
                        for (Path dir : dirs.sorted(Comparator.comparing(Path::toString)).toList()) {
                            loadVersion(dir).ifPresent(v -> entry.versions().put(v.version(), v));
                        }
                    }
                }
                Path aliasFile = modelDir.resolve("aliases.json");
                AtomicFiles.removeTemporaries(modelDir);
                if (Files.exists(aliasFile)) {
                    Map<String, Integer> aliases = json.readValue(aliasFile.toFile(), new TypeReference<Map<String, Integer>>() { });
                    aliases.forEach((alias, v) -> {
                        if (entry.versions().containsKey(v)) {
                            entry.aliases().put(alias, v);
                        }
                    });
                }
                if (!entry.versions().isEmpty()) {
                    models.put(name, entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Model registry at {}: {} models, {} versions", root, models.size(), versionCount());
    }

    private Optional<ModelVersion> loadVersion(Path dir) {
        try {
            ModelVersion version = json.readValue(dir.resolve(MANIFEST).toFile(), ModelVersion.class);
            if (!dir.getFileName().toString().equals(Integer.toString(version.version()))) {
                throw new IllegalStateException("manifest version " + version.version() + " does not match its directory");
            }
            for (Map.Entry<String, String> file : version.files().entrySet()) {
                if (!file.getValue().equals(AtomicFiles.sha256(Files.readAllBytes(dir.resolve(file.getKey()))))) {
                    throw new IllegalStateException("checksum mismatch for " + file.getKey());
                }
            }
            return Optional.of(version);
        } catch (Exception e) {
            log.warn("Ignoring model version at {}: {}", dir, e.getMessage());
            return Optional.empty();
        }
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}
