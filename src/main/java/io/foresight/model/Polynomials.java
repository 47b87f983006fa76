package io.foresight.model;

/** Roots of real polynomials (small degrees: MA polynomials of {@link Arima}). */
final class Polynomials {

    private Polynomials() {
    }

    /**
     * The complex roots ({re, im}) of {@code c[0] + c[1] z + ... + c[n] z^n} ({@code c[n] != 0}), by the
     * Durand-Kerner iteration.
     */
    static double[][] roots(double[] c) {
        int n = c.length - 1;
        while (n > 0 && c[n] == 0) {
            n--;
        }
        double[][] z = new double[n][2];
        if (n == 0) {
            return z;
        }
        if (n == 1) {
            z[0][0] = -c[0] / c[1];
            return z;
        }
        double[] a = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            a[i] = c[i] / c[n];
        }
        double bound = 0;
        for (int i = 0; i < n; i++) {
            bound = Math.max(bound, Math.abs(a[i]));
        }
        bound += 1;
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n + 0.4;
            z[i][0] = 0.5 * bound * Math.cos(angle);
            z[i][1] = 0.5 * bound * Math.sin(angle);
        }
        for (int iteration = 0; iteration < 1000; iteration++) {
            double move = 0;
            for (int i = 0; i < n; i++) {
                // p(z_i)
                double pr = 1;
                double pi = 0;
                for (int k = n - 1; k >= 0; k--) {
                    double nr = pr * z[i][0] - pi * z[i][1] + a[k];
                    double ni = pr * z[i][1] + pi * z[i][0];
                    pr = nr;
                    pi = ni;
                }
                double dr = 1;
                double di = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        double xr = z[i][0] - z[j][0];
                        double xi = z[i][1] - z[j][1];
                        double nr = dr * xr - di * xi;
                        double ni = dr * xi + di * xr;
                        dr = nr;
                        di = ni;
                    }
                }
                double den = dr * dr + di * di;
                if (den == 0) {
                    dr = 1e-12;
                    den = 1e-24;
                }
                double qr = (pr * dr + pi * di) / den;
                double qi = (pi * dr - pr * di) / den;
                z[i][0] -= qr;
                z[i][1] -= qi;
                move = Math.max(move, Math.hypot(qr, qi));
            }
            if (move < 1e-14) {
                break;
            }
        }
        return z;
    }
}
