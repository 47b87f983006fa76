package io.foresight.forecast;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.foresight.model.Forecaster;

/** A bounded least-recently-used cache of forecasters, keyed by {@code name@version}. */
final class LoadedModels {

    private final Map<String, Forecaster> cache;

    LoadedModels(int capacity) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Forecaster> eldest) {
                return size() > Math.max(1, capacity);
            }
        };
    }

    Forecaster get(String key, Supplier<Forecaster> loader) {
        synchronized (cache) {
            Forecaster forecaster = cache.get(key);
            if (forecaster != null) {
                return forecaster;
            }
        }
        Forecaster loadedForecaster = loader.get();
        synchronized (cache) {
            return cache.computeIfAbsent(key, k -> loadedForecaster);
        }
    }

    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
