package io.foresight.forecast;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A bounded least-recently-used cache of loaded versions (forecasters, series), keyed by {@code name@version}. A
 * version is loaded once: requests that ask for it while it loads wait for that load instead of starting their own
 * (a many-series version is large, and a warm-up may be loading it when the first request comes).
 */
final class LoadedModels<T> {

    private final Map<String, CompletableFuture<T>> cache;

    LoadedModels(int capacity) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<T>> eldest) {
                return size() > Math.max(1, capacity);
            }
        };
    }

    T get(String key, Supplier<T> loader) {
        CompletableFuture<T> future;
        boolean load = false;
        synchronized (cache) {
            future = cache.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                cache.put(key, future);
                load = true;
            }
        }
        if (load) {
            try {
                future.complete(loader.get());
            } catch (RuntimeException | Error e) {
                synchronized (cache) {
                    cache.remove(key, future);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
