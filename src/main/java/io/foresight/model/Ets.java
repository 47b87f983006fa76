package io.foresight.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Exponential smoothing state space models (Hyndman, Koehler, Ord &amp; Snyder 2008) as R's {@code forecast::ets}
 * (version 8.20) fits them with its defaults: additive or multiplicative error, no, additive or damped trend, no,
 * additive or multiplicative season; the initial state from {@code initstate}'s heuristic, then the smoothing
 * parameters and the initial state together by maximum likelihood (Nelder-Mead, {@link NelderMead}) inside both the
 * usual bounds (0.0001..0.9999, beta at most alpha, gamma at most 1 - alpha, phi 0.8..0.98) and the admissible
 * region; the model chosen by AICc among those R's {@code restrict = TRUE} allows (no multiplicative trend, no
 * multiplicative season with additive error, multiplicative error or season only for strictly positive data).
 * A season needs 1 &lt; period &lt;= 24 and more than one period of data, as in R.
 *
 * <p>Where it differs from R: for a series of at most 6 points R switches to {@code HoltWinters}; here the same
 * search runs and the models with too many parameters for the data drop out (R's {@code np >= n - 1} rule).
 */
public final class Ets {

    /** R's default bounds: alpha, beta, gamma from LOWER to UPPER, phi from LOWER_PHI to UPPER_PHI. */
    static final double LOWER = 1e-4;
    static final double UPPER = 0.9999;
    static final double LOWER_PHI = 0.8;
    static final double UPPER_PHI = 0.98;
    /** The longest season R's ets models. */
    public static final int MAX_PERIOD = 24;
    private static final double RELATIVE_TOLERANCE = Math.sqrt(Math.ulp(1.0));
    private static final int MAX_EVALUATIONS = 2000;
    private static final double TOL = 1e-10;
    private static final double HUGE = 1e10;

    private Ets() {
    }

    /** A component's form: none, additive or multiplicative. */
    public enum Kind {
        N, A, M
    }

    /** A model's form: ETS(error, trend[d], season). */
    public record Form(Kind error, Kind trend, boolean damped, Kind season) {

        public Form {
            if (error == Kind.N || trend == Kind.M || (damped && trend == Kind.N)) {
                throw new IllegalArgumentException("no such ETS form: " + error + "," + trend + (damped ? "d" : "") + ","
                        + season);
            }
        }

        @Override
        public String toString() {
            return "ETS(" + error + "," + trend + (damped ? "d" : "") + "," + season + ")";
        }

        /** Parameters estimated besides the initial state: alpha, and beta, gamma and phi when present. */
        int smoothingParameters() {
            return 1 + (trend != Kind.N ? 1 : 0) + (season != Kind.N ? 1 : 0) + (damped ? 1 : 0);
        }
    }

    /**
     * A fitted model: its smoothing parameters (beta 0 without trend, gamma 0 without season, phi 1 undamped), the
     * initial state {@code [l, b, s_1 .. s_m]} in R's order (b only with a trend, s_1 the most recent season),
     * the state after the data, the log-likelihood as R reports it ({@code -n/2 log(SSE)} for additive errors,
     * without constants), AICc, and R's {@code sigma2}.
     */
    public record Fit(Form form, int period, double alpha, double beta, double gamma, double phi, double[] initialState,
            double[] finalState, double logLikelihood, double aicc, double sigma2, int n) {

        /**
         * The same model (parameters, initial state, sigma2) run over {@code y}, a longer history that starts where the
         * data it was fitted to started: its state after {@code y}, nothing re-estimated (R's
         * {@code ets(y, model = fit, use.initial.values = TRUE)}). Null when the recursion leaves the finite numbers.
         */
        public Fit continued(double[] y) {
            Run run = run(y, form, period, new Parameters(alpha, beta, gamma, phi), initialState);
            if (!finite(run.finalState)) {
                return null;
            }
            return new Fit(form, period, alpha, beta, gamma, phi, initialState, run.finalState, logLikelihood, aicc, sigma2,
                    n);
        }

        /**
         * The point forecasts {@code forecast.ets} gives: the state recursion with zero errors, except for a
         * multiplicative error and season (R's class 3), where R's forecast mean carries a term in sigma2 and
         * treats a damped trend's first step as undamped.
         */
        public double[] forecast(int horizon) {
            return form.error == Kind.M && form.season == Kind.M ? class3Mean(horizon) : stateForecast(horizon);
        }

        private double[] stateForecast(int horizon) {
            double level = finalState[0];
            double slope = form.trend == Kind.N ? 0 : finalState[1];
            int seasonStart = form.trend == Kind.N ? 1 : 2;
            int m = form.season == Kind.N ? 1 : period;
            double[] out = new double[horizon];
            double damping = 0;
            double power = 1;
            for (int k = 0; k < horizon; k++) {
                power *= phi;
                damping += power;
                double value = level + damping * slope;
                if (form.season != Kind.N) {
                    // s_1 is the latest season, s_m the one the first forecast uses
                    double s = finalState[seasonStart + m - 1 - (k % m)];
                    value = form.season == Kind.A ? value + s : value * s;
                }
                out[k] = value;
            }
            return out;
        }

        /** R's {@code class3}: the mean of the level-trend by season product, propagated with its sigma2 term. */
        private double[] class3Mean(int horizon) {
            int rows = form.trend == Kind.N ? 1 : 2;
            int m = period;
            double[][] mh = new double[rows][m];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < m; j++) {
                    mh[r][j] = finalState[r] * finalState[rows + j];
                }
            }
            double damping = form.damped ? phi : 1;
            double[] out = new double[horizon];
            for (int k = 0; k < horizon; k++) {
                double mean = 0;
                for (int r = 0; r < rows; r++) {
                    mean += mh[r][m - 1];
                }
                out[k] = mean;
                double[][] next = new double[rows][m];
                for (int j = 0; j < m; j++) {
                    int from = j == 0 ? m - 1 : j - 1;
                    if (rows == 1) {
                        next[0][j] = mh[0][from];
                    } else {
                        next[0][j] = mh[0][from] + mh[1][from];
                        next[1][j] = damping * mh[1][from];
                    }
                }
                double last = mean * gamma * sigma2;
                next[0][0] += alpha * last;
                if (rows == 2) {
                    next[1][0] += beta * last;
                }
                mh = next;
            }
            return out;
        }
    }

    /** Whether {@code y} is modelled with a season of {@code period}: 1 &lt; period &lt;= 24 and more than a period of data. */
    public static boolean seasonal(int n, int period) {
        return period > 1 && period <= MAX_PERIOD && n > period;
    }

    /** The forms {@code ets(y)} considers, in its order (which breaks ties). */
    public static List<Form> forms(double[] y, int period) {
        boolean positive = true;
        for (double v : y) {
            positive &= v > 0;
        }
        boolean seasonal = seasonal(y.length, period);
        List<Form> forms = new ArrayList<>();
        for (Kind error : List.of(Kind.A, Kind.M)) {
            for (Kind trend : List.of(Kind.N, Kind.A)) {
                for (Kind season : seasonal ? List.of(Kind.N, Kind.A, Kind.M) : List.of(Kind.N)) {
                    for (boolean damped : new boolean[] {true, false}) {
                        if ((trend == Kind.N && damped) || (error == Kind.A && season == Kind.M)
                                || (!positive && error == Kind.M)) {
                            continue;
                        }
                        forms.add(new Form(error, trend, damped, season));
                    }
                }
            }
        }
        return forms;
    }

    /** Whether every value of {@code y} is the same (R then fits simple smoothing with alpha near 1). */
    public static boolean constant(double[] y) {
        for (double v : y) {
            if (v != y[0]) {
                return false;
            }
        }
        return true;
    }

    /** The model {@code ets(y)} chooses: each allowed form fitted, the least AICc wins; null when none could be. */
    public static Fit select(double[] y, int period) {
        return select(y, period, forms(y, period));
    }

    /** The form of least AICc among {@code forms}, each fitted; null when none could be. */
    public static Fit select(double[] y, int period, List<Form> forms) {
        Fit best = null;
        for (Form form : forms) {
            Fit fit = fit(y, period, form);
            // as R: an AICc of -Inf (a perfect fit) wins, NaN and +Inf never do
            if (fit != null && fit.aicc < (best == null ? Double.POSITIVE_INFINITY : best.aicc)) {
                best = fit;
            }
        }
        return best;
    }

    /**
     * {@code form} fitted to {@code y} as {@code etsmodel} fits it; null when it has too many parameters for the
     * data ({@code np >= n - 1}) or cannot be fitted. A perfect fit has log-likelihood and AICc of -Inf, as in R.
     */
    public static Fit fit(double[] y, int period, Form form) {
        int m = form.season == Kind.N ? 1 : period;
        if (form.season != Kind.N && !seasonal(y.length, period)) {
            throw new IllegalArgumentException(form + " needs 1 < period <= " + MAX_PERIOD + " and more than a period of data");
        }
        double[] state = initialState(y, form.trend, form.season, m);
        double[] start = startingParameters(form, m);
        int smoothing = start.length;
        double[] par = new double[smoothing + state.length];
        System.arraycopy(start, 0, par, 0, smoothing);
        System.arraycopy(state, 0, par, smoothing, state.length);
        int n = y.length;
        if (par.length >= n - 1) {
            return null;
        }
        Likelihood likelihood = new Likelihood(y, form, m);
        if (!Double.isFinite(likelihood.objective(par))) {
            return null;
        }
        NelderMead.Result result = NelderMead.minimise(likelihood::objective, par, RELATIVE_TOLERANCE, MAX_EVALUATIONS);
        double[] best = result.point();
        Parameters p = likelihood.parameters(best);
        double[] initial = likelihood.fullState(best);
        Run run = run(y, form, m, p, initial);
        if (Double.isNaN(run.lik) || run.lik == Double.POSITIVE_INFINITY) {
            return null;
        }
        int np = best.length + 1;
        double aic = run.lik + 2 * np;
        double aicc = aic + 2.0 * np * (np + 1) / (n - np - 1);
        double sigma2 = run.sse / (n - best.length);
        return new Fit(form, m, p.alpha, p.beta, p.gamma, p.phi, initial, run.finalState, -0.5 * run.lik, aicc, sigma2, n);
    }

    /** Smoothing parameters in one place; beta 0, gamma 0, phi 1 when the form has none. */
    private record Parameters(double alpha, double beta, double gamma, double phi) {
    }

    /** R's {@code initparam} for the "both" bounds: where Nelder-Mead starts. */
    private static double[] startingParameters(Form form, int m) {
        double[] par = new double[form.smoothingParameters()];
        int i = 0;
        double alpha = LOWER + 0.2 * (UPPER - LOWER) / m;
        if (alpha > 1 || alpha < 0) {
            alpha = LOWER + 0.002;
        }
        par[i++] = alpha;
        if (form.trend != Kind.N) {
            double upper = Math.min(UPPER, alpha);
            double beta = LOWER + 0.1 * (upper - LOWER);
            if (beta < 0 || beta > alpha) {
                beta = alpha - 0.001;
            }
            par[i++] = beta;
        }
        if (form.season != Kind.N) {
            double upper = Math.min(UPPER, 1 - alpha);
            double gamma = LOWER + 0.05 * (upper - LOWER);
            if (gamma < 0 || gamma > 1 - alpha) {
                gamma = 1 - alpha - 0.001;
            }
            par[i++] = gamma;
        }
        if (form.damped) {
            par[i] = LOWER_PHI + 0.99 * (UPPER_PHI - LOWER_PHI);
        }
        return par;
    }

    /** The objective R's ets minimises: {@code n log(SSE)} (plus {@code 2 sum log|fit|} for multiplicative errors). */
    private static final class Likelihood {
        private final double[] y;
        private final Form form;
        private final int m;
        private final int smoothing;

        Likelihood(double[] y, Form form, int m) {
            this.y = y;
            this.form = form;
            this.m = m;
            this.smoothing = form.smoothingParameters();
        }

        Parameters parameters(double[] par) {
            int i = 0;
            double alpha = par[i++];
            double beta = form.trend != Kind.N ? par[i++] : 0;
            double gamma = form.season != Kind.N ? par[i++] : 0;
            double phi = form.damped ? par[i] : 1;
            return new Parameters(alpha, beta, gamma, phi);
        }

        /** The initial state in the parameter vector, with the last season that makes the season sum to 0 (or m). */
        double[] fullState(double[] par) {
            int stored = par.length - smoothing;
            if (form.season == Kind.N) {
                double[] state = new double[stored];
                System.arraycopy(par, smoothing, state, 0, stored);
                return state;
            }
            double[] state = new double[stored + 1];
            System.arraycopy(par, smoothing, state, 0, stored);
            int seasonStart = form.trend == Kind.N ? 1 : 2;
            double sum = 0;
            for (int i = seasonStart; i < stored; i++) {
                sum += state[i];
            }
            state[stored] = (form.season == Kind.M ? m : 0) - sum;
            return state;
        }

        double objective(double[] par) {
            Parameters p = parameters(par);
            if (!withinBounds(p) || !admissible(p)) {
                return Double.POSITIVE_INFINITY;
            }
            double[] state = fullState(par);
            if (form.season == Kind.M) {
                for (int i = form.trend == Kind.N ? 1 : 2; i < state.length; i++) {
                    if (state[i] < 0) {
                        return Double.POSITIVE_INFINITY;
                    }
                }
            }
            double lik = likelihood(y, form, m, p, state);
            lik = Math.max(lik, -1e10);
            return Double.isNaN(lik) ? Double.POSITIVE_INFINITY : lik;
        }

        /** R's "usual" bounds. */
        private boolean withinBounds(Parameters p) {
            if (p.alpha < LOWER || p.alpha > UPPER) {
                return false;
            }
            if (form.trend != Kind.N && (p.beta < LOWER || p.beta > p.alpha || p.beta > UPPER)) {
                return false;
            }
            if (form.damped && (p.phi < LOWER_PHI || p.phi > UPPER_PHI)) {
                return false;
            }
            return form.season == Kind.N || !(p.gamma < LOWER || p.gamma > 1 - p.alpha || p.gamma > UPPER);
        }

        /** R's admissible region: the model is forecastable (its discount matrix's eigenvalues inside the unit circle). */
        private boolean admissible(Parameters p) {
            double alpha = p.alpha;
            double beta = p.beta;
            double gamma = p.gamma;
            double phi = p.phi;
            if (phi < 0 || phi > 1 + 1e-8) {
                return false;
            }
            if (form.season == Kind.N) {
                if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) {
                    return false;
                }
                return form.trend == Kind.N || !(beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha));
            }
            if (m <= 1) {
                return true;
            }
            if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) {
                return false;
            }
            if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) {
                return false;
            }
            if (beta < -(1 - phi) * (gamma / m + alpha)) {
                return false;
            }
            // z^(m+1) + (a+b-phi) z^m + (a+b-a phi) z^(m-1) .. z^2 + (a+b-a phi+g-1) z + phi (1-a-g), highest first
            double[] c = new double[m + 2];
            c[0] = 1;
            c[1] = alpha + beta - phi;
            for (int i = 2; i < m; i++) {
                c[i] = alpha + beta - alpha * phi;
            }
            c[m] = alpha + beta - alpha * phi + gamma - 1;
            c[m + 1] = phi * (1 - alpha - gamma);
            return rootsWithin(c, 1 + 1e-10);
        }
    }

    /**
     * Whether every root of the polynomial with coefficients {@code c} (highest power first) has modulus below
     * {@code radius}: the Schur-Cohn test on the polynomial with z scaled by the radius.
     */
    static boolean rootsWithin(double[] c, double radius) {
        int d = c.length - 1;
        double[] a = new double[d + 1];
        double scale = 1;
        for (int i = d; i >= 0; i--) {
            a[i] = c[i] * scale; // coefficient of z^(d - i) times radius^(d - i)
            scale *= radius;
        }
        while (d > 0) {
            if (a[0] == 0) {
                return false;
            }
            double k = a[d] / a[0];
            if (!(Math.abs(k) < 1)) {
                return false;
            }
            double[] b = new double[d];
            for (int i = 0; i < d; i++) {
                b[i] = a[i] - k * a[d - i];
            }
            a = b;
            d--;
        }
        return true;
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The state after the data, the one-step errors' sum of squares and R's likelihood term. */
    private record Run(double[] finalState, double sse, double lik) {
    }

    /** {@link #run}'s likelihood alone, without keeping the state (the optimiser's inner loop). */
    private static double likelihood(double[] y, Form form, int m, Parameters p, double[] state) {
        return run(y, form, m, p, state).lik;
    }

    /**
     * The model's recursions over {@code y} from {@code state} (R's {@code etscalc}): one-step forecasts, errors
     * (relative ones for a multiplicative error) and state updates.
     */
    private static Run run(double[] y, Form form, int m, Parameters p, double[] state) {
        boolean trend = form.trend != Kind.N;
        Kind seasonKind = form.season;
        double alpha = p.alpha;
        double beta = p.beta;
        double gamma = p.gamma;
        double phi = p.phi;
        double level = state[0];
        double slope = trend ? state[1] : 0;
        int seasonStart = trend ? 2 : 1;
        // circular season: the season used at step t is season[t % m]; R's s_m (oldest) is used first
        double[] season = null;
        if (seasonKind != Kind.N) {
            season = new double[m];
            for (int j = 0; j < m; j++) {
                season[j] = state[seasonStart + m - 1 - j];
            }
        }
        boolean multiplicativeError = form.error == Kind.M;
        double sse = 0;
        double logFits = 0;
        double fitProduct = 1;
        int n = y.length;
        for (int t = 0; t < n; t++) {
            double q = level + phi * slope;
            double fit = q;
            int j = 0;
            double old = 0;
            if (seasonKind != Kind.N) {
                j = t % m;
                old = season[j];
                fit = seasonKind == Kind.A ? q + old : q * old;
            }
            double e = multiplicativeError ? (y[t] - fit) / fit : y[t] - fit;
            sse += e * e;
            // sum of log|fit| as the log of running products (a logarithm per step would dominate the cost)
            if (multiplicativeError) {
                fitProduct *= Math.abs(fit);
                if (!(fitProduct < 1e100 && fitProduct > 1e-100)) {
                    logFits += Math.log(fitProduct);
                    fitProduct = 1;
                }
            }
            double observedLevel;
            if (seasonKind == Kind.N) {
                observedLevel = y[t];
            } else if (seasonKind == Kind.A) {
                observedLevel = y[t] - old;
            } else {
                observedLevel = Math.abs(old) < TOL ? HUGE : y[t] / old;
            }
            double newLevel = q + alpha * (observedLevel - q);
            if (trend) {
                double phib = phi * slope;
                slope = phib + (beta / alpha) * (newLevel - level - phib);
            }
            if (seasonKind != Kind.N) {
                double observedSeason = seasonKind == Kind.A ? y[t] - q : (Math.abs(q) < TOL ? HUGE : y[t] / q);
                season[j] = old + gamma * (observedSeason - old);
            }
            level = newLevel;
        }
        logFits += Math.log(fitProduct);
        double lik = n * Math.log(sse);
        if (multiplicativeError) {
            lik += 2 * logFits;
        }
        double[] last = new double[state.length];
        last[0] = level;
        if (trend) {
            last[1] = slope;
        }
        if (seasonKind != Kind.N) {
            // R's s_1 is the latest season: the one updated at step n - 1
            for (int k = 0; k < m; k++) {
                last[seasonStart + k] = season[Math.floorMod(n - 1 - k, m)];
            }
        }
        return new Run(last, sse, lik);
    }

    /**
     * R's {@code initstate}: the initial level (and trend) from a least-squares line (a mean without trend) through
     * the first {@code max(10, 2m)} seasonally adjusted points; the initial season from a classical decomposition
     * ({@code decompose}) with three or more seasons of data, otherwise from the residuals of a line and one Fourier
     * pair. Returned as {@code [l, b, s_1 .. s_(m-1)]}: the last season is not free (seasons sum to 0, or to m).
     */
    static double[] initialState(double[] y, Kind trend, Kind season, int m) {
        int n = y.length;
        double[] adjusted = y;
        double[] seasons = new double[0];
        if (season != Kind.N) {
            double[] seasonal; // the seasonal component at each time
            if (n < 3 * m) {
                seasonal = lineResiduals(y, m, season);
            } else {
                seasonal = decompose(y, m, season);
            }
            seasons = new double[m - 1];
            for (int k = 0; k < m - 1; k++) {
                seasons[k] = seasonal[m - 1 - k];
            }
            adjusted = new double[n];
            if (season == Kind.A) {
                for (int t = 0; t < n; t++) {
                    adjusted[t] = y[t] - seasonal[t];
                }
            } else {
                double sum = 0;
                for (int k = 0; k < m - 1; k++) {
                    seasons[k] = Math.max(seasons[k], 0.01);
                    sum += seasons[k];
                }
                if (sum > m) {
                    double total = sum + 0.01 * (m - 1);
                    for (int k = 0; k < m - 1; k++) {
                        seasons[k] /= total;
                    }
                }
                for (int t = 0; t < n; t++) {
                    adjusted[t] = y[t] / Math.max(seasonal[t], 0.01);
                }
            }
        }
        int maxn = Math.min(Math.max(10, 2 * m), n);
        double[] state = new double[(trend == Kind.N ? 1 : 2) + seasons.length];
        if (trend == Kind.N) {
            double sum = 0;
            for (int t = 0; t < maxn; t++) {
                sum += adjusted[t];
            }
            state[0] = sum / maxn;
        } else {
            // line through (1, x_1) .. (maxn, x_maxn): l0 is its value at time 0
            double b0 = StatisticalForecaster.slope(adjusted, maxn);
            double l0 = StatisticalForecaster.mean(adjusted, maxn) - b0 * (maxn + 1) / 2.0;
            if (Math.abs(l0 + b0) < 1e-8) {
                l0 *= 1 + 0.001;
                b0 *= 1 - 0.001;
            }
            state[0] = l0;
            state[1] = b0;
        }
        System.arraycopy(seasons, 0, state, state.length - seasons.length, seasons.length);
        return state;
    }

    /** R's {@code decompose}: the seasonal figure (centred, or normalised to mean 1) repeated from the series' start. */
    private static double[] decompose(double[] y, int m, Kind season) {
        int n = y.length;
        int half = m / 2;
        double[] sums = new double[m];
        int[] counts = new int[m];
        for (int t = half; t < n - half; t++) {
            double trend = StatisticalForecaster.centredMean(y, t, m);
            sums[t % m] += season == Kind.A ? y[t] - trend : y[t] / trend;
            counts[t % m]++;
        }
        double[] figure = new double[m];
        double mean = 0;
        for (int j = 0; j < m; j++) {
            figure[j] = sums[j] / counts[j];
            mean += figure[j];
        }
        mean /= m;
        for (int j = 0; j < m; j++) {
            figure[j] = season == Kind.A ? figure[j] - mean : figure[j] / mean;
        }
        double[] seasonal = new double[n];
        for (int t = 0; t < n; t++) {
            seasonal[t] = figure[t % m];
        }
        return seasonal;
    }

    /**
     * What {@code initstate} takes as the season of a series shorter than three seasons: {@code y} less (or over)
     * the line of a regression on time and one Fourier pair ({@code tslm(y ~ trend + fourier(y, 1))}).
     */
    private static double[] lineResiduals(double[] y, int m, Kind season) {
        int n = y.length;
        boolean sine = m != 2; // fourier() drops the sine, identically 0, when m = 2
        int k = sine ? 4 : 3;
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        double[] row = new double[k];
        for (int t = 1; t <= n; t++) {
            int c = 0;
            row[c++] = 1;
            row[c++] = t;
            if (sine) {
                row[c++] = Math.sin(2 * Math.PI * t / m);
            }
            row[c] = Math.cos(2 * Math.PI * t / m);
            for (int i = 0; i < k; i++) {
                xty[i] += row[i] * y[t - 1];
                for (int j = 0; j < k; j++) {
                    xtx[i][j] += row[i] * row[j];
                }
            }
        }
        double[] beta = Linear.solve(xtx, xty);
        if (beta == null) {
            // a singular system has no line: NaN, as the elimination's division by a zero pivot gave before
            beta = new double[] {Double.NaN, Double.NaN};
        }
        double[] seasonal = new double[n];
        for (int t = 1; t <= n; t++) {
            double line = beta[0] + beta[1] * t;
            seasonal[t - 1] = season == Kind.A ? y[t - 1] - line : y[t - 1] / line;
        }
        return seasonal;
    }
}
