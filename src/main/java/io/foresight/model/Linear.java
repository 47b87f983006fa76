package io.foresight.model;

/** Small dense linear algebra for the statistical methods: least squares, linear systems, eigenvectors, inverses. */
final class Linear {

    private Linear() {
    }

    /** Least-squares coefficients and their standard errors (R's {@code lm(y ~ X - 1)}). */
    record Ols(double[] beta, double[] se) {
    }

    /** Regression of {@code y} on the columns {@code x} without an intercept; null when they are collinear. */
    static Ols ols(double[][] x, double[] y) {
        int k = x.length;
        int n = y.length;
        double[][] xtx = new double[k][k];
        double[] xty = new double[k];
        for (int a = 0; a < k; a++) {
            for (int t = 0; t < n; t++) {
                xty[a] += x[a][t] * y[t];
            }
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += x[a][t] * x[b][t];
                }
                xtx[a][b] = s;
                xtx[b][a] = s;
            }
        }
        double[][] inverse = inverse(xtx);
        if (inverse == null) {
            return null;
        }
        double[] beta = new double[k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                beta[a] += inverse[a][b] * xty[b];
            }
        }
        double rss = 0;
        for (int t = 0; t < n; t++) {
            double e = y[t];
            for (int a = 0; a < k; a++) {
                e -= beta[a] * x[a][t];
            }
            rss += e * e;
        }
        double s2 = n > k ? rss / (n - k) : Double.NaN;
        double[] se = new double[k];
        for (int a = 0; a < k; a++) {
            se[a] = Math.sqrt(s2 * inverse[a][a]);
        }
        return new Ols(beta, se);
    }

    /** Residuals of the regression of {@code y} on an intercept and the columns {@code x} (R's {@code lm(y ~ x)}). */
    static double[] residualsWithIntercept(double[][] x, double[] y) {
        double[][] withIntercept = new double[x.length + 1][];
        withIntercept[0] = new double[y.length];
        java.util.Arrays.fill(withIntercept[0], 1);
        System.arraycopy(x, 0, withIntercept, 1, x.length);
        Ols ols = ols(withIntercept, y);
        if (ols == null) {
            return null;
        }
        double[] e = y.clone();
        for (int t = 0; t < y.length; t++) {
            for (int a = 0; a < withIntercept.length; a++) {
                e[t] -= ols.beta()[a] * withIntercept[a][t];
            }
        }
        return e;
    }

    /**
     * The right singular vectors of the matrix with columns {@code x} (eigenvectors of X'X by Jacobi rotations),
     * as columns {@code v[i][j]}, ordered by decreasing singular value.
     */
    static double[][] rightSingularVectors(double[][] x) {
        int k = x.length;
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < x[i].length; t++) {
                    s += x[i][t] * x[j][t];
                }
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        double[][] v = new double[k][k];
        for (int i = 0; i < k; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < k; p++) {
                for (int q = p + 1; q < k; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < k; r++) {
                        double arp = a[r][p];
                        double arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < k; r++) {
                        double apr = a[p][r];
                        double aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                    for (int r = 0; r < k; r++) {
                        double vrp = v[r][p];
                        double vrq = v[r][q];
                        v[r][p] = c * vrp - s * vrq;
                        v[r][q] = s * vrp + c * vrq;
                    }
                }
            }
        }
        Integer[] idx = new Integer[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (i, j) -> Double.compare(a[j][j], a[i][i]));
        double[][] sorted = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < k; r++) {
                sorted[r][c] = v[r][idx[c]];
            }
        }
        return sorted;
    }

    /** The columns {@code x} times {@code v}: new column j is sum_i x_i v[i][j]. */
    static double[][] rotate(double[][] x, double[][] v) {
        int k = x.length;
        int n = x[0].length;
        double[][] out = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                double w = v[i][j];
                if (w != 0) {
                    for (int t = 0; t < n; t++) {
                        out[j][t] += w * x[i][t];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Whether every diagonal element of {@code A' H^-1 A} ({@code A} null: identity) is positive and finite: R's
     * {@code checkarima} on the coefficients' variance.
     */
    static boolean inverseDiagonalPositive(double[][] h, double[][] a) {
        double[][] inv = inverse(h);
        if (inv == null) {
            return false;
        }
        int n = h.length;
        for (int j = 0; j < n; j++) {
            double d = 0;
            if (a == null) {
                d = inv[j][j];
            } else {
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) {
                        d += a[i][j] * inv[i][k] * a[k][j];
                    }
                }
            }
            if (!(d >= 0) || !Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Solves {@code a x = b} by Gaussian elimination with partial pivoting; null for a singular system (a pivot below
     * 1e-12 of the largest diagonal element). The one solver of the statistical methods' small normal equations.
     */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(a[i][i]));
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(m[pivot][c]) > 1e-12 * scale)) {
                return null;
            }
            double[] tmp = m[c];
            m[c] = m[pivot];
            m[pivot] = tmp;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int j = c; j <= n; j++) {
                    m[r][j] -= f * m[c][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }

    /** The inverse by Gauss-Jordan elimination with partial pivoting; null when singular. */
    static double[][] inverse(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(m[i][j]));
            }
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot][c]) > 1e-14 * scale)) {
                return null;
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            double d = a[c][c];
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
