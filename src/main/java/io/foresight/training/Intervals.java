package io.foresight.training;

import java.util.Arrays;

import io.foresight.registry.ModelVersion;
import io.foresight.window.Scaler;

/** Calibrates prediction intervals from held-back residuals, per horizon step (split-conformal style). */
final class Intervals {

    static final int GRID = 100;

    private Intervals() {
    }

    static ModelVersion.Intervals calibrate(Scaler scaler, double[][] actual, double[][] predicted) {
        int horizon = actual[0].length;
        int n = actual.length;
        double[][] quantiles = new double[horizon][GRID + 1];
        double[] rms = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            double[] abs = new double[n];
            double squares = 0;
            for (int i = 0; i < n; i++) {
                abs[i] = Math.abs(scaler.residual(actual[i][k], predicted[i][k]));
                squares += abs[i] * abs[i];
            }
            rms[k] = Math.sqrt(squares / n);
            Arrays.sort(abs);
            for (int q = 0; q <= GRID; q++) {
                quantiles[k][q] = quantile(abs, q / (double) GRID);
            }
        }
        return new ModelVersion.Intervals(n, quantiles, rms);
    }

    /** Linear interpolation between order statistics. */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
