package io.foresight.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.AtomicFiles;
import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versioned model registry: an index of every model's versions, aliases and unavailable versions over the files
 * of a {@link VersionStore} (which writes versions whole and checks every file against its checksum, at start-up and
 * on every read; a version that fails at start-up is not listed but shows under {@code unavailable}). Nothing is
 * ever deserialised with Java serialisation.
 *
 * <p>Policy: the {@link PromotionPolicy} decides whether a new version becomes {@code production}; after every new
 * version {@link Retention} names the oldest unaliased versions beyond {@code foresight.registry.keep-versions}, which
 * are deleted.
 *
 * <p>Concurrency: readers (forecasts) see immutable per-model snapshots that writers replace whole, so a forecast
 * never observes a half-applied alias change or deletion.
 *
 * <p>Several processes (service replicas, a Spark job's driver) may share one directory. Every change (a new version
 * with its number, promotion and retention; an alias; a deletion) runs under the {@link RegistryLock} (a lock file
 * across processes, a JVM lock across threads and instances) and starts by reading the model afresh from disk, so
 * the disk is the truth and a number is never handed out twice. After it the change is recorded in the generation
 * marker ({@link VersionStore.Generations}); {@link #refresh()} (called every
 * {@code foresight.registry.refresh-interval} by {@link RegistryRefresh} in the service) reloads the models another
 * process changed and tells the listeners as if the change had been made here. A read that misses (an unknown model,
 * version or alias) looks at the disk once before answering, so a version committed elsewhere a moment ago is found.
 */
public class ModelRegistry {

    public static final String PRODUCTION = "production";
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

    private final VersionStore store;
    private final int maxNameLength;
    private final AutoPromote autoPromote;
    private final PromotionPolicy promotion;
    private final Retention retention;
    /** Told after every change of a model's versions or aliases (the service publishes it as an application event). */
    private final Consumer<RegistryChanged> changes;
    /** Immutable snapshots, replaced whole under the registry's lock. */
    private final Map<String, Entry> models = new ConcurrentHashMap<>();
    /** Highest version number ever used per model (listed, unavailable or deleted). */
    private final Map<String, Integer> lastNumbers = new ConcurrentHashMap<>();
    /** Per model, the generation marker's value when this registry last read it from disk. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    /** Held by every change, in this process and in the others that share the directory. */
    private final RegistryLock lock;

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

    public ModelRegistry(ForesightProperties properties, JsonMapper json, Consumer<RegistryChanged> changes) {
        this.changes = changes;
        this.store = new VersionStore(properties.dataDir().resolve("models"), json);
        this.maxNameLength = properties.limits().maxNameLength();
        ForesightProperties.Registry settings = properties.registry() == null
                ? new ForesightProperties.Registry("better", 10) : properties.registry();
        this.autoPromote = AutoPromote.parse(settings.autoPromote());
        this.promotion = new PromotionPolicy(autoPromote);
        this.retention = new Retention(settings.keepVersions());
        this.lock = new RegistryLock(store.root().resolve(VersionStore.LOCK));
        lock.locked(this::load);
    }

