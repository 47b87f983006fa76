package io.foresight.model;


/**
 * A statistical method fitted afresh on the history before each forecast origin (at most {@link #MAX_HISTORY}
 * points), so it needs no stored state: what {@link HoltWintersForecaster} and the
 * {@link SeasonallyAdjustedForecaster}s ({@link ThetaForecaster}, {@link DampedTrendForecaster},
 * {@link AutoRegressiveForecaster}) share.
 */
abstract class StatisticalForecaster implements Forecaster {

    /** Most points of history one fit uses. */
    static final int MAX_HISTORY = 2000;

    final int period;
    final int horizon;
    /**
     * Whether Theta, DAMPED and the autoregression adjust for the season: null when the seasonal test finds it in
     * the history at hand (at least three seasons); true whenever the history holds more than two seasons (the
     * decision was taken on a longer history); false never.
     */
    final Boolean seasonal;

    StatisticalForecaster(int period, int horizon) {
        this(period, horizon, null);
    }

    StatisticalForecaster(int period, int horizon, Boolean seasonal) {
        this.period = period;
        this.horizon = horizon;
        this.seasonal = seasonal;
    }

    /**
     * The least history a forecast needs: three seasons, what the seasonal test of {@link ThetaForecaster#seasonalIndices} and
     * Holt-Winters' season need (with less, a seasonal series would silently be forecast without its season).
     */
    @Override
    public int window() {
        return period > 1 ? 3 * period : 4;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public double[][] forecast(double[][] channels, int[] ends) {
        double[][] out = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            out[i] = forecast(history(channels, ends[i]));
        }
        return out;
    }

    /** The target's last {@link #MAX_HISTORY} points (or fewer) before {@code end}: what one fit uses. */
    static double[] history(double[][] channels, int end) {
        int start = Math.max(0, end - MAX_HISTORY);
        double[] y = new double[end - start];
        System.arraycopy(channels[0], start, y, 0, y.length);
        return y;
    }

    /** The next {@link #horizon} values after {@code y}. */
    abstract double[] forecast(double[] y);

    /**
     * Multiplicative seasonal indices by classical decomposition (centred moving average), or null when the
     * series has no clear season (the 90 % autocorrelation test of {@code thetaf}, unless {@link #seasonal}
     * decides it), is too short or not positive.
     */
    double[] seasonalIndices(double[] y) {
        return ThetaForecaster.seasonalIndices(y, period, seasonal);
    }

    /** {@code y} divided by its seasonal indices ({@code seasonal} may be null: no adjustment). */
    static double[] adjust(double[] y, double[] seasonal, int period) {
        double[] x = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            x[t] = seasonal == null ? y[t] : y[t] / seasonal[t % period];
        }
        return x;
    }

    /** Slope of the least-squares line through {@code x[0..n)} against time 0..n-1. */
    static double slope(double[] x, int n) {
        double meanT = (n - 1) / 2.0;
        double meanX = 0;
        for (int t = 0; t < n; t++) {
            meanX += x[t];
        }
        meanX /= n;
        double num = 0;
        double den = 0;
        for (int t = 0; t < n; t++) {
            num += (t - meanT) * (x[t] - meanX);
            den += (t - meanT) * (t - meanT);
        }
        return den == 0 ? 0 : num / den;
    }

    /**
     * The centred moving average of one season around {@code x[t]} (a 2 x period average when the period is even):
     * the trend at {@code t} in a classical decomposition. Needs {@code period / 2} points on either side.
     */
    static double centredMean(double[] x, int t, int period) {
        int half = period / 2;
        double sum = 0;
        if (period % 2 == 0) {
            sum = 0.5 * x[t - half] + 0.5 * x[t + half];
            for (int j = t - half + 1; j < t + half; j++) {
                sum += x[j];
            }
        } else {
            for (int j = t - half; j <= t + half; j++) {
                sum += x[j];
            }
        }
        return sum / period;
    }

    /** Mean of {@code x[0..n)}. */
    static double mean(double[] x, int n) {
        double sum = 0;
        for (int t = 0; t < n; t++) {
            sum += x[t];
        }
        return sum / n;
    }
}
