package io.foresight.model;

/**
 * A linear regression of the target on the known-future channels (the last {@code knownFuture} channels: planned
 * drivers, calendar, holidays), whose remainder another forecaster ({@code remainder}, any statistical method)
 * forecasts: a regression with time-series errors, as R's {@code auto.arima(xreg = ...)} or Prophet's regressors.
 * At every origin the coefficients are fitted afresh (least squares, a tiny ridge so that a channel constant in the
 * history gets no weight) on the history before it, at most {@link StatisticalForecaster#MAX_HISTORY} points; in a
 * batch of more than {@link EtsForecaster#MAX_FITS_PER_BATCH} origins (a regression scored on every held-back window)
 * at most that many times, as ETS's own held-back scoring refits: an origin between two fits forecasts the remainder
 * of the latest one, with its remainder method's fit run on over the points seen since where that method keeps one
 * ({@link Forecaster#settled}). The remainder is the target less the drivers' effects about their mean (not less the
 * intercept), so it keeps the target's level and sign and the methods that need a positive series still see one. A
 * forecast step reads the drivers at that step alone: a driver changed at one step changes the forecast from that
 * step on only.
 */
public final class RegressionForecaster implements Forecaster {

    /** Ridge penalty relative to the standardised design's diagonal (one per observation). */
    private static final double RIDGE = 1e-6;

    private final Forecaster remainder;
    private final int knownFuture;
    private final boolean multiplicative;

    public RegressionForecaster(Forecaster remainder, int knownFuture, boolean multiplicative) {
        if (knownFuture < 1) {
            throw new IllegalArgumentException("a regression needs at least one known-future channel");
        }
        this.remainder = remainder;
        this.knownFuture = knownFuture;
        this.multiplicative = multiplicative;
    }

    /** Whether the drivers' effects multiply the target (where its history is positive) rather than add to it. */
    public boolean multiplicative() {
        return multiplicative;
    }

    /** The method that forecasts the remainder. */
    public Forecaster remainder() {
        return remainder;
    }

    @Override
    public int window() {
        return remainder.window();
    }

    @Override
    public int horizon() {
        return remainder.horizon();
    }

    @Override
    public double[][] forecast(double[][] channels, int[] ends) {
        int first = channels.length - knownFuture;
        int horizon = horizon();
        double[] y = channels[0];
        double[][] out = new double[ends.length][];
        // a batch of origins, earliest first, in at most MAX_FITS_PER_BATCH runs of consecutive origins: the drivers'
        // coefficients fitted at a run's first origin, its remainder one series that the remainder method forecasts
        // from each of the run's origins; the remainder's choice made at the earliest origin is kept for the later ones
        // (Forecaster.settled), as the remainder method's own held-back scoring keeps it
        Integer[] order = java.util.stream.IntStream.range(0, ends.length).boxed()
                .sorted(java.util.Comparator.comparingInt(i -> ends[i])).toArray(Integer[]::new);
        int step = (ends.length + EtsForecaster.MAX_FITS_PER_BATCH - 1) / EtsForecaster.MAX_FITS_PER_BATCH;
        Forecaster method = remainder;
        for (int j = 0; j < order.length; j += step) {
            int count = Math.min(step, order.length - j);
            int end = ends[order[j]];
            int start = Math.max(0, end - StatisticalForecaster.MAX_HISTORY);
            boolean logs = multiplicative && positive(y, start, end);
            Fit fit = fit(channels, logs ? logs(y, start, end) : y, first, start, end);
            double[] adjusted = new double[ends[order[j + count - 1]] - start];
            for (int t = start; t < start + adjusted.length; t++) {
                double effect = fit.effect(channels, first, t);
                adjusted[t - start] = logs ? y[t] / Math.exp(effect) : y[t] - effect;
            }
            if (ends.length > 1 && method == remainder) {
                method = remainder.settled(java.util.Arrays.copyOf(adjusted, end - start));
            }
            int[] run = new int[count];
            for (int k = 0; k < count; k++) {
                run[k] = ends[order[j + k]] - start;
            }
            double[][] rest = method.forecast(new double[][] {adjusted}, run);
            for (int k = 0; k < count; k++) {
                int at = ends[order[j + k]];
                out[order[j + k]] = new double[horizon];
                for (int h = 0; h < horizon; h++) {
                    double effect = fit.effect(channels, first, at + h);
                    out[order[j + k]][h] = logs ? rest[k][h] * Math.exp(effect) : rest[k][h] + effect;
                }
            }
        }
        return out;
    }

    private static boolean positive(double[] y, int start, int end) {
        for (int t = start; t < end; t++) {
            if (!(y[t] > 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@code y}'s logs over {@code [start, end)} (the same indices; the rest 0). */
    private static double[] logs(double[] y, int start, int end) {
        double[] logs = new double[end];
        for (int t = start; t < end; t++) {
            logs[t] = Math.log(y[t]);
        }
        return logs;
    }

    /**
     * The coefficients of the drivers fitted to {@code y} (the target, or its logs) on {@code [start, end)}: per driver
     * its mean and coefficient (zero for a driver without variation there, or when the history is too short to fit
     * them all).
     */
    static Fit fit(double[][] channels, double[] y, int first, int start, int end) {
        int p = channels.length - first;
        int n = end - start;
        double[] mean = new double[p];
        double[] sd = new double[p];
        double[] beta = new double[p];
        if (n < p + 3) {
            return new Fit(mean, beta);
        }
        for (int j = 0; j < p; j++) {
            double[] x = channels[first + j];
            double sum = 0;
            for (int t = start; t < end; t++) {
                sum += x[t];
            }
            mean[j] = sum / n;
            double squares = 0;
            for (int t = start; t < end; t++) {
                squares += (x[t] - mean[j]) * (x[t] - mean[j]);
            }
            sd[j] = Math.sqrt(squares / n);
        }
        double yMean = 0;
        for (int t = start; t < end; t++) {
            yMean += y[t];
        }
        yMean /= n;
        // normal equations of the standardised drivers (a driver without variation drops out)
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int j = 0; j < p; j++) {
            if (sd[j] < 1e-12) {
                a[j][j] = 1;
                continue;
            }
            for (int l = 0; l <= j; l++) {
                if (sd[l] < 1e-12) {
                    continue;
                }
                double s = 0;
                for (int t = start; t < end; t++) {
                    s += (channels[first + j][t] - mean[j]) * (channels[first + l][t] - mean[l]);
                }
                a[j][l] = s / (sd[j] * sd[l]);
                a[l][j] = a[j][l];
            }
            a[j][j] += RIDGE * n;
            double s = 0;
            for (int t = start; t < end; t++) {
                s += (channels[first + j][t] - mean[j]) * (y[t] - yMean);
            }
            b[j] = s / sd[j];
        }
        double[] z = Linear.solve(a, b); // null (singular) leaves every coefficient 0, as non-finite ones are
        for (int j = 0; j < p; j++) {
            beta[j] = z == null || sd[j] < 1e-12 || !Double.isFinite(z[j]) ? 0 : z[j] / sd[j];
        }
        return new Fit(mean, beta);
    }

    /** Fitted drivers: the effect at step t is the sum of coefficient x (driver - its mean). */
    record Fit(double[] mean, double[] beta) {

        double effect(double[][] channels, int first, int t) {
            double e = 0;
            for (int j = 0; j < beta.length; j++) {
                e += beta[j] * (channels[first + j][t] - mean[j]);
            }
            return e;
        }
    }
}