    /** Rejects names that could not safely be a directory name. */
    public void checkName(String what, String name) {
        if (name == null || name.length() > maxNameLength || !VersionStore.NAME.matcher(name).matches()) {
            throw ForesightException.badInput("The " + what + " '" + printable(name) + "' is not allowed: use 1 to "
                    + maxNameLength + " letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    public AutoPromote autoPromote() {
        return autoPromote;
    }

    public int keepVersions() {
        return retention.keepVersions();
    }

    /**
     * Stores a new version, all or nothing: the draft's version number is replaced by the next never-used one,
     * the files' checksums are recorded, the promotion policy decides whether it becomes {@code production},
     * then retention deletes the oldest unaliased versions beyond {@code keep-versions}. When any write fails
     * (a full disk) nothing of the new version remains and an {@link UncheckedIOException} says why.
     */
    public ModelVersion register(ModelVersion draft, Map<String, byte[]> files) {
        String name = draft.model();
        checkName("model name", name);
        String nonFinite = draft.firstNonFinite();
        if (nonFinite != null) {
            throw new IllegalArgumentException("A version with a number that is not finite is never stored: " + nonFinite);
        }
        for (String file : files.keySet()) {
            if (!VersionStore.FILE.matcher(file).matches() || file.equals(VersionStore.MANIFEST)
                    || file.equals(VersionStore.MANIFEST_CHECKSUM)) {
                throw new IllegalArgumentException("Not a valid file name for a model version: " + printable(file));
            }
        }
        return change(name, () -> store(name, draft, files));
    }

    /** {@link #register}'s work under the lock, the model's state just read from disk. */
    private ModelVersion store(String name, ModelVersion draft, Map<String, byte[]> files) {
        Entry entry = models.getOrDefault(name, Entry.EMPTY);
        int number = Math.max(lastNumbers.getOrDefault(name, 0),
                entry.versions().isEmpty() ? 0 : entry.versions().lastKey()) + 1;
        Map<String, String> checksums = new TreeMap<>();
        files.forEach((file, bytes) -> checksums.put(file, AtomicFiles.sha256(bytes)));
        Integer current = entry.aliases().get(PRODUCTION);
        PromotionPolicy.Decision decision = promotion.decide(draft, current,
                current == null ? null : entry.versions().get(current));
        ModelVersion version = draft.withVersion(number, decision.note(), checksums);
        boolean newModel = !store.exists(name);
        try {
            store.reserve(name, number);
            lastNumbers.merge(name, number, Math::max);
            store.writeVersion(name, number, version, files);
        } catch (RuntimeException e) {
            if (newModel) {
                store.removeModelDirectory(name);
            }
            log.error("Could not store version {} of model {}: {}", number, name, e.getMessage());
            throw e;
        }
        Entry updated = entry.with(version);
        if (decision.promote()) {
            Map<String, Integer> aliases = new TreeMap<>(updated.aliases());
            aliases.put(PRODUCTION, number);
            try {
                store.writeAliases(name, aliases);
            } catch (RuntimeException e) {
                // the version was promised production; without the alias it must not survive either
                store.removeVersion(name, number);
                if (newModel) {
                    store.removeModelDirectory(name);
                }
                log.error("Could not promote version {} of model {}; removed it again: {}", number, name, e.getMessage());
                throw e;
            }
            updated = updated.withAliases(aliases);
        }
        models.put(name, updated);
        log.info("Registered version {} of model {}: {}", number, name, decision.note());
        for (int old : retention.surplus(updated.versions().keySet(), updated.aliases().values())) {
            try {
                remove(name, old);
                log.info("Retention (keep-versions {}): deleted version {} of model {}", retention.keepVersions(), old, name);
            } catch (RuntimeException e) {
                log.warn("Retention could not delete version {} of model {}: {}", old, name, e.getMessage());
            }
        }
        return version;
    }

    /**
     * Runs {@code action} (a change of model {@code name}) under the lock, the model's state first read afresh from
     * disk; when it returns, records the change in the generation marker. Listeners are told after the lock is
     * released: of the change, and of what another process had changed when the change fails.
     */
    private <T> T change(String name, Supplier<T> action) {
        boolean[] changed = {false};
        try {
            return lock.locked(() -> {
                VersionStore.Generations marker = store.readGenerations();
                changed[0] = storable(name) && reload(name, marker);
                T result = action.get();
                changed[0] = true;
                VersionStore.Generations next = marker.next(name);
                try {
                    store.writeGenerations(next);
                    seen.put(name, next.of(name));
                } catch (RuntimeException e) {
                    // the change itself is on disk: other processes find it on a miss or after the next change
                    log.warn("Could not record the change of model {} in the generation marker: {}", name, e.getMessage());
                }
                return result;
            });
        } finally {
            if (changed[0]) {
                changes.accept(new RegistryChanged(name));
            }
        }
    }

    /**
     * Reads the models another process changed since this registry last looked (the generation marker names them)
     * and tells the listeners of each, as if the change had been made here. Cheap when nothing changed: one small
     * file is read. The service calls it every {@code foresight.registry.refresh-interval} ({@link RegistryRefresh}).
     */
    public void refresh() {
        if (stale(store.readGenerations()).isEmpty()) {
            return;
        }
        List<String> changed = lock.locked(() -> {
            VersionStore.Generations marker = store.readGenerations();
            List<String> reloaded = new ArrayList<>();
            for (String name : stale(marker)) {
                if (reload(name, marker)) {
                    reloaded.add(name);
                }
            }
            return reloaded;
        });
        for (String name : changed) {
            log.info("Model {} was changed by another process; reloaded it", name);
            changes.accept(new RegistryChanged(name));
        }
    }

    /** The models whose generation in {@code marker} is not the one this registry last read. */
    private List<String> stale(VersionStore.Generations marker) {
        return marker.models().entrySet().stream()
                .filter(m -> storable(m.getKey()) && !m.getValue().equals(seen.get(m.getKey())))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Replaces the model's state with what is on disk now (under the lock); true when it differs from what this
     * registry had. Versions it already knows are kept as they were loaded; new ones are read and checked.
     */
    private boolean reload(String name, VersionStore.Generations marker) {
        Entry before = models.get(name);
        Entry known = before == null ? Entry.EMPTY : before;
        VersionStore.StoredModel stored = store.reload(name, known.versions(), known.unavailable());
        seen.put(name, marker.of(name));
        Entry after = stored == null ? Entry.EMPTY : new Entry(stored.versions(), stored.aliases(), stored.unavailable());
        if (stored == null) {
            lastNumbers.remove(name);
        } else {
            lastNumbers.put(name, stored.lastNumber());
        }
        if (after.isEmpty()) {
            models.remove(name);
            return before != null;
        }
        models.put(name, after);
        return !after.equals(before);
    }

    /**
     * After a read missed: the model as it is on disk when the generation marker says another process changed it, or
     * when {@code onDisk} says that what was missed is there; else as this registry had it. One small file read and
     * a stat when nothing changed, so asking for something that does not exist stays cheap.
     */
    private Entry recheck(String name, Supplier<Boolean> onDisk) {
        if (!storable(name)) {
            return models.get(name);
        }
        long generation = store.readGenerations().of(name);
        if (generation != seen.getOrDefault(name, 0L) || onDisk.get()) {
            boolean changed = lock.locked(() -> reload(name, store.readGenerations()));
            if (changed) {
                log.info("Model {} was changed by another process; reloaded it", name);
                changes.accept(new RegistryChanged(name));
            }
        }
        return models.get(name);
    }

    /** The model's state, looked for on disk once when this registry does not know it. */
    private Entry known(String name) {
        Entry entry = name == null ? null : models.get(name);
        return entry != null ? entry : recheck(name, () -> store.hasVersions(name));
    }

    /** The model's state, looked for on disk once when this registry knows neither it nor its version {@code version}. */
    private Entry knownWith(String name, int version) {
        Entry entry = name == null ? null : models.get(name);
        if (entry != null && (entry.versions().containsKey(version) || entry.unavailable().containsKey(version))) {
            return entry;
        }
        Entry rechecked = recheck(name, () -> store.versionExists(name, version) || store.hasVersions(name) && entry == null);
        return rechecked == null ? entry : rechecked;
    }

    private boolean storable(String name) {
        return name != null && name.length() <= maxNameLength && VersionStore.NAME.matcher(name).matches();
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
        Entry entry = known(name);
        return entry == null ? Optional.empty() : Optional.of(summaryOf(name, entry));
    }

    private static ModelSummary summaryOf(String name, Entry entry) {
        List<ModelSummary.VersionSummary> versions = new ArrayList<>();
        for (ModelVersion v : entry.versions().values()) {
            ModelVersion.Validation b = v.validation();
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
        return new ModelSummary(name, versions, entry.aliases(), entry.aliases().get(PRODUCTION),
                entry.versions().isEmpty() ? null : entry.versions().lastKey(), unavailable);
    }

    public ModelVersion version(String name, int version) {
        return version(found(name, knownWith(name, version)), name, version);
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
        if (version != null) {
            return version(name, version);
        }
        Entry entry = found(name, known(name));
        boolean explicit = alias != null && !alias.isBlank();
        String wanted = explicit ? alias : PRODUCTION;
        Integer aliased = entry.aliases().get(wanted);
        if (aliased == null) {
            // an alias set a moment ago by another process: the marker says so
            entry = found(name, recheck(name, () -> false));
            aliased = entry.aliases().get(wanted);
        }
        if (aliased != null && !entry.versions().containsKey(aliased)) {
            entry = found(name, knownWith(name, aliased));
        }
        if (aliased != null) {
            return version(entry, name, aliased);
        }
        if (explicit) {
            throw ForesightException.notFound("Model '" + name + "' has no alias '" + printable(alias)
                    + "'; its aliases are " + entry.aliases().keySet() + ".");
        }
        throw ForesightException.notFound("Model '" + name + "' has no production version yet (no version was promoted; "
                + "foresight.registry.auto-promote is " + autoPromote.name().toLowerCase(Locale.ROOT) + "). Point the"
                + " production alias at one or ask for a 'version' explicitly; its versions are " + entry.versions().keySet()
                + ".").remedy(ForesightException.Remedy.SET_PRODUCTION_ALIAS, name);
    }

    /**
     * A version's file, checked against the checksum in its manifest before it is returned: a file that was
     * changed, damaged or removed after the registry wrote it is never handed out.
     */
    public byte[] read(ModelVersion version, String file) {
        String expected = version.files() == null ? null : version.files().get(file);
        if (expected == null || file == null || !VersionStore.FILE.matcher(file).matches()) {
            throw new ModelIntegrityException("Version " + version.version() + " of model '" + version.model()
                    + "' has no file '" + printable(file) + "' in its manifest; it cannot be loaded. Train the model again.");
        }
        try {
            return store.checkedBytes(version.model(), version.version(), file, expected);
        } catch (NoSuchFileException e) {
            Entry entry = models.get(version.model());
            if (!store.versionExists(version.model(), version.version())) {
                // deleted, here or by another process: this registry catches up before answering
                entry = recheck(version.model(), () -> true);
            }
            if (entry == null || !entry.versions().containsKey(version.version())) {
                throw ForesightException.notFound("Version " + version.version() + " of model '" + version.model()
                        + "' was deleted.").remedy(ForesightException.Remedy.LIST_VERSIONS, version.model());
            }
            log.error("Version {} of model {}: file {} is missing", version.version(), version.model(), file);
            throw integrityFailure(version, "its file " + file + " is missing");
        } catch (VersionStore.IntegrityProblem e) {
            throw integrityFailure(version, "its file " + file
                    + " does not match the SHA-256 checksum recorded in its manifest, so it was changed or damaged after "
                    + "the registry wrote it");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + " of version " + version.version() + " of model "
                    + version.model() + ": " + VersionStore.describe(e), e);
        }
    }

    private static ForesightException integrityFailure(ModelVersion version, String problem) {
        return new ModelIntegrityException("Version " + version.version() + " of model '" + version.model()
                + "' cannot be served: " + problem + ". Nothing was loaded from it. Point the production alias at another"
                + " version or train again.").remedy(ForesightException.Remedy.SET_PRODUCTION_ALIAS, version.model());
    }

    public ModelSummary setAlias(String name, String alias, int version) {
        checkName("alias", alias);
        return change(name, () -> {
            Entry entry = entry(name);
            version(entry, name, version);
            Map<String, Integer> aliases = new TreeMap<>(entry.aliases());
            aliases.put(alias, version);
            store.writeAliases(name, aliases);
            models.put(name, entry.withAliases(aliases));
            log.info("Alias {} of model {} now points to version {}", alias, name, version);
            return summaryOf(name, models.get(name));
        });
    }

    public void deleteVersion(String name, int version) {
        change(name, () -> {
            Entry entry = entry(name);
            version(entry, name, version);
            List<String> aliases = entry.aliasesOf(version);
            if (!aliases.isEmpty()) {
                throw ForesightException.conflict("Version " + version + " of model '" + name + "' is aliased as "
                        + aliases + "; point the alias at another version first.");
            }
            remove(name, version);
            return null;
        });
    }

    /** Removes a version's files, then unlists it; a model left without versions is unlisted too. */
    private void remove(String name, int version) {
        store.removeVersion(name, version);
        Entry entry = models.get(name).without(version);
        if (entry.isEmpty()) {
            models.remove(name);
            store.removeModel(name);
        } else {
            models.put(name, entry);
        }
    }

    private Entry entry(String name) {
        return found(name, name == null ? null : models.get(name));
    }

    private static Entry found(String name, Entry entry) {
        if (entry == null) {
            throw ForesightException.notFound("There is no model '" + printable(name) + "'.")
                    .remedy(ForesightException.Remedy.LIST_MODELS, null);
        }
        return entry;
    }

    private void load() {
        VersionStore.Generations marker = store.readGenerations();
        store.load().forEach((name, stored) -> {
            lastNumbers.put(name, stored.lastNumber());
            Entry entry = new Entry(stored.versions(), stored.aliases(), stored.unavailable());
            if (!entry.isEmpty()) {
                models.put(name, entry);
            }
        });
        marker.models().forEach(seen::put);
        log.info("Model registry at {}: {} models, {} versions (auto-promote {}, keep-versions {})", store.root(),
                models.size(), versionCount(), autoPromote.name().toLowerCase(Locale.ROOT), retention.keepVersions());
    }

    static String printable(String s) {
        return VersionStore.printable(s);
    }
}
