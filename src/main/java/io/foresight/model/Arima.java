package io.foresight.model;

import java.util.Arrays;

/**
 * A fitted ARIMA(p,d,q)(P,D,Q)m model, optionally a regression with ARIMA errors: {@code y_t = x_t' beta + u_t}
 * with {@code u} the ARIMA process, as R's {@code stats::arima} fits it (method "CSS-ML": conditional sum of
 * squares for starting values, then exact Gaussian maximum likelihood). The likelihood is that of the differenced
 * series {@code (1-B)^d (1-B^m)^D (y - X beta)} by a Kalman filter on the ARMA's state-space form started from its
 * stationary covariance: R filters the undifferenced series with a diffuse prior for the differencing states, which
 * comes to the same likelihood. AR parameters are optimised through R's transformation to partial autocorrelations
 * (always stationary); MA parameters are made invertible. The constant of {@link Order#constant} is a mean when the
 * model is not differenced and a drift (a regressor {@code 1..n}) when it is differenced once.
 *
 * <p>Regressors ({@code xreg}) are columns, {@code xreg[j][t]} the value of regressor {@code j} at time {@code t};
 * {@link #forecast} needs their future values. Fourier terms for long seasons ({@link Fourier}) and known-future
 * drivers both come in this way.
 */
public final class Arima {

    /**
     * The model: orders, season length {@code period} (1 without a seasonal part), and whether a constant (mean or
     * drift) is included; a constant with {@code d + D > 1} is ignored, as in R.
     */
    public record Order(int p, int d, int q, int seasonalP, int seasonalD, int seasonalQ, int period, boolean constant) {

        public Order {
            if (p < 0 || d < 0 || q < 0 || seasonalP < 0 || seasonalD < 0 || seasonalQ < 0 || period < 1) {
                throw new IllegalArgumentException("invalid ARIMA order");
            }
            if (period == 1 && (seasonalP > 0 || seasonalD > 0 || seasonalQ > 0)) {
                throw new IllegalArgumentException("a seasonal part needs a period > 1");
            }
        }

        static Order nonSeasonal(int p, int d, int q, boolean constant) {
            return new Order(p, d, q, 0, 0, 0, 1, constant);
        }

        /** Differences in all: {@code d + D m} points are lost to them. */
        int lost() {
            return d + seasonalD * period;
        }

        int arma() {
            return p + q + seasonalP + seasonalQ;
        }

        boolean hasMean() {
            return constant && d + seasonalD == 0;
        }

        boolean hasDrift() {
            return constant && d + seasonalD == 1;
        }

        @Override
        public String toString() {
            String s = "ARIMA(" + p + "," + d + "," + q + ")";
            if (seasonalP + seasonalD + seasonalQ > 0) {
                s += "(" + seasonalP + "," + seasonalD + "," + seasonalQ + ")[" + period + "]";
            }
            if (hasMean()) {
                s += " with non-zero mean";
            } else if (hasDrift()) {
                s += " with drift";
            }
            return s;
        }
    }

    /** How the coefficients are estimated. */
    enum Method {
        /** Conditional sum of squares then exact maximum likelihood (R's default). */
        CSS_ML,
        /** Conditional sum of squares only (auto.arima's approximation while it searches). */
        CSS
    }

    private static final double LOG_2PI = Math.log(2 * Math.PI);


    private final Order order;
    /** ar, ma, sar, sma, then the regression coefficients (drift or intercept first, then xreg's). */
    private final double[] coef;
    private final double sigma2;
    private final double loglik;
    private final double aic;
    private final int used;
    private final double[] y;
    private final double[][] regressors;
    /** Whether the asymptotic variances of the coefficients are all defined (R's {@code checkarima} fails otherwise). */
    private final boolean varianceDefined;

    private Arima(Order order, double[] coef, double sigma2, double loglik, double aic, int used, double[] y,
            double[][] regressors, boolean varianceDefined) {
        this.order = order;
        this.coef = coef;
        this.sigma2 = sigma2;
        this.loglik = loglik;
        this.aic = aic;
        this.used = used;
        this.y = y;
        this.regressors = regressors;
        this.varianceDefined = varianceDefined;
    }

    public Order order() {
        return order;
    }

    /** Coefficients in R's order: ar1.., ma1.., sar1.., sma1.., then drift or intercept, then the regressors'. */
    public double[] coefficients() {
        return coef.clone();
    }

