package io.foresight.registry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One model's state; every map is an unmodifiable copy. */
record ModelEntry(NavigableMap<Integer, ModelVersion> versions, Map<String, Integer> aliases,
        NavigableMap<Integer, String> unavailable) {

    static final ModelEntry EMPTY = new ModelEntry(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    ModelEntry {
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
        aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
        unavailable = Collections.unmodifiableNavigableMap(new TreeMap<>(unavailable));
    }

    ModelEntry with(ModelVersion version) {
        TreeMap<Integer, ModelVersion> copy = new TreeMap<>(versions);
        copy.put(version.version(), version);
        return new ModelEntry(copy, aliases, unavailable);
    }

    ModelEntry without(int version) {
        TreeMap<Integer, ModelVersion> copy = new TreeMap<>(versions);
        copy.remove(version);
        return new ModelEntry(copy, aliases, unavailable);
    }

    ModelEntry withAliases(Map<String, Integer> newAliases) {
        return new ModelEntry(versions, newAliases, unavailable);
    }

    boolean isEmpty() {
        return versions.isEmpty() && unavailable.isEmpty();
    }

    List<String> aliasesOf(int version) {
        return aliases.entrySet().stream().filter(a -> a.getValue() == version).map(Map.Entry::getKey).sorted().toList();
    }
}
