package io.foresight;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.foresight.dataset.DatasetService;
import io.foresight.observation.ObservationService;
import io.foresight.observation.ObservationStore;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.RegistryChanged;
import io.foresight.registry.RegistryRefresh;
import tools.jackson.databind.json.JsonMapper;

/**
 * The core's stateful parts as beans of the service. The core ({@code dataset}, {@code window}, {@code model},
 * {@code registry}) imports nothing of Spring (ArchitectureTest), so that a job without Spring (a Spark task) can use it
 * as plain Java; the service wires it here, and a registry change becomes an application event, whether this
 * process made it or another one sharing the data directory did (found by {@link RegistryRefresh}'s polling).
 */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    @Bean
    DatasetService datasetService(ForesightProperties properties, JsonMapper json) {
        return new DatasetService(properties, json);
    }

    @Bean
    ModelRegistry modelRegistry(ForesightProperties properties, JsonMapper json, ApplicationEventPublisher events) {
        return new ModelRegistry(properties, json, events::publishEvent);
    }

    @Bean
    ObservationStore observationStore(ForesightProperties properties) {
        return new ObservationStore(properties.dataDir().resolve("observations"));
    }

    @Bean
    ObservationService observationService(ModelRegistry registry, ObservationStore store, ForesightProperties properties,
            ApplicationEventPublisher events) {
        return new ObservationService(registry, store, properties.limits(), events::publishEvent);
    }

    /** A deleted model's observations go with it, so that a new model of the name does not inherit them. */
    @Bean
    ApplicationListener<PayloadApplicationEvent<?>> observationCleanup(ObservationStore store) {
        return event -> {
            if (event.getPayload() instanceof RegistryChanged changed && changed.deleted()) {
                store.delete(changed.model());
            }
        };
    }

    @Bean(destroyMethod = "close")
    RegistryRefresh registryRefresh(ModelRegistry registry, ForesightProperties properties) {
        return new RegistryRefresh(registry, properties.registry().refreshInterval());
    }
}