    /** The innovations' variance: the maximum-likelihood one for CSS-ML, the conditional one for CSS. */
    public double sigma2() {
        return sigma2;
    }

    /** The exact Gaussian log-likelihood (NaN for a CSS fit). */
    public double loglik() {
        return loglik;
    }

    public double aic() {
        return aic;
    }

    /** Observations the likelihood counts: {@code n - d - D m}. */
    public int used() {
        return used;
    }

    /** Parameters counted by the information criteria: the coefficients and the variance. */
    int parameters() {
        return coef.length + 1;
    }

    public double aicc() {
        int k = parameters();
        return aic + 2.0 * k * (k + 1) / (used - k - 1);
    }

    public double bic() {
        return aic + parameters() * (Math.log(used) - 2);
    }

    boolean varianceDefined() {
        return varianceDefined;
    }

    /** Fits {@code order} to {@code y} with regressors {@code xreg} (columns; none when null) by CSS-ML. */
    public static Arima fit(double[] y, double[][] xreg, Order order) {
        return fit(y, xreg, order, Method.CSS_ML, Double.NaN, true);
    }

    /**
     * Fits by {@code method}; {@code offset} is auto.arima's constant that makes a CSS fit's AIC comparable
     * (-2 loglik - n log sigma2 of the model without ARMA terms), ignored for CSS-ML. Null when the fit fails
     * where R's {@code arima} stops with an error (too few points, a non-stationary AR part from CSS, a
     * likelihood that cannot be evaluated). {@code assess}: whether to compute the Hessian for
     * {@link #varianceDefined} (a singular one fails the fit, as in R); refits of a chosen order skip it.
     */
    static Arima fit(double[] y, double[][] xreg, Order order, Method method, double offset, boolean assess) {
        Problem problem = Problem.of(y, xreg, order);
        if (problem == null) {
            return null;
        }
        return problem.fit(method, offset, assess);
    }

    /**
     * {@code order} with every coefficient fixed at {@code coef} (R's {@code fixed}): nothing is estimated; the
     * variance and likelihood are computed for them.
     */
    static Arima fixed(double[] y, double[][] xreg, Order order, double[] coef) {
        Problem problem = Problem.of(y, xreg, order);
        if (problem == null || coef.length != problem.coefficients()) {
            throw new IllegalArgumentException("coefficients do not match the model");
        }
        double value = problem.exact(coef, false);
        if (value == Double.NEGATIVE_INFINITY) {
            // an exact fit (constant differences): no innovations at all
            return new Arima(order, coef, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, problem.used(), y,
                    problem.x(), true);
        }
        if (!Double.isFinite(value)) {
            return null;
        }
        return problem.result(coef, value, Method.CSS_ML, Double.NaN, true);
    }

