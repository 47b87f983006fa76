package io.foresight.forecast;

import java.util.function.IntFunction;

import io.foresight.model.Forecaster;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Scaler;

/**
 * Where a forecast's numbers come from: the forecaster, the interval calibration with its scale and floor,
 * (many series) the forecast of the trained horizon from the end of the training data that training computed
 * with the same forecaster, or null (or empty: none stored); the series' id (null for a single-series version) and
 * the end of its training data with the future features' stored plan ({@code plan}; null without future features);
 * {@code longer}: the same forecaster made for more steps than the trained horizon, forecast from one fit, or null
 * when it reads networks ({@link io.foresight.registry.VersionLoader#statistical}); {@code readsKnownFuture}: whether
 * the forecaster reads the known future ({@link ModelVersion#readsKnownFuture(io.foresight.model.Method,
 * java.util.stream.Stream)}), which a forecast then needs at every step it reads.
 */
record ForecastSource(Forecaster forecaster, IntervalCalibration intervals, Scaler intervalScale, double floor,
        double[] stored, String series, ModelVersion.Tail plan, IntFunction<Forecaster> longer, boolean readsKnownFuture) {
}
