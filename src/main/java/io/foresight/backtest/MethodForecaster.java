package io.foresight.backtest;

import java.util.ArrayList;
import java.util.List;

import io.foresight.model.Baselines;
import io.foresight.model.Forecaster;
import io.foresight.model.Method;
import io.foresight.training.SettingsResolver;
import io.foresight.window.Interpolation;

/**
 * Forecasts each training part with one statistical method, in this process and without training a model
 * ({@code backtest --method=ETS}): the method as a version of it would forecast, with the season length the service
 * would choose for the part ({@link SettingsResolver#seasonalPeriod}) and missing values filled as the service fills
 * them. It puts each method's own accuracy next to R's at the same origins; no intervals (coverage is left empty).
 */
final class MethodForecaster implements PanelForecaster {

    private final Method method;

    MethodForecaster(Method method) {
        if (!Baselines.METHODS.contains(method)) {
            throw new IllegalArgumentException("--method must be a statistical method, one of " + Baselines.METHODS
                    + "; got " + method);
        }
        this.method = method;
    }

    @Override
    public List<Outcome> forecast(List<TrainingPart> parts) {
        List<Outcome> outcomes = new ArrayList<>(parts.size());
        for (TrainingPart part : parts) {
            long started = System.nanoTime();
            try {
                double[] train = part.train().clone();
                Interpolation.fill(train);
                int period = SettingsResolver.seasonalPeriod(part.data(), train, part.h());
                Forecaster forecaster = Baselines.of(method, period, part.h());
                if (train.length < forecaster.window()) {
                    outcomes.add(Outcome.failed(0, method + " needs " + forecaster.window() + " points; the part has " + train.length));
                    continue;
                }
                double[] point = forecaster.forecast(new double[][] {train}, new int[] {train.length})[0];
                outcomes.add(new Outcome(method.name(), point, null, null, (System.nanoTime() - started) / 1e9, null));
            } catch (RuntimeException e) {
                outcomes.add(Outcome.failed((System.nanoTime() - started) / 1e9, method + " failed: " + e.getMessage()));
            }
        }
        return outcomes;
    }
}
