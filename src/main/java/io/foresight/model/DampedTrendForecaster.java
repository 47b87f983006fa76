package io.foresight.model;

/**
 * Exponential smoothing with a damped additive trend (Gardner &amp; McKenzie 1985; ETS(A,Ad,N)) on the series
 * seasonally adjusted as {@link ThetaForecaster} adjusts it (classical multiplicative decomposition when the
 * season is significant). The damped trend is the exponential-smoothing form that does best across the M
 * competitions; with a small trend smoothing it comes close to simple exponential smoothing, with phi near 1
 * to Holt's linear trend. Smoothing parameters alpha, beta (as a share of alpha) and the damping phi are chosen
 * by the least one-step squared error over a grid, afresh before each forecast origin, so nothing is stored.
 */
final class DampedTrendForecaster extends SeasonallyAdjustedForecaster {

    private static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 0.95};
    /** Trend smoothing beta = share * alpha (ETS requires beta <= alpha). */
    private static final double[] BETA_SHARES = {0.01, 0.05, 0.15, 0.4};
    private static final double[] PHIS = {0.8, 0.9, 0.95, 0.98};

    public DampedTrendForecaster(int period, int horizon, Boolean seasonal) {
        super(period, horizon, seasonal);
    }

    /** Damped-trend smoothing of the seasonally adjusted {@code x}. */
    @Override
    double[] forecastAdjusted(double[] x) {
        int n = x.length;
        // initial level and trend from a least-squares line through the first few points
        int m = Math.min(n, 10);
        double trend0 = slope(x, m);
        double meanX = mean(x, m);
        double meanT = (m - 1) / 2.0;
        double level0 = meanX - trend0 * meanT - trend0; // one step before x[0]
        double[] best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        for (double alpha : ALPHAS) {
            for (double share : BETA_SHARES) {
                double beta = share * alpha;
                for (double phi : PHIS) {
                    double[] state = run(x, alpha, beta, phi, level0, trend0, bestSse);
                    if (state != null && state[2] < bestSse) {
                        bestSse = state[2];
                        best = new double[] {state[0], state[1], phi};
                    }
                }
            }
        }
        double level = best == null ? x[n - 1] : best[0];
        double trend = best == null ? 0 : best[1];
        double phi = best == null ? 0 : best[2];
        double[] forecast = new double[horizon];
        double damping = 0;
        double power = 1;
        for (int k = 0; k < horizon; k++) {
            power *= phi;
            damping += power;
            forecast[k] = level + damping * trend;
        }
        return forecast;
    }

    /** Level, trend and sum of squared one-step errors after the series; null once the error passes {@code limit}. */
    private static double[] run(double[] x, double alpha, double beta, double phi, double level, double trend, double limit) {
        double sse = 0;
        for (double v : x) {
            double predicted = level + phi * trend;
            double e = v - predicted;
            sse += e * e;
            if (sse >= limit) {
                return null;
            }
            double newLevel = predicted + alpha * e;
            trend = phi * trend + beta * e;
            level = newLevel;
        }
        return new double[] {level, trend, sse};
    }
}
