package io.foresight.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.foresight.monitoring.AccuracyScored;
import io.foresight.monitoring.LedgerRecorder;
import io.foresight.monitoring.ModelDrifted;
import io.foresight.monitoring.VersionAccuracy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The live accuracy meters (Prometheus names in brackets): each version's live MASE over every scored point
 * ({@code forecast_live_mase}, tags {@code model}, {@code version}) and coverage per level
 * ({@code forecast_live_coverage}, plus {@code level}), whether a model's production version is drifting
 * ({@code forecast_model_drifting}, 1 or 0), drift onsets ({@code forecast_drift_onsets_total}, tag {@code model}) and
 * forecasts the ledger dropped because its queue was full ({@code forecast_ledger_dropped_total}). It listens to the
 * monitoring package's events; nothing depends on it.
 */
@Component
class MonitoringMetrics {

    private final MeterRegistry meters;
    private final MultiGauge liveMase;
    private final MultiGauge liveCoverage;
    private final MultiGauge drifting;
    /** model -> its latest rows: {mase rows, coverage rows, drifting row}. */
    private final Map<String, List<List<MultiGauge.Row<?>>>> rows = new ConcurrentHashMap<>();

    MonitoringMetrics(MeterRegistry meters, LedgerRecorder recorder) {
        this.meters = meters;
        this.liveMase = MultiGauge.builder("forecast.live.mase")
                .description("Live MASE of each model version's recorded forecasts against the observations").register(meters);
        this.liveCoverage = MultiGauge.builder("forecast.live.coverage")
                .description("Share of observations inside each version's recorded intervals, per level").register(meters);
        this.drifting = MultiGauge.builder("forecast.model.drifting")
                .description("1 when the model's production version is drifting, else 0").register(meters);
        FunctionCounter.builder("forecast.ledger.dropped", recorder, LedgerRecorder::dropped)
                .description("Forecasts not recorded in the ledger because its queue was full").register(meters);
    }

    @EventListener
    void accuracyScored(AccuracyScored event) {
        String model = event.accuracy().model();
        List<MultiGauge.Row<?>> mase = new ArrayList<>();
        List<MultiGauge.Row<?>> coverage = new ArrayList<>();
        for (VersionAccuracy v : event.accuracy().versions()) {
            Tags tags = Tags.of("model", model, "version", Integer.toString(v.version()));
            if (v.mase() != null) {
                mase.add(MultiGauge.Row.of(tags, v.mase()));
            }
            v.coverage().forEach((level, share) -> coverage.add(MultiGauge.Row.of(tags.and("level", level), share)));
        }
        if (event.accuracy().production() == null && event.accuracy().versions().isEmpty()) {
            rows.remove(model); // a deleted model (or one without a production version and forecasts): no gauges
        } else {
            List<MultiGauge.Row<?>> drift = List.of(MultiGauge.Row.of(Tags.of("model", model),
                    event.productionDrifting() ? 1 : 0));
            rows.put(model, List.of(mase, coverage, drift));
        }
        synchronized (this) {
            liveMase.register(all(0), true);
            liveCoverage.register(all(1), true);
            drifting.register(all(2), true);
        }
    }

    @EventListener
    void modelDrifted(ModelDrifted event) {
        Counter.builder("forecast.drift.onsets").description("Times a model version started drifting")
                .tag("model", event.model()).register(meters).increment();
    }

    private List<MultiGauge.Row<?>> all(int kind) {
        List<MultiGauge.Row<?>> all = new ArrayList<>();
        rows.values().forEach(r -> all.addAll(r.get(kind)));
        return all;
    }
}
