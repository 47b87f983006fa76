package io.foresight.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link ModelRegistry#refresh()} every {@code foresight.registry.refresh-interval} on one daemon thread, so
 * versions and aliases that another process (a second replica, a Spark job's driver) commits to the same directory
 * reach this one's readers and listeners without a restart. A zero interval polls never (a miss still looks at the
 * disk). Whoever starts it closes it: the service on shutdown; a short-lived job needs none.
 */
public final class RegistryRefresh implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryRefresh.class);

    private final ScheduledExecutorService executor;

    public RegistryRefresh(ModelRegistry registry, Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("foresight.registry.refresh-interval is " + interval
                    + "; use a duration such as 2s, or 0 to look at the disk only when a read misses.");
        }
        if (interval.isZero()) {
            this.executor = null;
            return;
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "registry-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(() -> {
            try {
                registry.refresh();
            } catch (RuntimeException e) {
                // the next poll tries again; one unreadable moment must not end the polling
                log.warn("Could not refresh the model registry from disk: {}", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }
}
