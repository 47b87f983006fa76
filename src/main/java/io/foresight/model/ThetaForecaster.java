package io.foresight.model;

/**
 * The Theta method (Assimakopoulos &amp; Nikolopoulos 2000, in Hyndman &amp; Billah's form, as R's
 * {@code forecast::thetaf}): simple exponential smoothing plus half the slope of the linear trend, on the
 * series seasonally adjusted by classical multiplicative decomposition when a season is detected. Fitted
 * afresh on the history before each forecast origin (at most {@link #MAX_HISTORY} points), so it needs no
 * stored state. It is the simple statistical method every network is compared with.
 */
public final class ThetaForecaster extends SeasonallyAdjustedForecaster {

    /** Most points of history one fit uses. */
    public static final int MAX_HISTORY = StatisticalForecaster.MAX_HISTORY;

    public ThetaForecaster(int period, int horizon, Boolean seasonal) {
        super(period, horizon, seasonal);
    }

    /** The Theta method on the seasonally adjusted {@code x}. */
    @Override
    double[] forecastAdjusted(double[] x) {
        int n = x.length;
        // simple exponential smoothing, alpha by least squares on one-step errors over a grid
        double bestAlpha = 0.5;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int a = 1; a <= 99; a++) {
            double alpha = a / 100.0;
            double level = x[0];
            double sse = 0;
            for (int t = 1; t < n; t++) {
                double e = x[t] - level;
                sse += e * e;
                level += alpha * e;
            }
            if (sse < bestSse) {
                bestSse = sse;
                bestAlpha = alpha;
            }
        }
        double level = x[0];
        for (int t = 1; t < n; t++) {
            level += bestAlpha * (x[t] - level);
        }
        // half the slope of the least-squares line through the adjusted series
        double drift = slope(x, n) / 2;
        double correction = (1 - Math.pow(1 - bestAlpha, n)) / bestAlpha;
        double[] forecast = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            forecast[k] = level + drift * (k + correction);
        }
        return forecast;
    }

    /** Whether {@code y} has a significant season of {@code period} (the test {@link #seasonalIndices} applies). */
    public static boolean seasonal(double[] y, int period) {
        return seasonalIndices(y, period, null) != null;
    }

    /**
     * {@link StatisticalForecaster#seasonalIndices(double[])} for any period: the season's
     * presence tested ({@code seasonal} null) or decided (see {@link StatisticalForecaster#seasonal}).
     */
    static double[] seasonalIndices(double[] y, int period, Boolean seasonal) {
        int n = y.length;
        if (period < 2 || Boolean.FALSE.equals(seasonal) || n < (seasonal == null ? 3 * period : 2 * period + 1)) {
            return null;
        }
        for (double v : y) {
            if (!(v > 0)) {
                return null;
            }
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double[] acf = new double[period + 1];
        double den = 0;
        for (double v : y) {
            den += (v - mean) * (v - mean);
        }
        if (den == 0) {
            return null;
        }
        for (int lag = 1; lag <= period; lag++) {
            double num = 0;
            for (int t = lag; t < n; t++) {
                num += (y[t] - mean) * (y[t - lag] - mean);
            }
            acf[lag] = num / den;
        }
        double sum = 0;
        for (int lag = 1; lag < period; lag++) {
            sum += acf[lag] * acf[lag];
        }
        double limit = 1.645 * Math.sqrt((1 + 2 * sum) / n);
        if (seasonal == null && Math.abs(acf[period]) <= limit) {
            return null;
        }
        // centred moving average of length period (2 x period when period is even)
        double[] ratioSum = new double[period];
        int[] ratioCount = new int[period];
        int half = period / 2;
        for (int t = half; t < n - half; t++) {
            ratioSum[t % period] += y[t] / centredMean(y, t, period);
            ratioCount[t % period]++;
        }
        double[] indices = new double[period];
        double total = 0;
        for (int j = 0; j < period; j++) {
            indices[j] = ratioCount[j] == 0 ? 1 : ratioSum[j] / ratioCount[j];
            total += indices[j];
        }
        for (int j = 0; j < period; j++) {
            indices[j] *= period / total;
        }
        return indices;
    }
}
