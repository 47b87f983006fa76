package io.foresight.model;

import java.util.function.ToDoubleFunction;

/**
 * Quasi-Newton minimisation as R's {@code optim(method = "BFGS")} does it (the variable-metric method {@code vmmin}
 * of Nash's Compact Numerical Methods, backtracking line search, relative tolerance 1e-8, at most 100 iterations)
 * with its finite-difference gradient (central differences of 1e-3 in units of {@code parscale}). Following R's path
 * step by step is what lets {@link Arima} land where R's {@code arima} lands when the likelihood is flat.
 */
final class Bfgs {

    static final int MAX_ITERATIONS = 100;
    static final double RELATIVE_TOLERANCE = 1e-8;
    static final double STEP = 1e-3;
    private static final double STEP_REDUCTION = 0.2;
    private static final double ACCEPTANCE = 1e-4;
    private static final double RELATIVE_TEST = 10.0;

    /** The minimum found: where, the value there, and whether the iterations ran out first. */
    record Result(double[] par, double value, boolean converged) {
    }

    private Bfgs() {
    }

    /**
     * Minimises {@code f} from {@code start}; {@code parscale} as R's control. Returns null when {@code f} is not
     * finite at the start or a finite difference is not finite (R's errors).
     */
    static Result minimise(ToDoubleFunction<double[]> f, double[] start, double[] parscale) {
        int n = start.length;
        ToDoubleFunction<double[]> scaled = x -> f.applyAsDouble(unscale(x, parscale));
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = start[i] / parscale[i];
        }
        if (n == 0) {
            double v = f.applyAsDouble(new double[0]);
            return Double.isFinite(v) ? new Result(new double[0], v, true) : null;
        }
        double fmin = scaled.applyAsDouble(b);
        if (!Double.isFinite(fmin)) {
            return null;
        }
        double[] g = gradient(scaled, b);
        if (g == null) {
            return null;
        }
        int iterations = 1;
        int gradients = 1;
        int ilast = gradients;
        double[][] h = new double[n][n];
        double[] t = new double[n];
        double[] x = new double[n];
        double[] c = new double[n];
        int count;
        double f1 = fmin;
        do {
            if (ilast == gradients) {
                for (int i = 0; i < n; i++) {
                    java.util.Arrays.fill(h[i], 0);
                    h[i][i] = 1;
                }
            }
            for (int i = 0; i < n; i++) {
                x[i] = b[i];
                c[i] = g[i];
            }
            double gradproj = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s -= h[i][j] * g[j];
                }
                t[i] = s;
                gradproj += s * g[i];
            }
            if (gradproj < 0) {
                double steplength = 1.0;
                boolean accpoint = false;
                do {
                    count = 0;
                    for (int i = 0; i < n; i++) {
                        b[i] = x[i] + steplength * t[i];
                        if (RELATIVE_TEST + x[i] == RELATIVE_TEST + b[i]) {
                            count++;
                        }
                    }
                    if (count < n) {
                        f1 = scaled.applyAsDouble(b);
                        accpoint = Double.isFinite(f1) && f1 <= fmin + gradproj * steplength * ACCEPTANCE;
                        if (!accpoint) {
                            steplength *= STEP_REDUCTION;
                        }
                    }
                } while (!(count == n || accpoint));
                boolean enough = Math.abs(f1 - fmin) > RELATIVE_TOLERANCE * (Math.abs(fmin) + RELATIVE_TOLERANCE);
                if (!enough) {
                    count = n;
                    fmin = f1;
                }
                if (count < n) {
                    fmin = f1;
                    g = gradient(scaled, b);
                    if (g == null) {
                        return null;
                    }
                    gradients++;
                    iterations++;
                    double d1 = 0;
                    for (int i = 0; i < n; i++) {
                        t[i] *= steplength;
                        c[i] = g[i] - c[i];
                        d1 += t[i] * c[i];
                    }
                    if (d1 > 0) {
                        double d2 = 0;
                        for (int i = 0; i < n; i++) {
                            double s = 0;
                            for (int j = 0; j < n; j++) {
                                s += h[i][j] * c[j];
                            }
                            x[i] = s;
                            d2 += s * c[i];
                        }
                        d2 = 1 + d2 / d1;
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < n; j++) {
                                h[i][j] += (d2 * t[i] * t[j] - x[i] * t[j] - t[i] * x[j]) / d1;
                            }
                        }
                    } else {
                        ilast = gradients;
                    }
                } else if (ilast < gradients) {
                    count = 0;
                    ilast = gradients;
                }
            } else {
                count = 0;
                if (ilast == gradients) {
                    count = n;
                } else {
                    ilast = gradients;
                }
            }
            if (iterations >= MAX_ITERATIONS) {
                return new Result(unscale(b, parscale), fmin, false);
            }
            if (gradients - ilast > 2 * n) {
                ilast = gradients;
            }
        } while (count != n || ilast != gradients);
        return new Result(unscale(b, parscale), fmin, true);
    }

    /**
     * The Hessian at {@code par} by central differences of the finite-difference gradient (R's {@code optimhess}),
     * in the units of {@code par}; null when a value is not finite.
     */
    static double[][] hessian(ToDoubleFunction<double[]> f, double[] par, double[] parscale) {
        int n = par.length;
        ToDoubleFunction<double[]> scaled = x -> f.applyAsDouble(unscale(x, parscale));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = par[i] / parscale[i];
        }
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            double eps = STEP / parscale[i];
            d[i] += eps;
            double[] g1 = gradient(scaled, d);
            d[i] -= 2 * eps;
            double[] g2 = gradient(scaled, d);
            d[i] += eps;
            if (g1 == null || g2 == null) {
                return null;
            }
            for (int j = 0; j < n; j++) {
                h[i][j] = (g1[j] - g2[j]) / (2 * eps * parscale[i] * parscale[j]);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        return h;
    }

    /** Central differences of {@link #STEP} in the scaled coordinates; null when one is not finite. */
    private static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        int n = x.length;
        double[] g = new double[n];
        double[] y = x.clone();
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + STEP;
            double up = f.applyAsDouble(y);
            y[i] = x[i] - STEP;
            double down = f.applyAsDouble(y);
            y[i] = x[i];
            g[i] = (up - down) / (2 * STEP);
            if (!Double.isFinite(g[i])) {
                return null;
            }
        }
        return g;
    }

    private static double[] unscale(double[] x, double[] parscale) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = x[i] * parscale[i];
        }
        return p;
    }
}
