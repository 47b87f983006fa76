package io.foresight.dataset;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The few values (parsed series, panels) used last, by dataset id: training and forecasting load the same ones again.
 * Safe for concurrent use; a value is loaded outside the lock, so two callers may both load one that is missing.
 */
final class RecentlyUsed<V> {

    private final Map<String, V> values;

    RecentlyUsed(int capacity) {
        this.values = new LinkedHashMap<>(2 * capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The kept value, else the one {@code load} gives (then kept). */
    V get(String id, Function<String, V> load) {
        V value;
        synchronized (values) {
            value = values.get(id);
        }
        if (value == null) {
            value = load.apply(id);
            put(id, value);
        }
        return value;
    }

    void put(String id, V value) {
        synchronized (values) {
            values.put(id, value);
        }
    }

    void remove(String id) {
        synchronized (values) {
            values.remove(id);
        }
    }
}
