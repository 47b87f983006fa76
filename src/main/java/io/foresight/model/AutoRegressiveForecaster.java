package io.foresight.model;

import java.util.Arrays;

/**
 * An autoregression, the AR part of ARIMA, on the series seasonally adjusted as {@link ThetaForecaster} adjusts
 * it. It forecasts what smoothing cannot: cycles and mean reversion (an AR(2) follows the lynx or sunspot cycle;
 * exponential smoothing draws a line). Differenced once when the KPSS test rejects level stationarity at 5 %
 * (as R's {@code ndiffs} decides); the order p (0 to {@link #MAX_ORDER}) and, for a differenced series, whether
 * it has a drift are chosen by AICc, as {@code auto.arima} chooses; the coefficients are conditional least
 * squares. Fitted afresh before each forecast origin, so nothing is stored.
 */
final class AutoRegressiveForecaster extends SeasonallyAdjustedForecaster {

    /** Highest order tried (auto.arima's max.p). */
    static final int MAX_ORDER = 5;
    /** KPSS level-stationarity test: 5 % critical value (Kwiatkowski et al. 1992). */
    static final double KPSS_CRITICAL = Kpss.CRITICAL_5;

    public AutoRegressiveForecaster(int period, int horizon, Boolean seasonal) {
        super(period, horizon, seasonal);
    }

    /** The autoregression's forecast of the seasonally adjusted {@code x}. */
    @Override
    double[] forecastAdjusted(double[] x) {
        int n = x.length;
        boolean difference = n >= 8 && kpss(x) > KPSS_CRITICAL;
        double[] z = difference ? differences(x) : x;
        double[] path = Model.choose(z, !difference).forecast(z, horizon);
        double last = x[n - 1];
        double[] values = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            values[k] = difference ? (k == 0 ? last : values[k - 1]) + path[k] : path[k];
            if (!Double.isFinite(values[k])) {
                // values beyond the double range (squares of huge numbers in the fit): the naive forecast
                Arrays.fill(values, last);
                break;
            }
        }
        return values;
    }

    static double[] differences(double[] x) {
        double[] d = new double[x.length - 1];
        for (int t = 1; t < x.length; t++) {
            d[t - 1] = x[t] - x[t - 1];
        }
        return d;
    }

    /** The KPSS statistic with urca's "short" lags ({@link Kpss}). */
    static double kpss(double[] x) {
        return Kpss.statistic(x, Kpss.shortLags(x.length));
    }

    /** z_t = c + sum phi_j z_{t-j} + e_t. */
    record Model(double constant, double[] phi) {

        /** The order and constant with the least AICc, all fitted on the same points (after the highest order). */
        static Model choose(double[] z, boolean withConstantOnly) {
            int maxOrder = Math.max(0, Math.min(MAX_ORDER, (z.length - 3) / 4));
            Model best = null;
            double bestAicc = Double.POSITIVE_INFINITY;
            for (int p = 0; p <= maxOrder; p++) {
                for (boolean constant : withConstantOnly ? new boolean[] {true} : new boolean[] {false, true}) {
                    Fit fit = fit(z, p, constant, maxOrder);
                    if (fit != null && stationary(fit.model().phi()) && fit.aicc() < bestAicc) {
                        bestAicc = fit.aicc();
                        best = fit.model();
                    }
                }
            }
            return best == null ? new Model(withConstantOnly ? mean(z, z.length) : 0, new double[0]) : best;
        }

        double[] forecast(double[] z, int horizon) {
            int p = phi.length;
            double[] history = new double[p + horizon];
            System.arraycopy(z, z.length - p, history, 0, p);
            double[] out = new double[horizon];
            for (int k = 0; k < horizon; k++) {
                double v = constant;
                for (int j = 0; j < p; j++) {
                    v += phi[j] * history[p + k - 1 - j];
                }
                history[p + k] = v;
                out[k] = v;
            }
            return out;
        }
    }

    record Fit(Model model, double aicc) {
    }

    /**
     * Whether the autoregression is stationary (every root of 1 - phi_1 z - ... - phi_p z^p outside the unit
     * circle), by the step-down (Levinson-Durbin) recursion: every partial autocorrelation inside (-1, 1). A fit
     * that is not would extrapolate a growing path; like auto.arima, only stationary ones are considered.
     */
    static boolean stationary(double[] phi) {
        return Arima.rootsOutside(phi, 1);
    }

    /** Conditional least squares on the points from {@code start}; null when there are too few of them. */
    static Fit fit(double[] z, int p, boolean constant, int start) {
        int rows = z.length - start;
        int k = p + (constant ? 1 : 0);
        if (rows < k + 3) {
            return null;
        }
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        double[] row = new double[k];
        for (int t = start; t < z.length; t++) {
            fillRow(z, t, p, constant, row);
            for (int a = 0; a < k; a++) {
                xty[a] += row[a] * z[t];
                for (int b = 0; b < k; b++) {
                    xtx[a][b] += row[a] * row[b];
                }
            }
        }
        double[] beta = k == 0 ? new double[0] : Linear.solve(xtx, xty);
        if (beta == null) {
            return null;
        }
        double sse = 0;
        for (int t = start; t < z.length; t++) {
            fillRow(z, t, p, constant, row);
            double predicted = 0;
            for (int a = 0; a < k; a++) {
                predicted += beta[a] * row[a];
            }
            sse += (z[t] - predicted) * (z[t] - predicted);
        }
        int parameters = k + 1; // and the variance
        double sigma2 = Math.max(sse / rows, 1e-300);
        double aicc = rows * Math.log(sigma2) + 2.0 * parameters
                + 2.0 * parameters * (parameters + 1) / (rows - parameters - 1);
        double[] phi = new double[p];
        System.arraycopy(beta, constant ? 1 : 0, phi, 0, p);
        return new Fit(new Model(constant ? beta[0] : 0, phi), aicc);
    }

    private static void fillRow(double[] z, int t, int p, boolean constant, double[] row) {
        int offset = 0;
        if (constant) {
            row[0] = 1;
            offset = 1;
        }
        for (int j = 0; j < p; j++) {
            row[offset + j] = z[t - 1 - j];
        }
    }
}
