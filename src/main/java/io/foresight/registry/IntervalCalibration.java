package io.foresight.registry;

import java.util.Arrays;
import java.util.List;

import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/**
 * A version's stored interval calibration (the manifest's {@code intervals}): per horizon step, quantiles of the
 * absolute held-back residual (scale-free units, in the version's interval scale) at probabilities 0.00, 0.01,
 * ..., 1.00, and the root mean square residual, from {@code samples} windows. {@link #bounds} is the one
 * computation of forecast bounds, for served forecasts and for the held-back part of a manifest alike.
 */
public record IntervalCalibration(int samples, double[][] absResidualQuantiles, double[] rms, Boolean overlapping) {

    /** A calibration counting independent errors by blocks of windows (what versions stored before 2026-12-06 use). */
    public IntervalCalibration(int samples, double[][] absResidualQuantiles, double[] rms) {
        this(samples, absResidualQuantiles, rms, null);
    }

    /** The interval levels (percent) of a forecast that names none and of a manifest's held-back part. */
    public static final List<Double> DEFAULT_LEVELS = List.of(80.0, 95.0);

    /** Points of the quantile grid beyond the first: {@code absResidualQuantiles[k]} has {@code GRID + 1} entries. */
    public static final int GRID = 100;

    /** How a level is written as a key of the lower and upper maps: {@code "80"}, {@code "99.5"}. */
    public static String levelKey(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : Double.toString(level);
    }

    /**
     * The lowest a lower bound may go for a model trained on {@code trained}: a series trained on a log
     * representation is positive, so its lower bounds stay at or above zero even when the widths are on the level
     * scale (a statistical method's held-back forecasts reached zero); otherwise there is no floor.
     */
    public static double floor(Representation trained) {
        return trained.log() ? 0 : Double.NEGATIVE_INFINITY;
    }

    /**
     * The calibration of absolute residuals ({@code absResiduals[k]}: step {@code k}'s, one per window, in window
     * order): per step their root mean square and their quantile grid. A many-series version stores the residuals
     * and rebuilds its series' calibrations with this, as training built them.
     */
    public static IntervalCalibration of(double[][] absResiduals) {
        return of(absResiduals, false);
    }