    /**
     * The next {@code horizon} values after the fitted series; {@code futureXreg} gives the regressors over them
     * (columns of at least {@code horizon} values, in the order of the fit's; null when the fit has none).
     */
    public double[] forecast(int horizon, double[][] futureXreg) {
        int n = y.length;
        int extra = futureXreg == null ? 0 : futureXreg.length;
        int regressions = coef.length - order.arma();
        if (extra != regressions - (order.hasMean() || order.hasDrift() ? 1 : 0)) {
            throw new IllegalArgumentException("the forecast needs the future values of the fit's "
                    + (regressions - (order.hasMean() || order.hasDrift() ? 1 : 0)) + " regressors");
        }
        double[][] future = designColumns(order, n, horizon, futureXreg);
        double[] u = new double[n];
        for (int t = 0; t < n; t++) {
            u[t] = y[t] - regression(regressors, t);
        }
        double[] delta = differencing(order);
        double[] w = difference(u, delta);
        Expanded e = Expanded.of(order, coef, false);
        Filter filter = Filter.run(w, e.phi, e.theta, true);
        double[] wf = filter.forecast(horizon);
        double[] path = Arrays.copyOf(u, n + horizon);
        for (int k = 0; k < horizon; k++) {
            double v = wf[k];
            for (int j = 0; j < delta.length; j++) {
                v += delta[j] * path[n + k - 1 - j];
            }
            path[n + k] = v;
        }
        double[] out = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            out[k] = path[n + k] + regression(future, k);
        }
        return out;
    }

    private double regression(double[][] columns, int t) {
        double s = 0;
        int first = order.arma();
        for (int j = 0; j < columns.length; j++) {
            s += coef[first + j] * columns[j][t];
        }
        return s;
    }

    /** The fit's regression columns: drift ({@code start+1 ..}) or intercept first when the order has one, then xreg. */
    static double[][] designColumns(Order order, int start, int length, double[][] xreg) {
        boolean constant = order.hasMean() || order.hasDrift();
        int k = (constant ? 1 : 0) + (xreg == null ? 0 : xreg.length);
        double[][] x = new double[k][];
        int j = 0;
        if (constant) {
            double[] c = new double[length];
            for (int t = 0; t < length; t++) {
                c[t] = order.hasDrift() ? start + t + 1 : 1;
            }
            x[j++] = c;
        }
        if (xreg != null) {
            for (double[] column : xreg) {
                if (column.length < length) {
                    throw new IllegalArgumentException("a regressor has " + column.length + " values; " + length + " needed");
                }
                x[j++] = Arrays.copyOf(column, length);
            }
        }
        return x;
    }

    /** The differencing polynomial {@code (1-B)^d (1-B^m)^D = 1 - sum delta_j B^j}: delta_1.. (R's Delta). */
    static double[] differencing(Order order) {
        double[] poly = {1};
        for (int i = 0; i < order.d(); i++) {
            poly = multiply(poly, new double[] {1, -1});
        }
        for (int i = 0; i < order.seasonalD(); i++) {
            double[] s = new double[order.period() + 1];
            s[0] = 1;
            s[order.period()] = -1;
            poly = multiply(poly, s);
        }
        double[] delta = new double[poly.length - 1];
        for (int j = 1; j < poly.length; j++) {
            delta[j - 1] = -poly[j];
        }
        return delta;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] c = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                c[i + j] += a[i] * b[j];
            }
        }
        return c;
    }

    /** {@code x} differenced by {@code delta}: {@code w_t = x_t - sum delta_j x_{t-j}} for {@code t >= delta.length}. */
    static double[] difference(double[] x, double[] delta) {
        int lost = delta.length;
        double[] w = new double[Math.max(0, x.length - lost)];
        for (int t = lost; t < x.length; t++) {
            double v = x[t];
            for (int j = 0; j < lost; j++) {
                v -= delta[j] * x[t - 1 - j];
            }
            w[t - lost] = v;
        }
        return w;
    }

    /** The expanded AR and MA polynomials of the multiplicative model: phi of length p + mP, theta of q + mQ. */
    record Expanded(double[] phi, double[] theta) {

        static Expanded of(Order o, double[] par, boolean transform) {
            int p = o.p();
            int q = o.q();
            int sp = o.seasonalP();
            int sq = o.seasonalQ();
            int m = o.period();
            double[] ar = Arrays.copyOfRange(par, 0, p);
            double[] ma = Arrays.copyOfRange(par, p, p + q);
            double[] sar = Arrays.copyOfRange(par, p + q, p + q + sp);
            double[] sma = Arrays.copyOfRange(par, p + q + sp, p + q + sp + sq);
            if (transform) {
                ar = partrans(ar);
                sar = partrans(sar);
            }
            double[] phi = new double[p + m * sp];
            double[] theta = new double[q + m * sq];
            System.arraycopy(ar, 0, phi, 0, p);
            System.arraycopy(ma, 0, theta, 0, q);
            for (int j = 0; j < sp; j++) {
                phi[(j + 1) * m - 1] += sar[j];
                for (int i = 0; i < p; i++) {
                    phi[(j + 1) * m + i] -= ar[i] * sar[j];
                }
            }
            for (int j = 0; j < sq; j++) {
                theta[(j + 1) * m - 1] += sma[j];
                for (int i = 0; i < q; i++) {
                    theta[(j + 1) * m + i] += ma[i] * sma[j];
                }
            }
            return new Expanded(phi, theta);
        }
    }

    /** R's {@code partrans}: unconstrained values to the coefficients of a stationary AR via tanh and Durbin-Levinson. */
    static double[] partrans(double[] raw) {
        int p = raw.length;
        double[] work = new double[p];
        double[] out = new double[p];
        for (int j = 0; j < p; j++) {
            work[j] = out[j] = Math.tanh(raw[j]);
        }
        for (int j = 1; j < p; j++) {
            double a = out[j];
            for (int k = 0; k < j; k++) {
                work[k] -= a * out[j - k - 1];
            }
            System.arraycopy(work, 0, out, 0, j);
        }
        return out;
    }

    /** The inverse of {@link #partrans} (R's {@code ARIMA_Invtrans}) for a stationary AR. */
    static double[] invpartrans(double[] phi) {
        int p = phi.length;
        double[] work = phi.clone();
        double[] out = phi.clone();
        for (int j = p - 1; j > 0; j--) {
            double a = out[j];
            for (int k = 0; k < j; k++) {
                work[k] = (out[k] + a * out[j - k - 1]) / (1 - a * a);
            }
            System.arraycopy(work, 0, out, 0, j);
        }
        for (int j = 0; j < p; j++) {
            out[j] = atanh(out[j]);
        }
        return out;
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    /**
     * Whether every root of {@code 1 - sum ar_j z^j} lies outside the circle of radius {@code radius} (R's
     * {@code arCheck} for radius 1; auto.arima's check of fitted models uses 1.01), by the step-down recursion on
     * the coefficients rescaled to that circle.
     */
    static boolean rootsOutside(double[] ar, double radius) {
        int p = ar.length;
        while (p > 0 && Math.abs(ar[p - 1]) <= 1e-8) {
            p--;
        }
        double[] a = new double[p];
        double scale = 1;
        for (int j = 0; j < p; j++) {
            scale *= radius;
            a[j] = ar[j] * scale;
        }
        for (int m = p; m >= 1; m--) {
            double k = a[m - 1];
            if (!(Math.abs(k) < 1)) {
                return false;
            }
            double[] next = new double[m - 1];
            for (int j = 0; j < m - 1; j++) {
                next[j] = (a[j] + k * a[m - 2 - j]) / (1 - k * k);
            }
            a = next;
        }
        return true;
    }

    /** R's {@code maInvert}: an MA polynomial with its roots inside the unit circle reflected outside. */
    static double[] maInvert(double[] ma) {
        int q = ma.length;
        int q0 = q;
        while (q0 > 0 && ma[q0 - 1] == 0) {
            q0--;
        }
        if (q0 == 0) {
            return ma;
        }
        double[] poly = new double[q0 + 1];
        poly[0] = 1;
        System.arraycopy(ma, 0, poly, 1, q0);
        double[][] roots = Polynomials.roots(poly);
        boolean any = false;
        for (double[] r : roots) {
            if (Math.hypot(r[0], r[1]) < 1) {
                any = true;
            }
        }
        if (!any) {
            return ma;
        }
        double[] out = new double[q];
        if (q0 == 1) {
            out[0] = 1 / ma[0];
            return out;
        }
        for (double[] r : roots) {
            double mod2 = r[0] * r[0] + r[1] * r[1];
            if (mod2 < 1) {
                r[0] = r[0] / mod2;
                r[1] = -r[1] / mod2;
            }
        }
        double[] re = {1};
        double[] im = {0};
        for (double[] r : roots) {
            // x <- c(x, 0) - c(0, x) / r
            double mod2 = r[0] * r[0] + r[1] * r[1];
            double ir = r[0] / mod2;
            double ii = -r[1] / mod2;
            double[] nre = new double[re.length + 1];
            double[] nim = new double[re.length + 1];
            for (int i = 0; i <= re.length; i++) {
                double ar = i < re.length ? re[i] : 0;
                double ai = i < re.length ? im[i] : 0;
                double br = i > 0 ? re[i - 1] : 0;
                double bi = i > 0 ? im[i - 1] : 0;
                nre[i] = ar - (br * ir - bi * ii);
                nim[i] = ai - (br * ii + bi * ir);
            }
            re = nre;
            im = nim;
        }
        System.arraycopy(re, 1, out, 0, q0);
        return out;
    }

    /** The data of one fit: the series, its regression columns, the order, and the objective functions. */
    private record Problem(double[] y, double[][] x, Order order, double[] delta, int used) {

        static Problem of(double[] y, double[][] xreg, Order order) {
            double[][] x = designColumns(order, 0, y.length, xreg);
            int used = y.length - order.lost();
            if (used <= 0) {
                return null;
            }
            return new Problem(y, x, order, differencing(order), used);
        }

        int coefficients() {
            return order.arma() + x.length;
        }

        /** {@code y - X beta} differenced. */
        double[] differenced(double[] par) {
            int n = y.length;
            int first = order.arma();
            double[] u = y;
            if (x.length > 0) {
                u = new double[n];
                for (int t = 0; t < n; t++) {
                    double s = y[t];
                    for (int j = 0; j < x.length; j++) {
                        s -= par[first + j] * x[j][t];
                    }
                    u[t] = s;
                }
            }
            return difference(u, delta);
        }

        /** R's {@code armaCSS}: half the log of the conditional mean square residual. */
        double css(double[] par) {
            return 0.5 * Math.log(cssVariance(par));
        }

        double cssVariance(double[] par) {
            Expanded e = Expanded.of(order, par, false);
            double[] w = differenced(par);
            int ncond = order.p() + order.period() * order.seasonalP();
            double[] resid = new double[w.length];
            double ssq = 0;
            int nu = 0;
            for (int l = ncond; l < w.length; l++) {
                double tmp = w[l];
                for (int j = 0; j < e.phi.length; j++) {
                    tmp -= e.phi[j] * w[l - j - 1];
                }
                int jmax = Math.min(l - ncond, e.theta.length);
                for (int j = 0; j < jmax; j++) {
                    tmp -= e.theta[j] * resid[l - j - 1];
                }
                resid[l] = tmp;
                ssq += tmp * tmp;
                nu++;
            }
            return ssq / nu;
        }

        /** R's {@code armafn}: the concentrated negative log-likelihood per observation (up to constants). */
        double exact(double[] par, boolean transform) {
            Expanded e = Expanded.of(order, par, transform);
            Filter f = Filter.run(differenced(par), e.phi, e.theta, false);
            if (f == null || f.nu == 0) {
                return Double.MAX_VALUE;
            }
            double s2 = f.ssq / f.nu;
            return 0.5 * (Math.log(s2) + f.sumlog / f.nu);
        }

        Arima fit(Method method, double offset, boolean assess) {
            int narma = order.arma();
            int k = x.length;
            int total = narma + k;
            double[] init = new double[total];
            double[] parscale = new double[total];
            Arrays.fill(parscale, 0, narma, 1);
            double[][] rotation = null;
            Problem problem = this;
            if (k > 0) {
                if (k > 1) {
                    // R reparametrises several regressors by their SVD for a better-conditioned search
                    rotation = Linear.rightSingularVectors(x);
                    problem = new Problem(y, Linear.rotate(x, rotation), order, delta, used);
                }
                double[][] dx = new double[k][];
                for (int j = 0; j < k; j++) {
                    dx[j] = difference(problem.x[j], delta);
                }
                double[] dy = difference(y, delta);
                Linear.Ols ols = dy.length > k ? Linear.ols(dx, dy) : null;
                if (ols == null) {
                    ols = Linear.ols(problem.x, y);
                }
                if (ols == null) {
                    return null;
                }
                for (int j = 0; j < k; j++) {
                    init[narma + j] = ols.beta()[j];
                    parscale[narma + j] = 10 * ols.se()[j];
                    if (!(parscale[narma + j] > 0)) {
                        parscale[narma + j] = 1;
                    }
                }
            }
            Arima result = problem.fitPrepared(method, offset, init, parscale, assess);
            if (result == null || rotation == null) {
                return result;
            }
            // back to the original regressors' coefficients
            double[] c = result.coef.clone();
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += rotation[i][j] * result.coef[narma + j];
                }
                c[narma + i] = s;
            }
            return new Arima(order, c, result.sigma2, result.loglik, result.aic, used, y, x, result.varianceDefined);
        }

        private Arima fitPrepared(Method method, double offset, double[] init, double[] parscale, boolean assess) {
            int p = order.p();
            int q = order.q();
            int sp = order.seasonalP();
            int sq = order.seasonalQ();
            Bfgs.Result css = Bfgs.minimise(this::css, init, parscale);
            if (method == Method.CSS) {
                if (css == null) {
                    return null;
                }
                boolean defined = !assess || Linear.inverseDiagonalPositive(Bfgs.hessian(this::css, css.par(), parscale), null);
                return result(css.par(), css.value(), Method.CSS, offset, defined);
            }
            if (css != null && css.converged()) {
                init = css.par();
            } else if (css == null) {
                return null;
            }
            if (!rootsOutside(Arrays.copyOfRange(init, 0, p), 1)
                    || !rootsOutside(Arrays.copyOfRange(init, p + q, p + q + sp), 1)) {
                return null; // "non-stationary AR part from CSS"
            }
            double[] start = init.clone();
            System.arraycopy(invpartrans(Arrays.copyOfRange(init, 0, p)), 0, start, 0, p);
            System.arraycopy(maInvert(Arrays.copyOfRange(init, p, p + q)), 0, start, p, q);
            System.arraycopy(invpartrans(Arrays.copyOfRange(init, p + q, p + q + sp)), 0, start, p + q, sp);
            System.arraycopy(maInvert(Arrays.copyOfRange(init, p + q + sp, p + q + sp + sq)), 0, start, p + q + sp, sq);
            for (double v : start) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
            Bfgs.Result ml = Bfgs.minimise(par -> exact(par, true), start, parscale);
            if (ml == null) {
                return null;
            }
            double[] par = ml.par().clone();
            double value = ml.value();
            double[] ma = maInvert(Arrays.copyOfRange(par, p, p + q));
            double[] sma = maInvert(Arrays.copyOfRange(par, p + q + sp, p + q + sp + sq));
            System.arraycopy(ma, 0, par, p, q);
            System.arraycopy(sma, 0, par, p + q + sp, sq);
            if (!Arrays.equals(par, ml.par())) {
                value = exact(par, true);
            }
            boolean defined = !assess
                    || Linear.inverseDiagonalPositive(Bfgs.hessian(pp -> exact(pp, true), par, parscale), gradtrans(par));
            double[] coef = par.clone();
            System.arraycopy(partrans(Arrays.copyOfRange(par, 0, p)), 0, coef, 0, p);
            System.arraycopy(partrans(Arrays.copyOfRange(par, p + q, p + q + sp)), 0, coef, p + q, sp);
            return result(coef, value, Method.CSS_ML, offset, defined);
        }

        /** R's {@code ARIMA_Gradtrans}: the Jacobian of the AR transformation by forward differences of 1e-3. */
        double[][] gradtrans(double[] par) {
            int n = par.length;
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                a[i][i] = 1;
            }
            block(a, par, 0, order.p());
            block(a, par, order.p() + order.q(), order.seasonalP());
            return a;
        }

        private static void block(double[][] a, double[] par, int from, int length) {
            if (length == 0) {
                return;
            }
            double eps = 1e-3;
            double[] w1 = Arrays.copyOfRange(par, from, from + length);
            double[] base = partrans(w1);
            for (int i = 0; i < length; i++) {
                double[] w = w1.clone();
                w[i] += eps;
                double[] moved = partrans(w);
                for (int j = 0; j < length; j++) {
                    a[from + i][from + j] = (moved[j] - base[j]) / eps;
                }
            }
        }

        /** The fit's summary at untransformed coefficients {@code coef}. */
        Arima result(double[] coef, double value, Method method, double offset, boolean defined) {
            double sigma2;
            double loglik;
            double aic;
            int npar = coef.length + 1;
            if (method == Method.CSS) {
                sigma2 = cssVariance(coef);
                loglik = Double.NaN;
                aic = offset + used * Math.log(sigma2) + 2 * npar;
            } else {
                Expanded e = Expanded.of(order, coef, false);
                Filter f = Filter.run(differenced(coef), e.phi, e.theta, false);
                if (f == null) {
                    return null;
                }
                sigma2 = f.ssq / used;
                double twice = 2 * used * value + used + used * LOG_2PI;
                loglik = -0.5 * twice;
                aic = twice + 2 * npar;
            }
            if (!Double.isFinite(aic)) {
                return null;
            }
            return new Arima(order, coef, sigma2, loglik, aic, used, y, x, defined);
        }
    }

    /**
     * The Kalman filter of a stationary ARMA on its state-space form (Harvey's, as R's {@code makeARIMA}). Once the
     * predicted covariance changes by less than {@link #STEADY} of the innovation variance from one step to the
     * next it is kept (the filter has reached its steady state; R's {@code KalmanLike(fast = TRUE)} does the same).
     */
    private static final class Filter {
        static final double STEADY = 1e-12;
        double ssq;
        double sumlog;
        int nu;
        double[] phi;
        int r;
        /** The predicted state after the last observation. */
        double[] state;

        static Filter run(double[] w, double[] phi, double[] theta, boolean keepState) {
            int p = phi.length;
            int q = theta.length;
            int r = Math.max(p, q + 1);
            double[] rv = new double[r];
            rv[0] = 1;
            for (int i = 1; i < r; i++) {
                rv[i] = i - 1 < q ? theta[i - 1] : 0;
            }
            double[] ph = Arrays.copyOf(phi, r);
            double[][] pm = StationaryCovariance.of(ph, rv);
            if (pm == null) {
                return null;
            }
            double[] a = new double[r];
            double[] anew = new double[r];
            double[][] mt = new double[r][r];
            Filter f = new Filter();
            f.phi = ph;
            f.r = r;
            double[] col = new double[r];
            boolean steady = false;
            for (double v0 : w) {
                double v = v0 - a[0];
                double gain = pm[0][0];
                if (!(gain > 0) || !Double.isFinite(gain)) {
                    return null;
                }
                if (gain < 1e4) {
                    f.nu++;
                    f.ssq += v * v / gain;
                    f.sumlog += Math.log(gain);
                }
                // update
                for (int i = 0; i < r; i++) {
                    a[i] += pm[i][0] * v / gain;
                }
                // predict: a = T a
                for (int i = 0; i < r; i++) {
                    anew[i] = ph[i] * a[0] + (i + 1 < r ? a[i + 1] : 0);
                }
                System.arraycopy(anew, 0, a, 0, r);
                if (steady) {
                    continue; // the covariance has converged: the same gain from here on
                }
                for (int i = 0; i < r; i++) {
                    col[i] = pm[i][0];
                }
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        pm[i][j] -= col[i] * col[j] / gain;
                    }
                }
                // P = T P T' + R R'
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        mt[i][j] = ph[i] * pm[0][j] + (i + 1 < r ? pm[i + 1][j] : 0);
                    }
                }
                double change = 0;
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        double next = mt[i][0] * ph[j] + (j + 1 < r ? mt[i][j + 1] : 0) + rv[i] * rv[j];
                        change = Math.max(change, Math.abs(next - (pm[i][j] + col[i] * col[j] / gain)));
                        pm[i][j] = next;
                    }
                }
                steady = change < STEADY * pm[0][0];
            }
            if (keepState) {
                f.state = a.clone();
            }
            return f;
        }

        double[] forecast(int horizon) {
            double[] a = state.clone();
            double[] out = new double[horizon];
            double[] next = new double[r];
            for (int k = 0; k < horizon; k++) {
                out[k] = a[0];
                for (int i = 0; i < r; i++) {
                    next[i] = phi[i] * a[0] + (i + 1 < r ? a[i + 1] : 0);
                }
                System.arraycopy(next, 0, a, 0, r);
            }
            return out;
        }
    }

    /**
     * The stationary covariance of the state {@code P = T P T' + R R'} (T: {@code phi} in its first column, ones
     * above the diagonal; R: {@code rv}), the filter's start. From the ARMA's autocovariances (unit innovation
     * variance): row 0 directly, the rest by {@code P[i][l] = P[i+1][l+1] + phi_i+1 phi_l+1 gamma_0 + phi_i+1
     * P[0][l+1] + phi_l+1 P[0][i+1] + R_i R_l}, which follows from the state equation, in O(r^2) after the
     * autocovariances (R's Gardner et al. algorithm gives the same matrix). Null when the AR part is not stationary.
     */
    static final class StationaryCovariance {

        private StationaryCovariance() {
        }

        static double[][] of(double[] phi, double[] rv) {
            int r = phi.length;
            int p = r;
            while (p > 0 && phi[p - 1] == 0) {
                p--;
            }
            int q = r - 1;
            while (q > 0 && rv[q] == 0) {
                q--;
            }
            double[][] out = new double[r][r];
            if (p == 0) {
                // a moving average: the state is a sum of the innovations, P = sum_k shifted R R'
                for (int i = 0; i < r; i++) {
                    for (int l = i; l < r; l++) {
                        double v = 0;
                        for (int j = 0; l + j < r; j++) {
                            v += rv[i + j] * rv[l + j];
                        }
                        out[i][l] = v;
                        out[l][i] = v;
                    }
                }
                return out;
            }
            // psi weights of the MA(infinity) form, up to lag r
            double[] psi = new double[r + 1];
            psi[0] = 1;
            for (int j = 1; j <= r; j++) {
                double v = j < r ? rv[j] : 0;
                for (int i = 1; i <= Math.min(j, p); i++) {
                    v += phi[i - 1] * psi[j - i];
                }
                psi[j] = v;
            }
            // autocovariances gamma(0..r): gamma(k) - sum phi_j gamma(|k-j|) = sum_{j>=k} theta_j psi_{j-k}
            double[] rhs = new double[Math.max(p, q) + 2];
            for (int k = 0; k < rhs.length; k++) {
                double v = 0;
                for (int j = k; j <= q; j++) {
                    v += rv[j] * psi[j - k];
                }
                rhs[k] = v;
            }
            double[][] a = new double[p + 1][p + 1];
            double[] b = new double[p + 1];
            for (int k = 0; k <= p; k++) {
                a[k][k] += 1;
                for (int j = 1; j <= p; j++) {
                    a[k][Math.abs(k - j)] -= phi[j - 1];
                }
                b[k] = rhs[k];
            }
            double[] g = Linear.solve(a, b);
            if (g == null || !(g[0] > 0)) {
                return null;
            }
            double[] gamma = Arrays.copyOf(g, r + 1);
            for (int k = p + 1; k <= r; k++) {
                double v = k < rhs.length ? rhs[k] : 0;
                for (int j = 1; j <= p; j++) {
                    v += phi[j - 1] * gamma[k - j];
                }
                gamma[k] = v;
            }
            // row 0: Cov(y_t, alpha_t[m]) = sum_j phi_{m+j+1} gamma(j+1) + sum_j R_{m+j} psi_j
            for (int m = 0; m < r; m++) {
                double v = 0;
                for (int j = 0; m + j < r; j++) {
                    v += phi[m + j] * gamma[j + 1] + rv[m + j] * psi[j];
                }
                out[0][m] = v;
                out[m][0] = v;
            }
            out[0][0] = gamma[0];
            for (int i = r - 1; i >= 1; i--) {
                for (int l = r - 1; l >= i; l--) {
                    double v = (i + 1 < r && l + 1 < r ? out[i + 1][l + 1] : 0) + phi[i] * phi[l] * gamma[0]
                            + phi[i] * (l + 1 < r ? out[0][l + 1] : 0) + phi[l] * (i + 1 < r ? out[0][i + 1] : 0)
                            + rv[i] * rv[l];
                    out[i][l] = v;
                    out[l][i] = v;
                }
            }
            for (double[] row : out) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        return null;
                    }
                }
            }
            return out;
        }

        /** The same matrix by doubling, {@code P = sum_j T^j R R' T'^j}: the check of {@link #of} in tests. */
        static double[][] byDoubling(double[] phi, double[] rv) {
            int r = phi.length;
            double[][] p = new double[r][r];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    p[i][j] = rv[i] * rv[j];
                }
            }
            if (r == 1 && phi[0] == 0) {
                return p;
            }
            double[][] a = new double[r][r];
            for (int i = 0; i < r; i++) {
                a[i][0] = phi[i];
                if (i + 1 < r) {
                    a[i][i + 1] = 1;
                }
            }
            double[][] tmp = new double[r][r];
            double[][] inc = new double[r][r];
            for (int iteration = 0; iteration < 64; iteration++) {
                // inc = A P A'
                multiply(a, p, tmp);
                multiplyTransposed(tmp, a, inc);
                double change = 0;
                double size = 0;
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        p[i][j] += inc[i][j];
                        change = Math.max(change, Math.abs(inc[i][j]));
                        size = Math.max(size, Math.abs(p[i][j]));
                    }
                }
                if (!Double.isFinite(size)) {
                    return null;
                }
                if (change <= 1e-13 * size) {
                    return p;
                }
                multiply(a, a, tmp);
                for (int i = 0; i < r; i++) {
                    System.arraycopy(tmp[i], 0, a[i], 0, r);
                }
            }
            return null;
        }

        private static void multiply(double[][] a, double[][] b, double[][] out) {
            int r = a.length;
            for (int i = 0; i < r; i++) {
                double[] row = out[i];
                Arrays.fill(row, 0);
                for (int k = 0; k < r; k++) {
                    double v = a[i][k];
                    if (v != 0) {
                        double[] bk = b[k];
                        for (int j = 0; j < r; j++) {
                            row[j] += v * bk[j];
                        }
                    }
                }
            }
        }

        private static void multiplyTransposed(double[][] a, double[][] b, double[][] out) {
            int r = a.length;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    double s = 0;
                    double[] ai = a[i];
                    double[] bj = b[j];
                    for (int k = 0; k < r; k++) {
                        s += ai[k] * bj[k];
                    }
                    out[i][j] = s;
                }
            }
        }
    }
}
