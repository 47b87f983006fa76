package io.foresight.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.foresight.anomaly.AnomaliesFound;
import io.foresight.forecast.ForecastServed;
import io.foresight.observation.ObservationsAdded;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.RegistryChanged;
import io.foresight.training.TrainingJobFinished;
import io.foresight.training.TrainingService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The service's own meters (Prometheus names in brackets): forecast latency
 * ({@code forecast_requests_seconds}), finished training jobs ({@code forecast_training_jobs_total}) and their
 * duration ({@code forecast_training_seconds}), running jobs ({@code forecast_training_jobs_active}), the start-up
 * training warm-up's duration once it has finished ({@code forecast_training_warm_up_seconds}, NaN before or when off),
 * registered models ({@code forecast_models_registered}) and each version's backtest MASE
 * ({@code forecast_model_backtest_mase}); for many series: series per version ({@code forecast_model_series}), series
 * trained and failed ({@code forecast_series_trained_total}, tag {@code outcome}), failed per job
 * ({@code forecast_training_series_failed}) and series per second per job ({@code forecast_training_series_rate}); new observations stored
 * ({@code forecast_observations_total}, tag {@code model}) and those flagged as anomalies ({@code forecast_anomalies_total},
 * tag {@code model}). It only listens to the other packages' events; nothing depends on it.
 */
@Component
class ForesightMetrics {

    private final MeterRegistry meters;
    private final ModelRegistry registry;
    private final MultiGauge backtestMase;
    private final MultiGauge modelSeries;

    ForesightMetrics(MeterRegistry meters, ModelRegistry registry, TrainingService training) {
        this.meters = meters;
        this.registry = registry;
        Gauge.builder("forecast.training.jobs.active", training, TrainingService::activeJobs)
                .description("Training jobs running now").register(meters);
        Gauge.builder("forecast.training.warm.up", training, TrainingService::warmUpSeconds).baseUnit("seconds")
                .description("Seconds the start-up training warm-up took; NaN until it has finished, or when it is off")
                .register(meters);
        Gauge.builder("forecast.models.registered", registry, r -> r.names().size())
                .description("Models in the registry").register(meters);
        this.backtestMase = MultiGauge.builder("forecast.model.backtest.mase")
                .description("Held-back MASE of each model version").register(meters);
        this.modelSeries = MultiGauge.builder("forecast.model.series")
                .description("Series each model version covers (1 for a single-series model)").register(meters);
        // The job counter exists from the start so that rate() works before the first job ends.
        Counter.builder("forecast.training.jobs").tag("outcome", "succeeded").register(meters);
        Counter.builder("forecast.series.trained").tag("outcome", "trained").register(meters);
        Counter.builder("forecast.series.trained").tag("outcome", "failed").register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        refreshBacktests();
    }

    @EventListener
    void registryChanged(RegistryChanged event) {
        refreshBacktests();
        if (event.deleted()) {
            // a deleted model's counters and timers go too (its gauges follow their own sources)
            for (Meter meter : meters.getMeters()) {
                if (event.model().equals(meter.getId().getTag("model")) && meter.getId().getType() != Meter.Type.GAUGE) {
                    meters.remove(meter);
                }
            }
        }
    }

    @EventListener
    void forecastServed(ForecastServed event) {
        Timer.builder("forecast.requests").description("Forecast requests")
                .tags("model", event.model(), "outcome", event.outcome())
                .publishPercentileHistogram()
                .register(meters)
                .record(Duration.ofNanos(event.nanos()));
    }

    @EventListener
    void observationsAdded(ObservationsAdded event) {
        Counter.builder("forecast.observations").description("New observations stored after training")
                .tag("model", event.model()).register(meters).increment(event.points());
    }

    @EventListener
    void anomaliesFound(AnomaliesFound event) {
        Counter.builder("forecast.anomalies").description("Stored observations flagged as anomalies")
                .tag("model", event.model()).register(meters).increment(event.count());
    }

    @EventListener
    void trainingFinished(TrainingJobFinished event) {
        if (event.seriesTrained() + event.seriesFailed() > 0) {
            Counter.builder("forecast.series.trained").description("Series of many-series jobs, trained or not")
                    .tag("outcome", "trained").register(meters).increment(event.seriesTrained());
            Counter.builder("forecast.series.trained").description("Series of many-series jobs, trained or not")
                    .tag("outcome", "failed").register(meters).increment(event.seriesFailed());
            DistributionSummary.builder("forecast.training.series.failed").description("Series failed per many-series job")
                    .register(meters).record(event.seriesFailed());
            if (event.seconds() > 0) {
                DistributionSummary.builder("forecast.training.series.rate")
                        .description("Series trained per second by each many-series job").baseUnit("series per second")
                        .register(meters).record((event.seriesTrained() + event.seriesFailed()) / event.seconds());
            }
        }
        Counter.builder("forecast.training.jobs").description("Finished training jobs")
                .tag("outcome", event.outcome()).register(meters).increment();
        Timer.builder("forecast.training").description("Training job duration")
                .tag("outcome", event.outcome()).register(meters)
                .record(Duration.ofMillis(Math.round(event.seconds() * 1000)));
    }

    private void refreshBacktests() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<MultiGauge.Row<?>> series = new ArrayList<>();
        for (ModelVersion v : registry.versions()) {
            Tags tags = Tags.of("model", v.model(), "version", Integer.toString(v.version()));
            rows.add(MultiGauge.Row.of(tags, v.validation().model().mase()));
            series.add(MultiGauge.Row.of(tags, v.manySeries() ? v.series().count() : 1));
        }
        backtestMase.register(rows, true);
        modelSeries.register(series, true);
    }
}
