package io.foresight.model;

/**
 * Seasonal-trend decomposition by loess (Cleveland et al. 1990) as R's {@code stl} computes it without robustness
 * weights (two inner passes, no outer one; the netlib algorithm with its jumps and end-point extrapolations), and
 * the seasonal strength forecast's {@code nsdiffs} decides seasonal differencing by.
 */
final class Stl {

    /** The parts of {@code y = seasonal + trend + remainder}. */
    record Decomposition(double[] seasonal, double[] trend, double[] remainder) {
    }

    private Stl() {
    }

    /**
     * Forecast's {@code seas.heuristic} for one season: {@code max(0, min(1, 1 - var(remainder) / var(remainder +
     * seasonal)))} of {@code mstl(y)}, which for one period is {@code stl(y, s.window = 11)}. Needs more than two
     * seasons.
     */
    static double seasonalStrength(double[] y, int period) {
        Decomposition d = decompose(y, period, 11);
        double[] detrended = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            detrended[t] = d.remainder()[t] + d.seasonal()[t];
        }
        double denominator = variance(detrended);
        if (!(denominator > 0)) {
            return 0;
        }
        return Math.max(0, Math.min(1, 1 - variance(d.remainder()) / denominator));
    }

    /** R's {@code stl(y, s.window)} with its defaults (s.degree 0, t.degree 1, l.degree 1, inner 2, outer 0). */
    static Decomposition decompose(double[] y, int period, int sWindow) {
        int n = y.length;
        if (period < 2 || n <= 2 * period) {
            throw new IllegalArgumentException("stl needs a period > 1 and more than two seasons");
        }
        int tWindow = nextOdd((int) Math.ceil(1.5 * period / (1 - 1.5 / sWindow)));
        int lWindow = nextOdd(period);
        int ns = odd(Math.max(3, sWindow));
        int nt = odd(Math.max(3, tWindow));
        int nl = odd(Math.max(3, lWindow));
        int sJump = (int) Math.ceil(ns / 10.0);
        int tJump = (int) Math.ceil(nt / 10.0);
        int lJump = (int) Math.ceil(nl / 10.0);
        // the jumps are R's defaults computed from the windows it passes (s.window as given, before making it odd)
        sJump = (int) Math.ceil(sWindow / 10.0);
        tJump = (int) Math.ceil(tWindow / 10.0);
        lJump = (int) Math.ceil(lWindow / 10.0);
        double[] trend = new double[n];
        double[] season = new double[n];
        double[] work1 = new double[n + 2 * period];
        double[] cycle = new double[n + 2 * period];
        double[] work3 = new double[n + 2 * period];
        double[] work4 = new double[n + 2 * period];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                work1[i] = y[i] - trend[i];
            }
            subseries(work1, n, period, ns, 0, sJump, cycle);
            lowPass(cycle, n + 2 * period, period, work3, work1);
            ess(work3, n, nl, 1, lJump, work1);
            for (int i = 0; i < n; i++) {
                season[i] = cycle[period + i] - work1[i];
            }
            for (int i = 0; i < n; i++) {
                work1[i] = y[i] - season[i];
            }
            ess(work1, n, nt, 1, tJump, trend);
        }
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            remainder[i] = y[i] - season[i] - trend[i];
        }
        return new Decomposition(season, trend, remainder);
    }

    private static int nextOdd(int x) {
        return x % 2 == 0 ? x + 1 : x;
    }

    private static int odd(int x) {
        return nextOdd(x);
    }

    /** Smooths each cycle-subseries and extends it by one point at either end ({@code stlss}); out has n + 2 np. */
    private static void subseries(double[] y, int n, int np, int ns, int degree, int jump, double[] out) {
        for (int j = 0; j < np; j++) {
            int k = (n - j - 1) / np + 1;
            double[] series = new double[k];
            for (int i = 0; i < k; i++) {
                series[i] = y[i * np + j];
            }
            double[] smooth = new double[k + 2];
            double[] fitted = new double[k];
            ess(series, k, ns, degree, jump, fitted);
            System.arraycopy(fitted, 0, smooth, 1, k);
            double[] w = new double[k];
            int nright = Math.min(ns, k);
            double left = est(series, k, ns, degree, 0, 1, nright, w);
            smooth[0] = Double.isNaN(left) ? smooth[1] : left;
            int nleft = Math.max(1, k - ns + 1);
            double right = est(series, k, ns, degree, k + 1, nleft, k, w);
            smooth[k + 1] = Double.isNaN(right) ? smooth[k] : right;
            for (int m = 0; m < k + 2; m++) {
                out[m * np + j] = smooth[m];
            }
        }
    }

    /** Moving averages of np, np and 3 points ({@code stlfts}): n points in, n - 2 np out. */
    private static void lowPass(double[] x, int n, int np, double[] out, double[] work) {
        movingAverage(x, n, np, out);
        movingAverage(out, n - np + 1, np, work);
        movingAverage(work, n - 2 * np + 2, 3, out);
    }

    private static void movingAverage(double[] x, int n, int len, double[] out) {
        int newn = n - len + 1;
        double v = 0;
        for (int i = 0; i < len; i++) {
            v += x[i];
        }
        out[0] = v / len;
        for (int j = 1; j < newn; j++) {
            v = v - x[j - 1] + x[len + j - 1];
            out[j] = v / len;
        }
    }

    /** Loess smoothing of y[0..n) evaluated every {@code jump} points and interpolated between ({@code stless}). */
    private static void ess(double[] y, int n, int len, int degree, int jump, double[] ys) {
        if (n < 2) {
            ys[0] = y[0];
            return;
        }
        double[] w = new double[n];
        int newnj = Math.min(jump, n - 1);
        int nleft = 0;
        int nright = 0;
        if (len >= n) {
            nleft = 1;
            nright = n;
            for (int i = 1; i <= n; i += newnj) {
                double v = est(y, n, len, degree, i, nleft, nright, w);
                ys[i - 1] = Double.isNaN(v) ? y[i - 1] : v;
            }
        } else if (newnj == 1) {
            int nsh = (len + 1) / 2;
            nleft = 1;
            nright = len;
            for (int i = 1; i <= n; i++) {
                if (i > nsh && nright != n) {
                    nleft++;
                    nright++;
                }
                double v = est(y, n, len, degree, i, nleft, nright, w);
                ys[i - 1] = Double.isNaN(v) ? y[i - 1] : v;
            }
        } else {
            int nsh = (len + 1) / 2;
            for (int i = 1; i <= n; i += newnj) {
                if (i < nsh) {
                    nleft = 1;
                    nright = len;
                } else if (i >= n - nsh + 1) {
                    nleft = n - len + 1;
                    nright = n;
                } else {
                    nleft = i - nsh + 1;
                    nright = len + i - nsh;
                }
                double v = est(y, n, len, degree, i, nleft, nright, w);
                ys[i - 1] = Double.isNaN(v) ? y[i - 1] : v;
            }
        }
        if (newnj != 1) {
            for (int i = 1; i <= n - newnj; i += newnj) {
                double delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;
                for (int j = i + 1; j <= i + newnj - 1; j++) {
                    ys[j - 1] = ys[i - 1] + delta * (j - i);
                }
            }
            int k = ((n - 1) / newnj) * newnj + 1;
            if (k != n) {
                double v = est(y, n, len, degree, n, nleft, nright, w);
                ys[n - 1] = Double.isNaN(v) ? y[n - 1] : v;
                if (k != n - 1) {
                    double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                    for (int j = k + 1; j <= n - 1; j++) {
                        ys[j - 1] = ys[k - 1] + delta * (j - k);
                    }
                }
            }
        }
    }

    /**
     * The loess estimate at {@code xs} (1-based) from the points {@code nleft..nright} with tricube weights
     * ({@code stlest}); NaN when no point has weight.
     */
    private static double est(double[] y, int n, int len, int degree, double xs, int nleft, int nright, double[] w) {
        double range = n - 1.0;
        double h = Math.max(xs - nleft, nright - xs);
        if (len > n) {
            h += (len - n) / 2;
        }
        double h9 = 0.999 * h;
        double h1 = 0.001 * h;
        double a = 0;
        for (int j = nleft; j <= nright; j++) {
            w[j - 1] = 0;
            double r = Math.abs(j - xs);
            if (r <= h9) {
                if (r <= h1) {
                    w[j - 1] = 1;
                } else {
                    double u = r / h;
                    double c = 1 - u * u * u;
                    w[j - 1] = c * c * c;
                }
                a += w[j - 1];
            }
        }
        if (a <= 0) {
            return Double.NaN;
        }
        for (int j = nleft; j <= nright; j++) {
            w[j - 1] /= a;
        }
        if (h > 0 && degree > 0) {
            a = 0;
            for (int j = nleft; j <= nright; j++) {
                a += w[j - 1] * j;
            }
            double b = xs - a;
            double c = 0;
            for (int j = nleft; j <= nright; j++) {
                c += w[j - 1] * (j - a) * (j - a);
            }
            if (Math.sqrt(c) > 0.001 * range) {
                b /= c;
                for (int j = nleft; j <= nright; j++) {
                    w[j - 1] *= b * (j - a) + 1;
                }
            }
        }
        double ys = 0;
        for (int j = nleft; j <= nright; j++) {
            ys += w[j - 1] * y[j - 1];
        }
        return ys;
    }

    /** Sample variance (n - 1 in the denominator, as R's {@code var}). */
    static double variance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }
}
