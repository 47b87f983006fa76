package io.foresight.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * The versioned on-disk model store. Layout under {@code <data-dir>/models/<name>}:
 * {@code versions/<n>/} (the version's files, {@code manifest.json} and {@code manifest.sha256}),
 * {@code aliases.json} and {@code last-version.json} (the highest number ever used, so numbers are never
 * reused, even after deletions).
 *
 * <p>Trust: a version is written whole to a temporary directory, forced to disk and renamed into place, so
 * it either exists completely or not at all. Its manifest records the SHA-256 of every file and a sidecar
 * records the manifest's own; at start-up leftovers of interrupted writes are removed and every version is
 * checked, and a version that fails is not listed (it shows under {@code unavailable}); every file is
 * checked again each time it is read for serving. Nothing is ever deserialised with Java serialisation.
 *
 * <p>Policy: {@code foresight.registry.auto-promote} decides whether a new version becomes
 * {@code production} (the reason lands in the manifest's {@code promotion}); after every new version the
 * oldest versions beyond {@code foresight.registry.keep-versions} are deleted unless an alias points to them.
 *
 * <p>Concurrency: readers (forecasts) see immutable per-model snapshots that writers (synchronised on the
 * registry) replace whole, so a forecast never observes a half-applied alias change or deletion.
 */
@Service
public class ModelRegistry {

    public static final String PRODUCTION = "production";
    static final String MANIFEST = "manifest.json";
    static final String MANIFEST_CHECKSUM = "manifest.sha256";
    static final String ALIASES = "aliases.json";
    static final String LAST_VERSION = "last-version.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    /** When a new version becomes {@code production} by itself ({@code foresight.registry.auto-promote}). */
    public enum AutoPromote {
        BETTER, ALWAYS, NEVER;

        static AutoPromote parse(String value) {
            String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
            for (AutoPromote policy : values()) {
                if (policy.name().equals(v)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("foresight.registry.auto-promote is '" + value
                    + "'; use better, always or never.");
        }
    }

    private final Path root;
    private final JsonMapper json;
    private final int maxNameLength;
    private final AutoPromote autoPromote;
    private final int keepVersions;
    private final ApplicationEventPublisher events;
    /** Immutable snapshots, replaced whole under the registry's lock. */
    private final Map<String, Entry> models = new ConcurrentHashMap<>();
    /** Highest version number ever used per model (listed, unavailable or deleted). */
    private final Map<String, Integer> lastNumbers = new ConcurrentHashMap<>();

    /** One model's state; every map is an unmodifiable copy. */
    private record Entry(NavigableMap<Integer, ModelVersion> versions, Map<String, Integer> aliases,
            NavigableMap<Integer, String> unavailable) {

        static final Entry EMPTY = new Entry(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        Entry {
            versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
            aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
            unavailable = Collections.unmodifiableNavigableMap(new TreeMap<>(unavailable));
        }

        Entry with(ModelVersion version) {
            TreeMap<Integer, ModelVersion> copy = new TreeMap<>(versions);
            copy.put(version.version(), version);
            return new Entry(copy, aliases, unavailable);
        }

        Entry without(int version) {
            TreeMap<Integer, ModelVersion> copy = new TreeMap<>(versions);
            copy.remove(version);
            return new Entry(copy, aliases, unavailable);
        }

        Entry withAliases(Map<String, Integer> newAliases) {
            return new Entry(versions, newAliases, unavailable);
        }

        boolean isEmpty() {
            return versions.isEmpty() && unavailable.isEmpty();
        }

        List<String> aliasesOf(int version) {
            return aliases.entrySet().stream().filter(a -> a.getValue() == version).map(Map.Entry::getKey).sorted().toList();
        }
    }

    private record Decision(boolean promote, String note) {
    }

    public ModelRegistry(ForesightProperties properties, JsonMapper json, ApplicationEventPublisher events) {
        this.events = events;
        this.root = properties.dataDir().resolve("models");
        this.json = json;
        this.maxNameLength = properties.limits().maxNameLength();
        ForesightProperties.Registry settings = properties.registry() == null
                ? new ForesightProperties.Registry("better", 10) : properties.registry();
        this.autoPromote = AutoPromote.parse(settings.autoPromote());
        if (settings.keepVersions() < 0) {
            throw new IllegalArgumentException("foresight.registry.keep-versions is " + settings.keepVersions()
                    + "; use 0 to keep every version or a positive number.");
        }
        this.keepVersions = settings.keepVersions();
        load();
    }

    /** Rejects names that could not safely be a directory name. */
    public void checkName(String what, String name) {
        if (name == null || name.length() > maxNameLength || !NAME.matcher(name).matches()) {
            throw ForesightException.badInput("The " + what + " '" + printable(name) + "' is not allowed: use 1 to "
                    + maxNameLength + " letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    public AutoPromote autoPromote() {
        return autoPromote;
    }

    public int keepVersions() {
        return keepVersions;
    }

    /**
     * Stores a new version, all or nothing: the draft's version number is replaced by the next never-used one,
     * the files' checksums are recorded, the promotion policy decides whether it becomes {@code production},
     * then retention deletes the oldest unaliased versions beyond {@code keep-versions}. When any write fails
     * (a full disk) nothing of the new version remains and an {@link UncheckedIOException} says why.
     */
    public synchronized ModelVersion register(ModelVersion draft, Map<String, byte[]> files) {
        String name = draft.model();
        checkName("model name", name);
        for (String file : files.keySet()) {
            if (!FILE.matcher(file).matches() || file.equals(MANIFEST) || file.equals(MANIFEST_CHECKSUM)) {
                throw new IllegalArgumentException("Not a valid file name for a model version: " + printable(file));
            }
        }
        Entry entry = models.getOrDefault(name, Entry.EMPTY);
        int number = Math.max(lastNumbers.getOrDefault(name, 0),
                entry.versions().isEmpty() ? 0 : entry.versions().lastKey()) + 1;
        Map<String, String> checksums = new TreeMap<>();
        files.forEach((file, bytes) -> checksums.put(file, AtomicFiles.sha256(bytes)));
        Decision decision = decide(draft, entry);
        ModelVersion version = draft.withVersion(number, decision.note(), checksums);
        byte[] manifest = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(version);
        Map<String, byte[]> all = new TreeMap<>(files);
        all.put(MANIFEST, manifest);
        all.put(MANIFEST_CHECKSUM, (AtomicFiles.sha256(manifest) + "\n").getBytes(StandardCharsets.US_ASCII));

        Path modelDir = root.resolve(name);
        Path versions = modelDir.resolve("versions");
        boolean newModel = !Files.exists(modelDir);
        try {
            try {
                Files.createDirectories(versions);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create " + versions + ": " + describe(e), e);
            }
            // the number is reserved before the version exists: a crash in between only skips a number
            AtomicFiles.writeFile(modelDir.resolve(LAST_VERSION), json.writeValueAsBytes(Map.of("lastVersion", number)));
            lastNumbers.merge(name, number, Math::max);
            AtomicFiles.writeDirectory(versions, Integer.toString(number), all);
        } catch (RuntimeException e) {
            if (newModel) {
                deleteQuietly(modelDir);
            }
            log.error("Could not store version {} of model {}: {}", number, name, e.getMessage());
            throw e;
        }
        Entry updated = entry.with(version);
        if (decision.promote()) {
            Map<String, Integer> aliases = new TreeMap<>(updated.aliases());
            aliases.put(PRODUCTION, number);
            try {
                writeAliases(name, aliases);
            } catch (RuntimeException e) {
                // the version was promised production; without the alias it must not survive either
                removeDirectory(versions.resolve(Integer.toString(number)));
                if (newModel) {
                    deleteQuietly(modelDir);
                }
                log.error("Could not promote version {} of model {}; removed it again: {}", number, name, e.getMessage());
                throw e;
            }
            updated = updated.withAliases(aliases);
        }
        models.put(name, updated);
        log.info("Registered version {} of model {}: {}", number, name, decision.note());
        applyRetention(name);
        events.publishEvent(new RegistryChanged(name));
        return version;
    }

    private Decision decide(ModelVersion draft, Entry entry) {
        Integer current = entry.aliases().get(PRODUCTION);
        ModelVersion production = current == null ? null : entry.versions().get(current);
        double mase = draft.backtest().model().mase();
        if (autoPromote == AutoPromote.NEVER) {
            return new Decision(false, "not promoted: foresight.registry.auto-promote is never; point the production alias "
                    + "at it (PUT /api/v1/models/" + draft.model() + "/aliases/production) to serve it");
        }
        if (production == null) {
            return new Decision(true, current == null ? "promoted to production: the model had no production version"
                    : "promoted to production: production version " + current + " is unavailable");
        }
        double currentMase = production.backtest().model().mase();
        String comparison = String.format(Locale.ROOT, "validation MASE %.4f vs %.4f of production version %d", mase,
                currentMase, current);
        // A warm start scored its parent on its own held-back windows: when the parent is production, compare those.
        Optional<ModelVersion.Candidate> parent = draft.candidates() == null ? Optional.empty() : draft.candidates().stream()
                .filter(c -> c.name().equals(ModelVersion.PARENT_CANDIDATE_PREFIX + current)).findFirst();
        if (parent.isPresent()) {
            currentMase = parent.get().validationMase();
            comparison = String.format(Locale.ROOT, "validation MASE %.4f vs %.4f of its parent, production version %d, "
                    + "on the same held-back windows", mase, currentMase, current);
        } else if (!Objects.equals(draft.data() == null ? null : draft.data().sha256(),
                production.data() == null ? null : production.data().sha256())) {
            comparison += " (validated on different data)";
        }
        if (autoPromote == AutoPromote.ALWAYS) {
            return new Decision(true, "promoted to production: auto-promote is always; " + comparison);
        }
        boolean better = Double.isFinite(mase) && (!Double.isFinite(currentMase) || mase < currentMase);
        return better ? new Decision(true, "promoted to production: validates better, " + comparison)
                : new Decision(false, "kept as a candidate: does not validate better, " + comparison);
    }

    /** Deletes the oldest versions beyond {@code keep-versions}, never one an alias points to. */
    private void applyRetention(String name) {
        if (keepVersions <= 0) {
            return;
        }
        Entry entry = models.get(name);
        List<Integer> numbers = new ArrayList<>(entry.versions().keySet());
        Set<Integer> keep = new HashSet<>(numbers.subList(Math.max(0, numbers.size() - keepVersions), numbers.size()));
        keep.addAll(entry.aliases().values());
        for (int number : numbers) {
            if (!keep.contains(number)) {
                try {
                    remove(name, number);
                    log.info("Retention (keep-versions {}): deleted version {} of model {}", keepVersions, number, name);
                } catch (RuntimeException e) {
                    log.warn("Retention could not delete version {} of model {}: {}", number, name, e.getMessage());
                }
            }
        }
    }

    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    public int versionCount() {
        return models.values().stream().mapToInt(e -> e.versions().size()).sum();
    }

    /** Every listed version, by model name then version. */
    public List<ModelVersion> versions() {
        return names().stream().map(models::get).filter(Objects::nonNull)
                .flatMap(e -> e.versions().values().stream()).toList();
    }

    public List<ModelSummary> list() {
        return names().stream().map(this::summary).flatMap(Optional::stream).toList();
    }

    public Optional<ModelSummary> summary(String name) {
        Entry entry = name == null ? null : models.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        List<ModelSummary.VersionSummary> versions = new ArrayList<>();
        for (ModelVersion v : entry.versions().values()) {
            ModelVersion.Backtest b = v.backtest();
            ModelVersion.Data data = v.data();
            ModelVersion.Provenance p = v.provenance();
            versions.add(new ModelSummary.VersionSummary(v.version(), String.valueOf(v.createdAt()),
                    v.method() == null ? null : v.method().name(), b.model().mase(), b.naive().mase(),
                    b.seasonalNaive().mase(), b.beatsNaive(), b.beatsSeasonalNaive(), entry.aliasesOf(v.version()),
                    v.promotion(), data == null ? null : data.datasetId(), data == null ? null : data.sha256(),
                    data == null ? null : data.target(), v.settings() == null ? null : v.settings().horizon(),
                    p == null ? null : p.jobId(), p == null ? null : p.trainingSeconds(),
                    p == null ? null : p.parentVersion()));
        }
        List<ModelSummary.UnavailableVersion> unavailable = entry.unavailable().entrySet().stream()
                .map(u -> new ModelSummary.UnavailableVersion(u.getKey(), u.getValue())).toList();
        return Optional.of(new ModelSummary(name, versions, entry.aliases(), entry.aliases().get(PRODUCTION),
                entry.versions().isEmpty() ? null : entry.versions().lastKey(), unavailable));
    }

    public ModelVersion version(String name, int version) {
        return version(entry(name), name, version);
    }

    private static ModelVersion version(Entry entry, String name, int version) {
        ModelVersion v = entry.versions().get(version);
        if (v != null) {
            return v;
        }
        String reason = entry.unavailable().get(version);
        if (reason != null) {
            throw new ModelIntegrityException("Version " + version + " of model '" + name + "' is not served: it failed its "
                    + "integrity check when the service started (" + reason + "). Point the alias at another version "
                    + "(its versions are " + entry.versions().keySet() + ") or train again.");
        }
        throw ForesightException.notFound("Model '" + name + "' has no version " + version + "; its versions are "
                + entry.versions().keySet() + ".");
    }

    /**
     * The version a request means: an explicit version, else the alias (default {@code production}). A model
     * without a production version (auto-promote {@code never}) answers only requests that name a version or
     * an alias it has.
     */
    public ModelVersion resolve(String name, Integer version, String alias) {
        Entry entry = entry(name);
        if (version != null) {
            return version(entry, name, version);
        }
        boolean explicit = alias != null && !alias.isBlank();
        String wanted = explicit ? alias : PRODUCTION;
        Integer aliased = entry.aliases().get(wanted);
        if (aliased != null) {
            return version(entry, name, aliased);
        }
        if (explicit) {
            throw ForesightException.notFound("Model '" + name + "' has no alias '" + printable(alias)
                    + "'; its aliases are " + entry.aliases().keySet() + ".");
        }
        throw ForesightException.notFound("Model '" + name + "' has no production version yet (no version was promoted; "
                + "foresight.registry.auto-promote is " + autoPromote.name().toLowerCase(Locale.ROOT) + "). Point the alias "
                + "at one (PUT /api/v1/models/" + name + "/aliases/production with {\"version\": N}) or ask for a "
                + "'version' explicitly; its versions are " + entry.versions().keySet() + ".");
    }

    /**
     * A version's file, checked against the checksum in its manifest before it is returned: a file that was
     * changed, damaged or removed after the registry wrote it is never handed out.
     */
    public byte[] read(ModelVersion version, String file) {
        String expected = version.files() == null ? null : version.files().get(file);
        if (expected == null || file == null || !FILE.matcher(file).matches()) {
            throw new ModelIntegrityException("Version " + version.version() + " of model '" + version.model()
                    + "' has no file '" + printable(file) + "' in its manifest; it cannot be loaded. Train the model again.");
        }
        Path path = versionDir(version.model(), version.version()).resolve(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            Entry entry = models.get(version.model());
            if (entry == null || !entry.versions().containsKey(version.version())) {
                throw ForesightException.notFound("Version " + version.version() + " of model '" + version.model()
                        + "' was deleted; GET /api/v1/models/" + version.model() + " lists its versions.");
            }
            log.error("Version {} of model {}: file {} is missing", version.version(), version.model(), path);
            throw new ModelIntegrityException(integrityMessage(version, "its file " + file + " is missing"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + describe(e), e);
        }
        String actual = AtomicFiles.sha256(bytes);
        if (!expected.equals(actual)) {
            log.error("Version {} of model {}: {} has SHA-256 {} but its manifest records {}; refusing to load it",
                    version.version(), version.model(), path, actual, expected);
            throw new ModelIntegrityException(integrityMessage(version, "its file " + file
                    + " does not match the SHA-256 checksum recorded in its manifest, so it was changed or damaged after "
                    + "the registry wrote it"));
        }
        return bytes;
    }

    private static String integrityMessage(ModelVersion version, String problem) {
        return "Version " + version.version() + " of model '" + version.model() + "' cannot be served: " + problem
                + ". Nothing was loaded from it. Point the alias at another version (PUT /api/v1/models/"
                + version.model() + "/aliases/production) or train again.";
    }

    public synchronized ModelSummary setAlias(String name, String alias, int version) {
        checkName("alias", alias);
        Entry entry = entry(name);
        version(entry, name, version);
        Map<String, Integer> aliases = new TreeMap<>(entry.aliases());
        aliases.put(alias, version);
        writeAliases(name, aliases);
        models.put(name, entry.withAliases(aliases));
        log.info("Alias {} of model {} now points to version {}", alias, name, version);
        events.publishEvent(new RegistryChanged(name));
        return summary(name).orElseThrow();
    }

    public synchronized void deleteVersion(String name, int version) {
        Entry entry = entry(name);
        version(entry, name, version);
        List<String> aliases = entry.aliasesOf(version);
        if (!aliases.isEmpty()) {
            throw ForesightException.conflict("Version " + version + " of model '" + name + "' is aliased as " + aliases
                    + "; point the alias at another version first.");
        }
        remove(name, version);
        events.publishEvent(new RegistryChanged(name));
    }

    /** Unlists a version and removes its directory (renamed away first, so no half-deleted version is ever listed). */
    private void remove(String name, int version) {
        removeDirectory(versionDir(name, version));
        Entry entry = models.get(name).without(version);
        if (entry.isEmpty()) {
            models.remove(name);
            // keep last-version.json so that the numbers are not reused
            AtomicFiles.deleteRecursively(root.resolve(name).resolve("versions"));
            deleteQuietly(root.resolve(name).resolve(ALIASES));
        } else {
            models.put(name, entry);
        }
    }

    private static void removeDirectory(Path dir) {
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
        AtomicFiles.writeFile(root.resolve(name).resolve(ALIASES), json.writeValueAsBytes(aliases));
    }

    private void load() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> names = Files.list(root)) {
            for (Path modelDir : names.filter(Files::isDirectory).sorted().toList()) {
                String name = modelDir.getFileName().toString();
                if (!NAME.matcher(name).matches()) {
                    continue;
                }
                AtomicFiles.removeTemporaries(modelDir);
                int last = readLastVersion(modelDir);
                TreeMap<Integer, ModelVersion> versions = new TreeMap<>();
                TreeMap<Integer, String> unavailable = new TreeMap<>();
                Path versionsDir = modelDir.resolve("versions");
                AtomicFiles.removeTemporaries(versionsDir);
                if (Files.isDirectory(versionsDir)) {
                    try (Stream<Path> dirs = Files.list(versionsDir)) {
                        for (Path dir : dirs.sorted(Comparator.comparing(Path::toString)).toList()) {
                            String dirName = dir.getFileName().toString();
                            if (!NUMBER.matcher(dirName).matches()) {
                                log.warn("Ignoring {}: not a version directory", dir);
                                continue;
                            }
                            int number = Integer.parseInt(dirName);
                            last = Math.max(last, number);
                            try {
                                versions.put(number, loadVersion(name, number, dir));
                            } catch (Exception e) {
                                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                                unavailable.put(number, reason);
                                log.error("Model {} version {} is not listed: {}", name, number, reason);
                            }
                        }
                    }
                }
                lastNumbers.put(name, last);
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
                Entry entry = new Entry(versions, aliases, unavailable);
                if (!entry.isEmpty()) {
                    models.put(name, entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Model registry at {}: {} models, {} versions (auto-promote {}, keep-versions {})", root, models.size(),
                versionCount(), autoPromote.name().toLowerCase(Locale.ROOT), keepVersions);
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
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(dir.resolve(file.getKey()));
            } catch (NoSuchFileException e) {
                throw new IllegalStateException("its file " + file.getKey() + " is missing");
            }
            if (!file.getValue().equals(AtomicFiles.sha256(bytes))) {
                throw new IllegalStateException("checksum mismatch for " + file.getKey());
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

    private static String describe(IOException e) {
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
