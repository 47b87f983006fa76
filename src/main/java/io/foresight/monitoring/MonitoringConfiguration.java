package io.foresight.monitoring;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import io.foresight.ForesightProperties;
import io.foresight.forecast.ForecastsAnswered;
import io.foresight.observation.ObservationStore;
import io.foresight.observation.ObservationsAdded;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.RegistryChanged;

/**
 * Wires the monitoring package (plain Java otherwise) into the service: the ledger under
 * {@code <data-dir>/ledger}, its thread, and the two events it follows (a forecast answered from stored data, new
 * observations).
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    /**
     * {@code foresight.monitoring.*} (documented in config/application.yml).
     *
     * @param ledgerMaxEntries     recorded forecasts kept per model (one per version, series and origin); the oldest go first
     * @param queueCapacity        forecasts waiting to be recorded; beyond that they are dropped (counted)
     * @param driftWindow          the latest scored points a version's drift is judged on
     * @param driftMaseFactor      drifting when the window's live MASE exceeds this times the validation MASE
     * @param driftCoverageMargin  drifting when a level's coverage over the window falls more than this below the level
     */
    @ConfigurationProperties("foresight.monitoring")
    record MonitoringProperties(
            @DefaultValue("500000") int ledgerMaxEntries,
            @DefaultValue("10000") int queueCapacity,
            @DefaultValue("30") int driftWindow,
            @DefaultValue("1.5") double driftMaseFactor,
            @DefaultValue("0.1") double driftCoverageMargin) {
    }

    @Bean
    ForecastLedger forecastLedger(ForesightProperties properties, MonitoringProperties monitoring) {
        return new ForecastLedger(properties.dataDir().resolve("ledger"), monitoring.ledgerMaxEntries());
    }

    @Bean
    LiveAccuracy liveAccuracy(ForesightProperties properties, ForecastLedger ledger, ObservationStore observations, ModelRegistry registry,
            MonitoringProperties monitoring, ApplicationEventPublisher events) {
        return new LiveAccuracy(ledger, observations, registry, new DriftRule(monitoring.driftWindow(),
                monitoring.driftMaseFactor(), monitoring.driftCoverageMargin()),
                new DriftState(properties.dataDir().resolve("monitoring")), events::publishEvent);
    }

    @Bean(destroyMethod = "close")
    LedgerRecorder ledgerRecorder(ForecastLedger ledger, LiveAccuracy accuracy, MonitoringProperties monitoring) {
        return new LedgerRecorder(ledger, accuracy, monitoring.queueCapacity());
    }

    /** The listeners, apart from the beans they feed so that those stay plain Java. */
    @Bean
    Listeners monitoringListeners(LedgerRecorder recorder, ModelRegistry registry) {
        return new Listeners(recorder, registry);
    }

    static final class Listeners {

        private final LedgerRecorder recorder;
        private final ModelRegistry registry;

        Listeners(LedgerRecorder recorder, ModelRegistry registry) {
            this.recorder = recorder;
            this.registry = registry;
        }

        /** Scores every model once at start-up (on the monitoring thread), so the gauges do not wait for observations. */
        @EventListener(ApplicationReadyEvent.class)
        void ready() {
            registry.names().forEach(recorder::rescore);
        }

        @EventListener
        void forecastsAnswered(ForecastsAnswered event) {
            recorder.offer(event);
        }

        @EventListener
        void observationsAdded(ObservationsAdded event) {
            recorder.rescore(event.model());
        }

        /** A deleted model's ledger and drift state go with it; its scoring then publishes no version (no gauges). */
        @EventListener
        void registryChanged(RegistryChanged event) {
            if (event.deleted()) {
                recorder.forget(event.model());
            }
        }
    }
}
