package io.foresight.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    private final VersionStore store;
    private final int maxNameLength;
    private final PromotionPolicy.AutoPromote autoPromote;
    private final PromotionPolicy promotion;
    private final Retention retention;
    /** Told after every change of a model's versions or aliases (the service publishes it as an application event). */
    private final Consumer<RegistryChanged> changes;
    /** What this registry knows of every model, replaced per model under the registry's lock. */
    private final RegistryIndex index;
    /** Held by every change, in this process and in the others that share the directory. */
    private final RegistryLock lock;

    public ModelRegistry(ForesightProperties properties, JsonMapper json, Consumer<RegistryChanged> changes) {
        this.changes = changes;
        this.store = new VersionStore(properties.dataDir().resolve("models"), json);
        this.maxNameLength = properties.limits().maxNameLength();
        ForesightProperties.Registry settings = properties.registry() == null
                ? new ForesightProperties.Registry("better", 10) : properties.registry();
        this.autoPromote = PromotionPolicy.AutoPromote.parse(settings.autoPromote());
        this.promotion = new PromotionPolicy(autoPromote);
        this.retention = new Retention(settings.keepVersions());
        this.index = new RegistryIndex(store);
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
        ModelEntry entry = index.getOrEmpty(name);
        int number = index.nextNumber(name);
        Map<String, String> checksums = new TreeMap<>();
        files.forEach((file, bytes) -> checksums.put(file, AtomicFiles.sha256(bytes)));
        Integer current = entry.aliases().get(PRODUCTION);
        PromotionPolicy.Decision decision = promotion.decide(draft, current,
                current == null ? null : entry.versions().get(current));
        ModelVersion version = draft.withVersion(number, decision.note(), checksums);
        boolean newModel = !store.exists(name);
        try {
            store.reserve(name, number);
            index.used(name, number);
            store.writeVersion(name, number, version, files);
        } catch (RuntimeException e) {
            if (newModel) {
                store.removeModelDirectory(name);
            }
            log.error("Could not store version {} of model {}: {}", number, name, e.getMessage());
            throw e;
        }
        ModelEntry updated = entry.with(version);
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
        index.put(name, updated);
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
        boolean[] deleted = {false};
        try {
            return lock.locked(() -> {
                VersionStore.Generations marker = store.readGenerations();
                changed[0] = storable(name) && index.reload(name, marker);
                boolean existed = index.get(name) != null;
                T result = action.get();
                changed[0] = true;
                deleted[0] = existed && index.get(name) == null;
                VersionStore.Generations next = marker.next(name);
                try {
                    store.writeGenerations(next);
                    index.saw(name, next.of(name));
                } catch (RuntimeException e) {
                    // the change itself is on disk: other processes find it on a miss or after the next change
                    log.warn("Could not record the change of model {} in the generation marker: {}", name, e.getMessage());
                }
                return result;
            });
        } finally {
            if (changed[0]) {
                changes.accept(new RegistryChanged(name, deleted[0]));
            }
        }
    }

    /**
     * Reads the models another process changed since this registry last looked (the generation marker names them)
     * and tells the listeners of each, as if the change had been made here. Cheap when nothing changed: one small
     * file is read. The service calls it every {@code foresight.registry.refresh-interval} ({@link RegistryRefresh}).
     */
    public void refresh() {
        if (index.stale(store.readGenerations(), this::storable).isEmpty()) {
            return;
        }
        List<String> changed = lock.locked(() -> {
            VersionStore.Generations marker = store.readGenerations();
            List<String> reloaded = new ArrayList<>();
            for (String name : index.stale(marker, this::storable)) {
                if (index.reload(name, marker)) {
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

    /**
     * After a read missed: the model as it is on disk when the generation marker says another process changed it, or
     * when {@code onDisk} says that what was missed is there; else as this registry had it. One small file read and
     * a stat when nothing changed, so asking for something that does not exist stays cheap.
     */
    private ModelEntry recheck(String name, Supplier<Boolean> onDisk) {
        if (!storable(name)) {
            return index.get(name);
        }
        long generation = store.readGenerations().of(name);
        if (generation != index.seen(name) || onDisk.get()) {
            boolean changed = lock.locked(() -> index.reload(name, store.readGenerations()));
            if (changed) {
                log.info("Model {} was changed by another process; reloaded it", name);
                changes.accept(new RegistryChanged(name));
            }
        }
        return index.get(name);
    }

    /** The model's state, looked for on disk once when this registry does not know it. */
    private ModelEntry known(String name) {
        ModelEntry entry = index.get(name);
        return entry != null ? entry : recheck(name, () -> store.hasVersions(name));
    }

    /** The model's state, looked for on disk once when this registry knows neither it nor its version {@code version}. */
    private ModelEntry knownWith(String name, int version) {
        ModelEntry entry = index.get(name);
        if (entry != null && (entry.versions().containsKey(version) || entry.unavailable().containsKey(version))) {
            return entry;
        }
        ModelEntry rechecked = recheck(name, () -> store.versionExists(name, version) || store.hasVersions(name) && entry == null);
        return rechecked == null ? entry : rechecked;
    }

    private boolean storable(String name) {
        return name != null && name.length() <= maxNameLength && VersionStore.NAME.matcher(name).matches();
    }

    public List<String> names() {
        return index.names();
    }

    public int versionCount() {
        return index.versionCount();
    }

    /** Every listed version, by model name then version. */
    public List<ModelVersion> versions() {
        return index.versions();
    }

    public List<ModelSummary> list() {
        return names().stream().map(this::summary).flatMap(Optional::stream).toList();
    }

    public Optional<ModelSummary> summary(String name) {
        ModelEntry entry = known(name);
        return entry == null ? Optional.empty() : Optional.of(ModelSummary.of(name, entry));
    }

    public ModelVersion version(String name, int version) {
        return version(found(name, knownWith(name, version)), name, version);
    }

    private static ModelVersion version(ModelEntry entry, String name, int version) {
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
        ModelEntry entry = found(name, known(name));
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
            ModelEntry entry = index.get(version.model());
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
            ModelEntry entry = entry(name);
            version(entry, name, version);
            Map<String, Integer> aliases = new TreeMap<>(entry.aliases());
            aliases.put(alias, version);
            store.writeAliases(name, aliases);
            index.put(name, entry.withAliases(aliases));
            log.info("Alias {} of model {} now points to version {}", alias, name, version);
            return ModelSummary.of(name, index.get(name));
        });
    }

    /**
     * Deletes a model: every version (also unavailable ones) and its aliases. Its version counter stays, so a new
     * model of the name goes on from the next number and no number is reused. Listeners are told with
     * {@link RegistryChanged#deleted()}, so that what hangs on the model (observations, ledger, retraining) goes too.
     */
    public void deleteModel(String name) {
        change(name, () -> {
            entry(name);
            store.removeModel(name);
            index.remove(name);
            log.info("Deleted model {}", name);
            return null;
        });
    }

    public void deleteVersion(String name, int version) {
        change(name, () -> {
            ModelEntry entry = entry(name);
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
        ModelEntry entry = index.get(name).without(version);
        if (entry.isEmpty()) {
            index.remove(name);
            store.removeModel(name);
        } else {
            index.put(name, entry);
        }
    }

    private ModelEntry entry(String name) {
        return found(name, index.get(name));
    }

    private static ModelEntry found(String name, ModelEntry entry) {
        if (entry == null) {
            throw ForesightException.notFound("There is no model '" + printable(name) + "'.")
                    .remedy(ForesightException.Remedy.LIST_MODELS, null);
        }
        return entry;
    }

    private void load() {
        index.load();
        log.info("Model registry at {}: {} models, {} versions (auto-promote {}, keep-versions {})", store.root(),
                index.names().size(), versionCount(), autoPromote.name().toLowerCase(Locale.ROOT), retention.keepVersions());
    }

    static String printable(String s) {
        return VersionStore.printable(s);
    }
}
