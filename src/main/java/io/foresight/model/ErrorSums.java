package io.foresight.model;

/**
 * The sums over (actual, predicted) pairs behind the point-accuracy scores, the one place they are computed: the
 * absolute errors (MAE), the squared errors (RMSE) and the symmetric percentage errors (sMAPE, 0..200 per pair, 0
 * when both values are 0). Used by {@link Accuracy} and by the backtest's protocol scores.
 */
public final class ErrorSums {

    private double absolute;
    private double squared;
    private double symmetric;
    private int count;

    /** Adds the error of one forecast value. */
    public void add(double actual, double predicted) {
        double e = actual - predicted;
        absolute += Math.abs(e);
        squared += e * e;
        double denominator = Math.abs(actual) + Math.abs(predicted);
        symmetric += denominator == 0 ? 0 : 200 * Math.abs(e) / denominator;
        count++;
    }

    /** The number of pairs added. */
    public int count() {
        return count;
    }

    public double mae() {
        return absolute / count;
    }

    /** The sum of the squared errors (infinite when they overflow). */
    public double squared() {
        return squared;
    }

    public double rmse() {
        return Math.sqrt(squared / count);
    }

    public double smape() {
        return symmetric / count;
    }
}
