package io.foresight.model;

/**
 * The KPSS test of level stationarity (Kwiatkowski, Phillips, Schmidt and Shin 1992), as urca's {@code ur.kpss(x,
 * type = "mu")} computes it: the one computation of it, for {@link AutoRegressiveForecaster} and for the
 * differencing order of {@link AutoArima} ({@code ndiffs}).
 */
final class Kpss {

    /** 5 % critical value of the level-stationarity statistic. */
    static final double CRITICAL_5 = 0.463;

    private Kpss() {
    }

    /** urca's "short" lag truncation, {@code trunc(4 (n/100)^0.25)}. */
    static int shortLags(int n) {
        return (int) Math.floor(4 * Math.pow(n / 100.0, 0.25));
    }

    /** The lag truncation forecast's {@code ndiffs} passes to urca: {@code trunc(3 sqrt(n) / 13)}. */
    static int ndiffsLags(int n) {
        return (int) Math.floor(3 * Math.sqrt(n) / 13);
    }

    /**
     * The statistic: partial sums of the deviations from the mean, scaled by the long-run variance (Bartlett window
     * of {@code lags} lags).
     */
    static double statistic(double[] x, int lags) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            e[t] = x[t] - mean;
        }
        double sumSquares = 0;
        double partial = 0;
        double partialSquares = 0;
        for (int t = 0; t < n; t++) {
            sumSquares += e[t] * e[t];
            partial += e[t];
            partialSquares += partial * partial;
        }
        double longRun = sumSquares;
        for (int l = 1; l <= Math.min(lags, n - 1); l++) {
            double c = 0;
            for (int t = l; t < n; t++) {
                c += e[t] * e[t - l];
            }
            longRun += 2 * (1 - l / (lags + 1.0)) * c;
        }
        longRun /= n;
        return longRun <= 0 ? 0 : partialSquares / ((double) n * n * longRun);
    }

    /** Whether the test rejects level stationarity at 5 % (urca's interpolated p-value below 0.05). */
    static boolean rejects(double[] x, int lags) {
        return statistic(x, lags) > CRITICAL_5;
    }
}
