package io.foresight.forecast;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;


/** A bounded least-recently-used cache of loaded versions (forecasters, series), keyed by {@code name@version}. */
final class LoadedModels<T> {

    private final Map<String, T> cache;

    LoadedModels(int capacity) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > Math.max(1, capacity);
            }
        };
    }

    T get(String key, Supplier<T> loader) {
        synchronized (cache) {
            T value = cache.get(key);
            if (value != null) {
                return value;
            }
        }
        T loadedValue = loader.get();
        synchronized (cache) {
            return cache.computeIfAbsent(key, k -> loadedValue);
        }
    }

    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
