package io.foresight.training;

import java.util.Arrays;

import io.foresight.model.Accuracy;
import io.foresight.model.Forecaster;
import io.foresight.model.TrainingSettings;
import io.foresight.window.WindowPlan;

/**
 * The held-back windows every candidate is scored on: one window per origin {@code ends[i]} in the held-back part,
 * what happened over its horizon ({@code actual[i]}), and the MASE scale (the training part's seasonal-naive
 * error). None of the candidates was fitted or early-stopped on them. The last {@code knownFuture} channels are
 * known-future inputs ({@link io.foresight.dataset.KnownFuture}).
 */
record HeldBackWindows(double[][] channels, WindowPlan plan, int period, int[] ends, double[][] actual, double maseScale,
        int knownFuture) {

    static HeldBackWindows of(double[][] channels, TrainingSettings settings) {
        return of(channels, settings, 0);
    }

    /** The held-back windows of {@code channels} whose last {@code knownFuture} are known-future channels. */
    static HeldBackWindows of(double[][] channels, TrainingSettings settings, int knownFuture) {
        int horizon = settings.horizon();
        int period = settings.seasonalPeriod();
        WindowPlan plan = WindowPlan.forSeries(channels[0].length, settings.window(), horizon, settings.validationShare(),
                period);
        int[] ends = new int[plan.validationWindows()];
        double[][] actual = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = plan.firstValidationEnd() + i;
            actual[i] = Arrays.copyOfRange(channels[0], ends[i], ends[i] + horizon);
        }
        return new HeldBackWindows(channels, plan, period, ends, actual,
                Accuracy.maseScale(channels[0], plan.trainEnd(), period), knownFuture);
    }

    int horizon() {
        return plan.horizon();
    }

    /** {@code forecaster}'s forecasts from every held-back origin. */
    double[][] forecast(Forecaster forecaster) {
        return forecaster.forecast(channels, ends);
    }

    Accuracy score(double[][] forecasts) {
        return Accuracy.of(actual, forecasts, maseScale);
    }
}
