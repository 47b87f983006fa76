package io.foresight.model;

/**
 * Holt-Winters exponential smoothing with a damped trend and an evolving additive season (ETS(A,Ad,A)), fitted on
 * the series itself and, when it is positive, on its logarithm (a multiplicative season and trend); the form with
 * the smaller one-step squared error on the original scale forecasts. Unlike {@link ThetaForecaster} and
 * {@link DampedTrendForecaster}, whose seasonal indices are fixed by one decomposition of the whole history, the
 * season here is a state that follows a season whose shape changes. Smoothing parameters (alpha; beta as a share
 * of alpha; gamma as a share of 1 - alpha; the damping phi) are chosen by the least one-step squared error over a
 * grid, afresh before each forecast origin. Without a period, or with fewer than two seasons of history, it is
 * {@link DampedTrendForecaster}.
 */
final class HoltWintersForecaster extends StatisticalForecaster {

    private static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9};
    /** Trend smoothing beta = share * alpha. */
    private static final double[] BETA_SHARES = {0.01, 0.05, 0.2};
    /** Seasonal smoothing gamma = share * (1 - alpha) (ETS requires gamma <= 1 - alpha). */
    private static final double[] GAMMA_SHARES = {0.01, 0.05, 0.15, 0.35};
    private static final double[] PHIS = {0.85, 0.95, 0.98};
    /** Seasons of history the initial state is estimated from (at most). */
    private static final int INITIAL_SEASONS = 3;

    private final DampedTrendForecaster unseasonal;
    /**
     * Whether a batch of origins is forecast from one fit ({@link #settled}): the parameters chosen at the earliest
     * origin, their smoothing run on over the points each later origin has seen.
     */
    private final boolean continuing;

    public HoltWintersForecaster(int period, int horizon) {
        this(period, horizon, false);
    }

    private HoltWintersForecaster(int period, int horizon, boolean continuing) {
        super(period, horizon);
        this.unseasonal = new DampedTrendForecaster(period, horizon, null);
        this.continuing = continuing;
    }

    /**
     * As a settled ETS ({@link EtsForecaster#settled}): a batch of origins on one series (a {@link RegressionForecaster}'s
     * remainder between two fits of its coefficients) forecast from the parameters chosen at its earliest origin, their
     * smoothing run on over the points each later origin has seen since, instead of a search of the grid at each.
     */
    @Override
    public Forecaster settled(double[] history) {
        return new HoltWintersForecaster(period, horizon, true);
    }

    @Override
    public double[][] forecast(double[][] channels, int[] ends) {
        if (!continuing || ends.length < 2) {
            return super.forecast(channels, ends);
        }
        Integer[] order = java.util.stream.IntStream.range(0, ends.length).boxed()
                .sorted(java.util.Comparator.comparingInt(i -> ends[i])).toArray(Integer[]::new);
        double[][] out = new double[ends.length][];
        Fit fit = null;
        int start = 0;
        for (Integer i : order) {
            int end = ends[i];
            if (fit != null) {
                fit = fit.continued(channels[0], start, end);
            }
            if (fit == null) {
                double[] y = history(channels, end);
                start = end - y.length;
                fit = fit(y);
                out[i] = fit == null ? unseasonal.forecast(y) : forecast(fit);
            } else {
                out[i] = forecast(fit);
            }
        }
        return out;
    }

    @Override
    double[] forecast(double[] y) {
        Fit best = fit(y);
        return best == null ? unseasonal.forecast(y) : forecast(best);
    }

    /** The better of the fits on {@code y} and on its logarithm, or null: too short for a season, or none fitted. */
    private Fit fit(double[] y) {
        int n = y.length;
        if (period < 2 || n < 2 * period + 2) {
            return null;
        }
        boolean positive = true;
        for (double v : y) {
            positive &= v > 0;
        }
        Fit best = fit(y, false, Double.POSITIVE_INFINITY);
        if (positive) {
            Fit logarithmic = fit(y, true, best == null ? Double.POSITIVE_INFINITY : best.sse);
            if (logarithmic != null && (best == null || logarithmic.sse < best.sse)) {
                best = logarithmic;
            }
        }
        return best;
    }

    private double[] forecast(Fit fit) {
        double[] forecast = new double[horizon];
        double damping = 0;
        double power = 1;
        for (int k = 0; k < horizon; k++) {
            power *= fit.phi;
            damping += power;
            double value = fit.level + damping * fit.trend + fit.season[(fit.n + k) % period];
            forecast[k] = fit.log ? Math.exp(value) : value;
        }
        return forecast;
    }

    /**
     * The state after the first {@code n} points of a series under the best parameters, and their one-step squared
     * error on the original scale.
     */
    private record Fit(boolean log, double alpha, double beta, double gamma, double phi, double level, double trend,
            double[] season, int n, double sse) {

        /**
         * This fit's smoothing run on over {@code series[start + n, end)} ({@code start}: where the fitted points
         * begin), or null when a point there is not positive on a logarithmic fit.
         */
        Fit continued(double[] series, int start, int end) {
            double[] y = java.util.Arrays.copyOfRange(series, start + n, end);
            double[] x = new double[y.length];
            for (int t = 0; t < y.length; t++) {
                if (log && !(y[t] > 0)) {
                    return null;
                }
                x[t] = log ? Math.log(y[t]) : y[t];
            }
            double[] next = season.clone();
            // the season's slot of the point after the n seen (run indexes slots from its own first point)
            double[] rotated = new double[next.length];
            for (int j = 0; j < next.length; j++) {
                rotated[j] = next[(n + j) % next.length];
            }
            double[] state = run(y, x, log, alpha, beta, gamma, phi, level, trend, rotated, Double.POSITIVE_INFINITY);
            if (state == null) { // a squared error that is no longer finite
                return null;
            }
            for (int j = 0; j < next.length; j++) {
                next[(n + j) % next.length] = rotated[j];
            }
            return new Fit(log, alpha, beta, gamma, phi, state[0], state[1], next, end - start, sse + state[2]);
        }
    }

    /** The best fit on {@code y} (or its logarithm) whose error stays below {@code limit}; null when none does. */
    private Fit fit(double[] y, boolean log, double limit) {
        int n = y.length;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = log ? Math.log(y[t]) : y[t];
        }
        // initial state (as ets does): the season from a centred moving average over the first seasons, the level
        // and trend from a least-squares line through the same points seasonally adjusted
        int initial = Math.min(n / period, INITIAL_SEASONS) * period;
        double[] season0 = new double[period];
        int[] counts = new int[period];
        int half = period / 2;
        for (int t = half; t < initial - half; t++) {
            season0[t % period] += x[t] - centredMean(x, t, period);
            counts[t % period]++;
        }
        double centre = 0;
        for (int j = 0; j < period; j++) {
            season0[j] /= counts[j];
            centre += season0[j];
        }
        centre /= period;
        double[] adjusted = new double[initial];
        for (int j = 0; j < period; j++) {
            season0[j] -= centre;
        }
        for (int t = 0; t < initial; t++) {
            adjusted[t] = x[t] - season0[t % period];
        }
        double trend0 = slope(adjusted, initial);
        double level0 = mean(adjusted, initial) - trend0 * (initial - 1) / 2.0 - trend0; // one step before x[0]
        Fit best = null;
        double bestSse = limit;
        double[] season = new double[period];
        for (double alpha : ALPHAS) {
            for (double betaShare : BETA_SHARES) {
                for (double gammaShare : GAMMA_SHARES) {
                    for (double phi : PHIS) {
                        System.arraycopy(season0, 0, season, 0, period);
                        double[] state = run(y, x, log, alpha, betaShare * alpha, gammaShare * (1 - alpha), phi, level0,
                                trend0, season, bestSse);
                        if (state != null) {
                            bestSse = state[2];
                            best = new Fit(log, alpha, betaShare * alpha, gammaShare * (1 - alpha), phi, state[0],
                                    state[1], season.clone(), n, state[2]);
                        }
                    }
                }
            }
        }
        return best;
    }

    /**
     * Runs the smoothing over {@code x} (updating {@code season} in place): level, trend and the one-step squared
     * error on the original scale {@code y}; null once that error reaches {@code limit}.
     */
    private static double[] run(double[] y, double[] x, boolean log, double alpha, double beta, double gamma, double phi,
            double level, double trend, double[] season, double limit) {
        int period = season.length;
        double sse = 0;
        for (int t = 0; t < x.length; t++) {
            int j = t % period;
            double predicted = level + phi * trend + season[j];
            double e = x[t] - predicted;
            double error = log ? y[t] - Math.exp(predicted) : e;
            sse += error * error;
            if (!(sse < limit)) {
                return null;
            }
            double newLevel = level + phi * trend + alpha * e;
            trend = phi * trend + beta * e;
            season[j] += gamma * e;
            level = newLevel;
        }
        return new double[] {level, trend, sse};
    }
}
