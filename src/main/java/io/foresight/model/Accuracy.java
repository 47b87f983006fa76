package io.foresight.model;

/**
 * Point-forecast accuracy over a set of windows, in the target's original units.
 *
 * @param mae   mean absolute error
 * @param rmse  root mean squared error
 * @param mase  MAE divided by the in-sample seasonal-naive MAE of the training part (Hyndman &amp; Koehler)
 * @param smape symmetric MAPE in percent (0..200)
 */
public record Accuracy(double mae, double rmse, double mase, double smape) {

    public static Accuracy of(double[][] actual, double[][] predicted, double maseScale) {
        ErrorSums errors = new ErrorSums();
        for (int i = 0; i < actual.length; i++) {
            for (int k = 0; k < actual[i].length; k++) {
                errors.add(actual[i][k], predicted[i][k]);
            }
        }
        double mae = errors.mae();
        return new Accuracy(mae, Double.isFinite(errors.squared()) ? errors.rmse()
                : scaledRootMeanSquare(actual, predicted, errors.count()), mae / maseScale, errors.smape());
    }

    /**
     * The root mean square of the errors when their squares overflow (errors beyond about 1e154): computed on the
     * errors divided by the largest one, as {@link Math#hypot} does, so the result is finite whenever the errors are.
     */
    private static double scaledRootMeanSquare(double[][] actual, double[][] predicted, int n) {
        double largest = 0;
        for (int i = 0; i < actual.length; i++) {
            for (int k = 0; k < actual[i].length; k++) {
                largest = Math.max(largest, Math.abs(actual[i][k] - predicted[i][k]));
            }
        }
        if (!Double.isFinite(largest)) {
            return largest;
        }
        double sq = 0;
        for (int i = 0; i < actual.length; i++) {
            for (int k = 0; k < actual[i].length; k++) {
                double e = (actual[i][k] - predicted[i][k]) / largest;
                sq += e * e;
            }
        }
        return largest * Math.sqrt(sq / n);
    }

    /**
     * The share of scored points (actual not missing, i.e. not NaN) with {@code lower <= actual <= upper}: an
     * interval's empirical coverage; NaN when no point is scored.
     */
    public static double coverage(double[] actual, double[] lower, double[] upper) {
        int inside = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) {
                continue;
            }
            n++;
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                inside++;
            }
        }
        return n == 0 ? Double.NaN : (double) inside / n;
    }

    /**
     * Mean absolute seasonal difference over {@code values[0 .. length-1]}: MASE's denominator. Falls back
     * to the first difference when the part is shorter than two seasons, and to 1 for a constant series.
     */
    public static double maseScale(double[] values, int length, int period) {
        int m = length > 2 * period ? period : 1;
        double sum = 0;
        for (int t = m; t < length; t++) {
            sum += Math.abs(values[t] - values[t - m]);
        }
        double scale = sum / Math.max(1, length - m);
        return scale > 0 ? scale : 1.0;
    }
}
