package io.foresight.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which versions {@code foresight.registry.keep-versions} lets go: the oldest beyond that many, never an aliased one. */
record Retention(int keepVersions) {

    Retention {
        if (keepVersions < 0) {
            throw new IllegalArgumentException("foresight.registry.keep-versions is " + keepVersions
                    + "; use 0 to keep every version or a positive number.");
        }
    }

    /** The versions to delete, oldest first, of {@code versions} (ascending) with {@code aliased} ones kept. */
    List<Integer> surplus(Collection<Integer> versions, Collection<Integer> aliased) {
        if (keepVersions <= 0) {
            return List.of();
        }
        List<Integer> numbers = new ArrayList<>(versions);
        Set<Integer> keep = new HashSet<>(numbers.subList(Math.max(0, numbers.size() - keepVersions), numbers.size()));
        keep.addAll(aliased);
        return numbers.stream().filter(number -> !keep.contains(number)).toList();
    }
}