    /**
     * {@link #of(double[][])}; {@code overlapping}: the errors of overlapping windows count with the efficiency of an
     * overlapping estimator ({@link #effective}), as a single-series version trained since 2026-12-06 does.
     */
    public static IntervalCalibration of(double[][] absResiduals, boolean overlapping) {
        int horizon = absResiduals.length;
        int n = absResiduals[0].length;
        double[][] quantiles = new double[horizon][GRID + 1];
        double[] rms = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            double[] abs = absResiduals[k].clone();
            double squares = 0;
            for (int i = 0; i < n; i++) {
                squares += abs[i] * abs[i];
            }
            rms[k] = Math.sqrt(squares / n);
            Arrays.sort(abs);
            for (int q = 0; q <= GRID; q++) {
                quantiles[k][q] = quantile(abs, q / (double) GRID);
            }
        }
        return new IntervalCalibration(n, quantiles, rms, overlapping ? Boolean.TRUE : null);
    }

    /** The {@code p}-quantile of {@code sorted} (ascending), by linear interpolation between order statistics. */
    public static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    /**
     * Half-width, in scale-free units, of the central interval at {@code level} percent for horizon step
     * {@code step} (0-based): the larger of the empirical quantile (with the split-conformal correction
     * (n+1)/n) and a normal interval {@code z * rms * sqrt(1 + 1/n_eff)}. Windows one step apart share
     * shocks: the errors {@code k + 1} steps ahead of two origins are independent only when the origins are
     * at least {@code k + 1} steps apart, so step {@code k} has about {@code n_eff = (samples + k) / (k + 1)}
     * independent errors (the number of blocks of {@code k + 1} consecutive origins). With few of them the
     * empirical quantile alone is too narrow. Steps beyond the calibrated horizon (recursive forecasts)
     * widen with the square root of the step, as a random walk's errors do.
     */
    public double halfWidth(int step, double level) {
        int calibrated = absResidualQuantiles.length;
        int k = Math.min(step, calibrated - 1);
        double p = Math.min(1.0, level / 100.0 * (samples + 1) / samples);
        double empirical = quantile(absResidualQuantiles[k], p);
        double effective = effective(samples, k, Boolean.TRUE.equals(overlapping));
        // a prediction interval from a spread estimated on few independent errors: Student's t with
        // (independent errors - 1) degrees of freedom, at least 2, and the mean's own uncertainty
        double degrees = Math.max(2.0, effective - 1);
        double normal = studentQuantile(0.5 + level / 200.0, degrees) * rms[k] * Math.sqrt(1 + 1 / effective);
        double width = Math.max(empirical, normal);
        return step < calibrated ? width : width * Math.sqrt((step + 1.0) / calibrated);
    }

    /**
     * About how many independent errors {@code samples} windows one step apart hold at step {@code k} (0-based): the
     * number of blocks of {@code k + 1} consecutive windows, {@code (samples + k) / (k + 1)}; with {@code overlapping}
     * that times the efficiency of estimating a spread from every overlapping window rather than from disjoint blocks,
     * {@code 1 + k / (2 (k + 1))}: 1 at the first step (no overlap), towards 3/2 (the overlapping estimator's known
     * asymptotic gain over the block estimator) at long horizons. Counted by blocks alone, a Gaussian random walk's
     * 95 % intervals covered 0.97-0.98 of new errors in simulation, 0.98-0.99 at the last step; with the efficiency,
     * 0.96-0.97 (docs/BACKTEST.md, "Selection on rolling origins").
     */
    static double effective(int samples, int k, boolean overlapping) {
        double blocks = (samples + k) / (k + 1.0);
        return Math.max(1.0, overlapping ? blocks * (1 + 0.5 * k / (k + 1.0)) : blocks);
    }

    /**
     * The intervals of one forecast step: {@code lower[j]} and {@code upper[j]} get the bounds at {@code levels[j]}
     * (ascending) around {@code value}, the forecast of step {@code step}, moved by the level's half-width in
     * {@code scale}'s scale-free units; lower bounds stay at or above {@code floor} ({@link #floor}) unless the value
     * itself is below it. The result always has {@code lower[j] <= value <= upper[j]} and each level's interval
     * inside the next wider one (a zero width on the log scale would otherwise give 4.999999999999999 around 5).
     *
     * @throws ArithmeticException when the value or a bound is not a finite number (values too large for the
     *                             model's arithmetic); its message names the step and the bound
     */
    public void bounds(Scaler scale, double floor, int step, double value, double[] levels, double[] lower,
            double[] upper) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("the forecast of step " + (step + 1) + " is " + value);
        }
        for (int j = 0; j < levels.length; j++) {
            double half = halfWidth(step, levels[j]);
            lower[j] = Math.min(value, Math.max(floor, scale.shift(value, -half)));
            upper[j] = Math.max(value, scale.shift(value, half));
            if (!Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
                throw new ArithmeticException("the " + levelKey(levels[j]) + " % interval of step " + (step + 1) + " is ["
                        + lower[j] + ", " + upper[j] + "] around " + value);
            }
        }
    }

    /** The most quantiles one forecast may ask for. */
    public static final int MAX_QUANTILES = 20;

    /** How a quantile is written as a key of a point's {@code quantiles} map: {@code "0.1"}, {@code "0.025"}. */
    public static String quantileKey(double quantile) {
        return java.math.BigDecimal.valueOf(quantile).stripTrailingZeros().toPlainString();
    }

    /**
     * The level (percent) of the central interval one of whose bounds is the {@code quantile}: {@code 100 (1 - 2q)}
     * below the median, {@code 100 (2q - 1)} above it, 0 for the median itself (rounded to 1e-9 so that 0.1 and 0.9
     * give exactly 80).
     */
    public static double quantileLevel(double quantile) {
        double level = quantile < 0.5 ? 100 - 200 * quantile : 200 * quantile - 100;
        return Math.round(level * 1e9) / 1e9;
    }

    /**
     * The {@code quantiles} (each strictly between 0 and 1) of the forecast of step {@code step} into
     * {@code values[j]}, by {@link #bounds}: a quantile below 0.5 is the lower bound of the central interval at
     * {@link #quantileLevel}, one above it the upper bound, 0.5 the forecast {@code value} itself. So 0.1 and 0.9
     * are the 80 % bounds, and the quantiles rise with {@code q} (the half-width grows with the level).
     *
     * @throws ArithmeticException as {@link #bounds}
     */
    public void quantiles(Scaler scale, double floor, int step, double value, double[] quantiles, double[] values) {
        double[] level = new double[1];
        double[] lower = new double[1];
        double[] upper = new double[1];
        for (int j = 0; j < quantiles.length; j++) {
            double q = quantiles[j];
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("a quantile must be strictly between 0 and 1; got " + q);
            }
            level[0] = quantileLevel(q);
            if (level[0] == 0) {
                if (!Double.isFinite(value)) {
                    throw new ArithmeticException("the forecast of step " + (step + 1) + " is " + value);
                }
                values[j] = value;
                continue;
            }
            bounds(scale, floor, step, value, level, lower, upper);
            values[j] = q < 0.5 ? lower[0] : upper[0];
        }
    }

    /**
     * Student's t quantile with {@code degrees} degrees of freedom, by the Cornish-Fisher expansion around the
     * normal quantile (Abramowitz &amp; Stegun 26.7.5); within 1 % of the exact value for the levels used here
     * from 2 degrees of freedom (IntervalWidthTest).
     */
    static double studentQuantile(double p, double degrees) {
        double z = normalQuantile(p);
        double z2 = z * z;
        double g1 = (z2 + 1) * z / 4;
        double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
        double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
        double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
        double v = degrees;
        return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
    static double normalQuantile(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
