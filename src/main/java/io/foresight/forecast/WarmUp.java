package io.foresight.forecast;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.foresight.registry.ModelRegistry;
import io.foresight.registry.RegistryChanged;

/**
 * Loads the production version of every many-series model in the background when the service is ready, and a
 * model's new one when the registry changes, so that the first request for 10,000 series does not also read and index
 * them (docs/BENCHMARK.md, "Many series"). A request that comes while a version loads waits for that load.
 */
@Component
class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final ForecastService forecasts;
    private final ModelRegistry registry;

    WarmUp(ForecastService forecasts, ModelRegistry registry) {
        this.forecasts = forecasts;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        load(registry.names());
    }

    @EventListener
    void registryChanged(RegistryChanged event) {
        load(List.of(event.model()));
    }

    private void load(List<String> models) {
        Thread thread = new Thread(() -> {
            for (String model : models) {
                try {
                    forecasts.preload(model);
                } catch (RuntimeException e) {
                    log.debug("Not loading model '{}' ahead: {}", model, e.getMessage());
                }
            }
        }, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
