package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.foresight.model.Forecaster;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;

/**
 * Calibrates a version's prediction intervals from the chosen candidate's held-back residuals, per horizon step
 * (split-conformal style), applying each interval rule once: the scale the residuals are measured in, the
 * residual quantiles, the floor of the lower bounds. The bounds themselves are {@link IntervalCalibration#bounds},
 * shared with serving.
 */
final class IntervalCalibrator {

    private IntervalCalibrator() {
    }

    /** A version's interval scale, its calibration and the floor of its lower bounds. */
    record Calibrated(Scaler scale, IntervalCalibration calibration, double floor) {

        /**
         * The chosen forecaster's consecutive one-horizon forecasts across the held-back part, next to what happened,
         * with intervals at {@link IntervalCalibration#DEFAULT_LEVELS}.
         *
         * @throws ArithmeticException when a forecast or bound is not finite
         */
        ModelVersion.HeldBack heldBack(TrainingData data, WindowPlan plan, Forecaster forecaster) {
            double[][] channels = data.channels();
            int from = plan.trainEnd();
            int length = plan.size() - from;
            int horizon = plan.horizon();
            double[] actual = Arrays.copyOfRange(channels[0], from, plan.size());
            double[] predicted = new double[length];
            double[] levels = IntervalCalibration.DEFAULT_LEVELS.stream().mapToDouble(Double::doubleValue).toArray();
            Map<String, double[]> lower = new LinkedHashMap<>();
            Map<String, double[]> upper = new LinkedHashMap<>();
            for (double level : levels) {
                lower.put(IntervalCalibration.levelKey(level), new double[length]);
                upper.put(IntervalCalibration.levelKey(level), new double[length]);
            }
            double[] lowerBounds = new double[levels.length];
            double[] upperBounds = new double[levels.length];
            boolean knowsFuture = data.known().channels() > 0;
            for (int origin = from; origin < plan.size(); origin += horizon) {
                // a model that reads the known future cannot forecast past the data's end: its last forecast ends there
                int end = knowsFuture ? Math.min(origin, plan.size() - horizon) : origin;
                double[] forecast = forecaster.forecast(channels, end);
                for (int k = origin - end; k < horizon && end + k < plan.size(); k++) {
                    int i = end + k - from;
                    predicted[i] = forecast[k];
                    calibration.bounds(scale, floor, k, forecast[k], levels, lowerBounds, upperBounds);
                    for (int j = 0; j < levels.length; j++) {
                        lower.get(IntervalCalibration.levelKey(levels[j]))[i] = lowerBounds[j];
                        upper.get(IntervalCalibration.levelKey(levels[j]))[i] = upperBounds[j];
                    }
                }
            }
            List<String> timestamps = new ArrayList<>(length);
            for (int t = from; t < plan.size(); t++) {
                timestamps.add(data.timestamp(t));
            }
            return new ModelVersion.HeldBack(timestamps, actual, predicted, lower, upper);
        }
    }

    /**
     * {@code trained}: the version's representation; {@code forecasts}: the chosen candidate's held-back forecasts.
     * Residuals are measured on the log scale for a positive series unless one of those forecasts is not positive
     * (its log error would be unbounded: a statistical method may forecast a positive series at or below zero).
     */
    // windows: the held-back windows for a network, the rolling origins for a statistical winner (Trainer); a
    // single-series version counts their overlapping errors with an overlapping estimator's efficiency
    // (IntervalCalibration.effective)
    static Calibrated calibrate(Representation trained, HeldBackWindows windows, double[][] forecasts) {
        return calibrate(trained, windows, forecasts, true);
    }

    /**
     * {@link #calibrate(Representation, HeldBackWindows, double[][])}, counting overlapping windows' errors by blocks
     * unless {@code overlapping} (a many-series version rebuilds its series' calibrations by blocks: {@link
     * IntervalCalibration#of(double[][])}).
     */
    static Calibrated calibrate(Representation trained, HeldBackWindows windows, double[][] forecasts, boolean overlapping) {
        boolean log = trained.log() && Arrays.stream(forecasts).allMatch(row -> Scaler.positive(row, row.length));
        Scaler scale = Scaler.fit(log ? Representation.LOG_RELATIVE : Representation.RELATIVE, windows.channels(),
                windows.plan().trainEnd());
        return new Calibrated(scale, IntervalCalibration.of(absoluteResiduals(scale, windows.actual(), forecasts),
                overlapping), IntervalCalibration.floor(trained));
    }

    /** Per horizon step, the absolute residuals of every window in {@code scale}'s units, in window order. */
    static double[][] absoluteResiduals(Scaler scale, double[][] actual, double[][] predicted) {
        int horizon = actual[0].length;
        int n = actual.length;
        double[][] abs = new double[horizon][n];
        for (int k = 0; k < horizon; k++) {
            for (int i = 0; i < n; i++) {
                abs[k][i] = Math.abs(scale.residual(actual[i][k], predicted[i][k]));
            }
        }
        return abs;
    }
}
