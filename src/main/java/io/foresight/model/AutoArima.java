package io.foresight.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order search of R's {@code auto.arima} (forecast 8.20) with its defaults: seasonal differencing D by the
 * seasonal strength of an STL decomposition ({@code nsdiffs(test = "seas")}: strength above 0.64), then d by repeated
 * KPSS tests at 5 % ({@code ndiffs}), then the Hyndman-Khandakar stepwise search over (p,q)(P,Q) (at most p = q = 5,
 * P = Q = 2; starting from (2,2)(1,1), (0,0)(0,0), (1,0)(1,0), (0,0)(0,1) and no constant; moves of one in each
 * order, of both p and q, of both P and Q, and toggling the constant), a constant (mean or drift) allowed when
 * {@code d + D <= 1}, chosen by AICc. For series longer than 150 points or seasons longer than 12 the search compares
 * conditional-sum-of-squares fits (auto.arima's approximation) and refits the best by maximum likelihood. Fits with an
 * AR or MA root within 1.01 of the unit circle or an undefined coefficient variance are discarded, as R discards them
 * (the variance is checked for the maximum-likelihood fits only, not for the approximate ones of the search).
 * Like R's stepwise search, the sum of the orders is not capped ({@code max.order} applies to the exhaustive search).
 */
public final class AutoArima {

    static final int MAX_P = 5;
    static final int MAX_Q = 5;
    static final int MAX_SEASONAL_P = 2;
    static final int MAX_SEASONAL_Q = 2;
    static final int MAX_D = 2;
    static final int MAX_MODELS = 94;
    /** nsdiffs' threshold on the seasonal strength. */
    static final double SEASONAL_STRENGTH = 0.64;

    private AutoArima() {
    }

    /** {@code auto.arima(y)} for a series of season {@code period} (1: none). */
    public static Arima fit(double[] y, int period) {
        return fit(y, period, period, null);
    }

    /**
     * {@code auto.arima(y, xreg = xreg)}; {@code period} is the seasonal ARIMA's (1 for {@code seasonal = FALSE}),
     * {@code frequency} the series' own (it decides the approximation, as R's {@code frequency(x) > 12} does even
     * when the model is not seasonal). Null when no model can be fitted.
     */
    public static Arima fit(double[] y, int period, double frequency, double[][] xreg) {
        int n = y.length;
        if (isConstant(y)) {
            return Arima.fixed(y, null, Arima.Order.nonSeasonal(0, 0, 0, true), new double[] {y[0]});
        }
        int m = Math.max(1, period);
        int maxP = Math.min(MAX_P, n / 3);
        int maxQ = Math.min(MAX_Q, n / 3);
        int maxSP = Math.min(MAX_SEASONAL_P, n / 3 / m);
        int maxSQ = Math.min(MAX_SEASONAL_Q, n / 3 / m);
        boolean aic = n <= 3;
        double[] xx = y;
        double[][] xregg = null;
        if (xreg != null && xreg.length > 0) {
            List<double[]> kept = new ArrayList<>();
            for (double[] column : xreg) {
                if (!isConstant(Arrays.copyOf(column, n))) {
                    kept.add(Arrays.copyOf(column, n));
                }
            }
            if (!kept.isEmpty()) {
                xregg = kept.toArray(new double[0][]);
                double[] residuals = Linear.residualsWithIntercept(xregg, y);
                if (residuals == null) {
                    throw new IllegalArgumentException("xreg is rank deficient");
                }
                xx = residuals;
            }
        }
        int seasonalD = 0;
        if (m == 1) {
            maxSP = 0;
            maxSQ = 0;
        } else if (xx.length > 2 * m) {
            seasonalD = nsdiffs(xx, m);
            if (seasonalD > 0 && xregg != null && anyConstant(diff(xregg, m))) {
                seasonalD--;
            }
            if (seasonalD > 0 && xx.length <= m) {
                seasonalD--;
            }
        }
        double[] dx = seasonalD > 0 ? diff(xx, m) : xx;
        double[][] diffxreg = xregg == null ? null : seasonalD > 0 ? diff(xregg, m) : xregg;
        int d = ndiffs(dx);
        if (d > 0 && xregg != null) {
            double[][] dd = diffxreg;
            for (int i = 0; i < d; i++) {
                dd = diff(dd, 1);
            }
            if (anyConstant(dd)) {
                d--;
            }
        }
        if (d > 0 && dx.length <= d) {
            d--;
        }
        for (int i = 0; i < d; i++) {
            dx = diff(dx, 1);
        }
        if (dx.length == 0) {
            return null;
        }
        if (isConstant(dx)) {
            return constantDifferences(y, xreg, d, seasonalD, m, dx);
        }
        if (m > 1) {
            if (maxSP > 0) {
                maxP = Math.min(maxP, m - 1);
            }
            if (maxSQ > 0) {
                maxQ = Math.min(maxQ, m - 1);
            }
        }
        boolean approximation = n > 150 || frequency > 12;
        double offset = 0;
        if (approximation) {
            // stats::arima's default include.mean: a mean only when the model is not differenced
            Arima base = Arima.fit(y, xreg, new Arima.Order(0, d, 0, 0, seasonalD, 0, m, d + seasonalD == 0),
                    Arima.Method.CSS_ML,
                    Double.NaN, false);
            if (base != null) {
                offset = -2 * base.loglik() - n * Math.log(base.sigma2());
            }
        }
        boolean allowDrift = d + seasonalD == 1;
        boolean allowMean = d + seasonalD == 0;
        boolean constant = allowDrift || allowMean;
        Search search = new Search(y, xreg, d, seasonalD, m, approximation, offset, aic);
        int startP = n < 10 ? Math.min(2, 1) : 2;
        int startQ = n < 10 ? Math.min(2, 1) : 2;
        int startSP = n < 10 ? 0 : 1;
        int startSQ = n < 10 ? 0 : 1;
        int p = Math.min(startP, maxP);
        int q = Math.min(startQ, maxQ);
        int sp = Math.min(startSP, maxSP);
        int sq = Math.min(startSQ, maxSQ);
        Tried best = search.fit(p, q, sp, sq, constant);
        Tried fit = search.fit(0, 0, 0, 0, constant);
        if (fit.ic < best.ic) {
            best = fit;
            p = q = sp = sq = 0;
        }
        if (maxP > 0 || maxSP > 0) {
            int p1 = maxP > 0 ? 1 : 0;
            int sp1 = m > 1 && maxSP > 0 ? 1 : 0;
            fit = search.fit(p1, 0, sp1, 0, constant);
            if (fit.ic < best.ic) {
                best = fit;
                p = p1;
                sp = sp1;
                q = sq = 0;
            }
        }
        if (maxQ > 0 || maxSQ > 0) {
            int q1 = maxQ > 0 ? 1 : 0;
            int sq1 = m > 1 && maxSQ > 0 ? 1 : 0;
            fit = search.fit(0, q1, 0, sq1, constant);
            if (fit.ic < best.ic) {
                best = fit;
                p = sp = 0;
                sq = sq1;
                q = q1;
            }
        }
        if (constant) {
            fit = search.fit(0, 0, 0, 0, false);
            if (fit.ic < best.ic) {
                best = fit;
                p = q = sp = sq = 0;
            }
        }
        // the stepwise moves, in R's order; after an improvement the loop restarts from the new model
        int startk = 0;
        while (startk < search.tried.size() && search.tried.size() < MAX_MODELS) {
            startk = search.tried.size();
            int[][] moves = {
                {0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1},
                {0, 0, 1, 1}, {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {-1, -1, 0, 0}, {-1, 1, 0, 0},
                {1, -1, 0, 0}, {1, 1, 0, 0}};
            boolean improved = false;
            for (int[] move : moves) {
                int np = p + move[0];
                int nq = q + move[1];
                int nsp = sp + move[2];
                int nsq = sq + move[3];
                if (np < 0 || nq < 0 || nsp < 0 || nsq < 0 || np > maxP || nq > maxQ || nsp > maxSP || nsq > maxSQ) {
                    continue;
                }
                if (search.has(np, nq, nsp, nsq, constant)) {
                    continue;
                }
                if (search.tried.size() >= MAX_MODELS) {
                    break;
                }
                fit = search.fit(np, nq, nsp, nsq, constant);
                if (fit.ic < best.ic) {
                    best = fit;
                    p = np;
                    q = nq;
                    sp = nsp;
                    sq = nsq;
                    improved = true;
                    break;
                }
            }
            if (!improved && (allowDrift || allowMean) && !search.has(p, q, sp, sq, !constant)
                    && search.tried.size() < MAX_MODELS) {
                fit = search.fit(p, q, sp, sq, !constant);
                if (fit.ic < best.ic) {
                    best = fit;
                    constant = !constant;
                }
            }
        }
        if (approximation && best.fit != null) {
            List<Tried> ranked = search.tried.stream().filter(t -> !Double.isNaN(t.ic))
                    .sorted(Comparator.comparingDouble(t -> t.ic)).toList();
            best = new Tried(best.order, Double.POSITIVE_INFINITY, null);
            for (Tried t : ranked) {
                Arima exact = Arima.fit(y, xreg, t.order, Arima.Method.CSS_ML, Double.NaN, true);
                double ic = search.ic(exact);
                if (ic < Double.POSITIVE_INFINITY) {
                    best = new Tried(t.order, ic, exact);
                    break;
                }
            }
        }
        return best.fit == null || best.ic == Double.POSITIVE_INFINITY ? null : best.fit;
    }

    /** auto.arima's models for a series whose differences are constant (nothing left to estimate but the drift). */
    private static Arima constantDifferences(double[] y, double[][] xreg, int d, int seasonalD, int m, double[] dx) {
        double mean = 0;
        for (double v : dx) {
            mean += v;
        }
        mean /= dx.length;
        if (xreg == null || xreg.length == 0) {
            if (seasonalD > 0 && d == 0) {
                return Arima.fixed(y, null, new Arima.Order(0, 0, 0, 0, seasonalD, 0, m, true), new double[] {mean / m});
            }
            if (seasonalD > 0) {
                return Arima.fixed(y, null, new Arima.Order(0, d, 0, 0, seasonalD, 0, m, false), new double[0]);
            }
            if (d == 2) {
                return Arima.fixed(y, null, Arima.Order.nonSeasonal(0, 2, 0, false), new double[0]);
            }
            return Arima.fixed(y, null, Arima.Order.nonSeasonal(0, d, 0, true), new double[] {mean});
        }
        return Arima.fit(y, xreg, new Arima.Order(0, d, 0, 0, seasonalD, 0, m, false));
    }

    /** One model tried: its order, its information criterion (infinite when unusable) and the fit. */
    private record Tried(Arima.Order order, double ic, Arima fit) {
    }

    /** The models tried so far and how to fit one. */
    private static final class Search {
        final double[] y;
        final double[][] xreg;
        final int d;
        final int seasonalD;
        final int m;
        final boolean approximation;
        final double offset;
        final boolean aic;
        final List<Tried> tried = new ArrayList<>();

        Search(double[] y, double[][] xreg, int d, int seasonalD, int m, boolean approximation, double offset, boolean aic) {
            this.y = y;
            this.xreg = xreg;
            this.d = d;
            this.seasonalD = seasonalD;
            this.m = m;
            this.approximation = approximation;
            this.offset = offset;
            this.aic = aic;
        }

        Arima.Order order(int p, int q, int sp, int sq, boolean constant) {
            return new Arima.Order(p, d, q, m > 1 ? sp : 0, m > 1 ? seasonalD : 0, m > 1 ? sq : 0, m, constant);
        }

        boolean has(int p, int q, int sp, int sq, boolean constant) {
            Arima.Order o = order(p, q, sp, sq, constant);
            return tried.stream().anyMatch(t -> t.order.equals(o));
        }

        Tried fit(int p, int q, int sp, int sq, boolean constant) {
            Arima.Order o = order(p, q, sp, sq, constant);
            // an approximate (CSS) fit whose coefficients' variance is undefined is discarded, as R's myarima
            // discards it (checkarima), which steers the stepwise search; with regressors (Fourier terms, known-future
            // drivers) the check is skipped, as its Hessian costs more than the fit there; the model finally chosen
            // is refitted and checked in full either way
            Arima fit = approximation ? Arima.fit(y, xreg, o, Arima.Method.CSS, offset, xreg == null)
                    : Arima.fit(y, xreg, o, Arima.Method.CSS_ML, offset, true);
            Tried t = new Tried(o, ic(fit), fit);
            tried.add(t);
            return t;
        }

        /** myarima's criterion: AICc (AIC for very short series), infinite for a fit R would discard. */
        double ic(Arima fit) {
            if (fit == null || !fit.varianceDefined()) {
                return Double.POSITIVE_INFINITY;
            }
            double ic = aic ? fit.aic() : fit.aicc();
            if (!Double.isFinite(ic)) {
                return Double.POSITIVE_INFINITY;
            }
            Arima.Expanded e = Arima.Expanded.of(fit.order(), fit.coefficients(), false);
            double[] negatedTheta = new double[e.theta().length];
            for (int j = 0; j < negatedTheta.length; j++) {
                negatedTheta[j] = -e.theta()[j];
            }
            if (!Arima.rootsOutside(e.phi(), 1.01) || !Arima.rootsOutside(negatedTheta, 1.01)) {
                return Double.POSITIVE_INFINITY;
            }
            return ic;
        }
    }

    /** forecast's {@code nsdiffs(x, test = "seas", max.D = 1)}. */
    static int nsdiffs(double[] x, int m) {
        if (isConstant(x) || m >= x.length || x.length <= 2 * m) {
            return 0;
        }
        return Stl.seasonalStrength(x, m) > SEASONAL_STRENGTH ? 1 : 0;
    }

    /** forecast's {@code ndiffs(x)}: KPSS tests at 5 % ({@link Kpss}), differencing until one accepts, at most twice. */
    static int ndiffs(double[] x) {
        int d = 0;
        if (isConstant(x)) {
            return 0;
        }
        boolean difference = Kpss.rejects(x, Kpss.ndiffsLags(x.length));
        while (difference && d < MAX_D) {
            d++;
            x = diff(x, 1);
            if (isConstant(x)) {
                return d;
            }
            difference = Kpss.rejects(x, Kpss.ndiffsLags(x.length));
        }
        return d;
    }

    static double[] diff(double[] x, int lag) {
        double[] out = new double[Math.max(0, x.length - lag)];
        for (int t = lag; t < x.length; t++) {
            out[t - lag] = x[t] - x[t - lag];
        }
        return out;
    }

    private static double[][] diff(double[][] columns, int lag) {
        double[][] out = new double[columns.length][];
        for (int j = 0; j < columns.length; j++) {
            out[j] = diff(columns[j], lag);
        }
        return out;
    }

    private static boolean anyConstant(double[][] columns) {
        for (double[] c : columns) {
            if (isConstant(c)) {
                return true;
            }
        }
        return false;
    }

    /** forecast's {@code is.constant}: equal to its first value within {@code all.equal}'s relative tolerance 1.5e-8. */
    static boolean isConstant(double[] x) {
        if (x.length == 0) {
            return true;
        }
        double diff = 0;
        double size = 0;
        for (double v : x) {
            diff += Math.abs(v - x[0]);
            size += Math.abs(v);
        }
        diff /= x.length;
        size /= x.length;
        double relative = size > 1.5e-8 ? diff / size : diff;
        return relative < 1.5e-8;
    }
}
