package io.foresight.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What one {@link ModelRegistry} knows of the models on disk: per model an immutable {@link ModelEntry} (replaced
 * whole, so a reader never sees half a change), the highest version number ever used, and the generation marker's
 * value when it last read the model. The registry changes it only under its lock; readers read it without one.
 */
final class RegistryIndex {

    private final VersionStore store;
    private final Map<String, ModelEntry> models = new ConcurrentHashMap<>();
    /** Highest version number ever used per model (listed, unavailable or deleted). */
    private final Map<String, Integer> lastNumbers = new ConcurrentHashMap<>();
    /** Per model, the generation marker's value when this registry last read it from disk. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    RegistryIndex(VersionStore store) {
        this.store = store;
    }

    /** Every model on disk, as at start-up. */
    void load() {
        VersionStore.Generations marker = store.readGenerations();
        store.load().forEach((name, stored) -> {
            lastNumbers.put(name, stored.lastNumber());
            ModelEntry entry = new ModelEntry(stored.versions(), stored.aliases(), stored.unavailable());
            if (!entry.isEmpty()) {
                models.put(name, entry);
            }
        });
        marker.models().forEach(seen::put);
    }

    /** The model's state, or null when this registry does not know it. */
    ModelEntry get(String name) {
        return name == null ? null : models.get(name);
    }

    ModelEntry getOrEmpty(String name) {
        return models.getOrDefault(name, ModelEntry.EMPTY);
    }

    void put(String name, ModelEntry entry) {
        models.put(name, entry);
    }

    void remove(String name) {
        models.remove(name);
    }

    /** The number a new version of the model gets: one above every number it ever used. */
    int nextNumber(String name) {
        ModelEntry entry = getOrEmpty(name);
        return Math.max(lastNumbers.getOrDefault(name, 0), entry.versions().isEmpty() ? 0 : entry.versions().lastKey()) + 1;
    }

    void used(String name, int number) {
        lastNumbers.merge(name, number, Math::max);
    }

    void saw(String name, long generation) {
        seen.put(name, generation);
    }

    /** The generation of the model this registry last read (0 when never). */
    long seen(String name) {
        return seen.getOrDefault(name, 0L);
    }

    /** The models (among those {@code storable}) whose generation in {@code marker} is not the one last read. */
    List<String> stale(VersionStore.Generations marker, Predicate<String> storable) {
        return marker.models().entrySet().stream()
                .filter(m -> storable.test(m.getKey()) && !m.getValue().equals(seen.get(m.getKey())))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Replaces the model's state with what is on disk now (under the registry's lock); true when it differs from
     * what this registry had. Versions it already knows are kept as they were loaded; new ones are read and checked.
     */
    boolean reload(String name, VersionStore.Generations marker) {
        ModelEntry before = models.get(name);
        ModelEntry known = before == null ? ModelEntry.EMPTY : before;
        VersionStore.StoredModel stored = store.reload(name, known.versions(), known.unavailable());
        seen.put(name, marker.of(name));
        ModelEntry after = stored == null ? ModelEntry.EMPTY
                : new ModelEntry(stored.versions(), stored.aliases(), stored.unavailable());
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

    List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    int versionCount() {
        return models.values().stream().mapToInt(e -> e.versions().size()).sum();
    }

    /** Every listed version, by model name then version. */
    List<ModelVersion> versions() {
        return names().stream().map(models::get).filter(Objects::nonNull).flatMap(e -> e.versions().values().stream())
                .toList();
    }
}
