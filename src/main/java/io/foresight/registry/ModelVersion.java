package io.foresight.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.foresight.model.Accuracy;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Scaler;

/**
 * The manifest of one immutable model version: everything needed to forecast with it (method, settings,
 * scaler, the training tail, interval widths) and to trust it (data hash, backtest, candidates, provenance,
 * checksums of its files). Stored as {@code manifest.json}; never changed after it is written.
 */
public record ModelVersion(
        int schemaVersion,
        String model,
        int version,
        Instant createdAt,
        Method method,
        TrainingSettings settings,
        Scaler scaler,
        List<Member> members,
        Data data,
        Backtest backtest,
        List<Candidate> candidates,
        String selection,
        Intervals intervals,
        HeldBack heldBack,
        Tail tail,
        Provenance provenance,
        String promotion,
        Map<String, String> files) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * Name prefix of the candidate that scores a warm start's parent version on the new held-back windows,
     * e.g. {@code PARENT_VERSION_3}: what the new version is compared with before it may be promoted.
     */
    public static final String PARENT_CANDIDATE_PREFIX = "PARENT_VERSION_";

    public ModelVersion withVersion(int number, String promotionNote, Map<String, String> checksums) {
        return new ModelVersion(schemaVersion, model, number, createdAt, method, settings, scaler, members, data, backtest,
                candidates, selection, intervals, heldBack, tail, provenance, promotionNote, checksums);
    }

    /**
     * The first number of this manifest's scores, intervals and held-back forecasts that is not finite (as
     * {@code "backtest.model.rmse is Infinity"}), or null when all are: a version is registered only without one.
     * Parts a manifest lacks are skipped.
     */
    public String firstNonFinite() {
        List<String> found = new java.util.ArrayList<>(1);
        if (backtest != null) {
            finite(found, "backtest.maseScale", backtest.maseScale());
            accuracy(found, "backtest.model", backtest.model());
            accuracy(found, "backtest.naive", backtest.naive());
            accuracy(found, "backtest.seasonalNaive", backtest.seasonalNaive());
        }
        if (candidates != null) {
            candidates.forEach(c -> finite(found, "the validation MASE of candidate " + c.name(), c.validationMase()));
        }
        if (intervals != null && intervals.rms() != null && intervals.absResidualQuantiles() != null) {
            finite(found, "intervals.rms", intervals.rms());
            for (double[] quantiles : intervals.absResidualQuantiles()) {
                finite(found, "intervals.absResidualQuantiles", quantiles);
            }
        }
        if (heldBack != null) {
            finite(found, "heldBack.predicted", heldBack.predicted());
            heldBack.lower().forEach((level, values) -> finite(found, "a held-back " + level + " % lower bound", values));
            heldBack.upper().forEach((level, values) -> finite(found, "a held-back " + level + " % upper bound", values));
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static void accuracy(List<String> found, String name, Accuracy a) {
        if (a != null) {
            finite(found, name + ".mae", a.mae());
            finite(found, name + ".rmse", a.rmse());
            finite(found, name + ".mase", a.mase());
            finite(found, name + ".smape", a.smape());
        }
    }

    private static void finite(List<String> found, String name, double... values) {
        if (values == null) {
            return;
        }
        for (double value : values) {
            if (found.isEmpty() && !Double.isFinite(value)) {
                found.add(name + " is " + value);
            }
        }
    }

    /**
     * One network of the version (several when the method is {@code ENSEMBLE}, whose forecast is their mean):
     * its architecture, how it encodes values, its seed and the files holding its configuration and parameters.
     */
    public record Member(Method method, Scaler scaler, long seed, String configFile, String paramsFile) {
    }

    /** Where the version's data came from. */
    public record Data(String datasetId, String datasetName, String sha256, String target, List<String> features,
            String frequency, boolean dateOnly, int points, int filledValues, String start, String end) {
    }

    /**
     * The held-back evaluation: the chosen method and both baselines on the same validation windows.
     */
    public record Backtest(int validationWindows, int trainWindows, int seasonalPeriod, double maseScale,
            Accuracy model, Accuracy naive, Accuracy seasonalNaive, boolean beatsNaive, boolean beatsSeasonalNaive) {
    }

    /**
     * One trained or evaluated candidate and its validation score. {@code seeds}: its networks' seeds (an AUTO
     * network candidate is the mean of several); {@code epochs}: the best epoch, the latest of its networks'.
     */
    public record Candidate(String name, Method method, String representation, List<Long> seeds, int epochs,
            double validationMase, boolean chosen) {
    }

    /**
     * Interval widths calibrated on held-back residuals (scale-free units): per horizon step, quantiles of
     * the absolute residual at probabilities 0.00, 0.01, ..., 1.00, and the root mean square residual, from
     * {@code samples} windows.
     */
    public record Intervals(int samples, double[][] absResidualQuantiles, double[] rms) {

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
            double[] grid = absResidualQuantiles[k];
            double position = p * (grid.length - 1);
            int lower = (int) Math.floor(position);
            int upper = Math.min(lower + 1, grid.length - 1);
            double empirical = grid[lower] + (grid[upper] - grid[lower]) * (position - lower);
            double effective = Math.max(1.0, (samples + k) / (k + 1.0));
            // a prediction interval from a spread estimated on few independent errors: Student's t with
            // (independent errors - 1) degrees of freedom, at least 2, and the mean's own uncertainty
            double degrees = Math.max(2.0, effective - 1);
            double normal = studentQuantile(0.5 + level / 200.0, degrees) * rms[k] * Math.sqrt(1 + 1 / effective);
            double width = Math.max(empirical, normal);
            return step < calibrated ? width : width * Math.sqrt((step + 1.0) / calibrated);
        }

        /**
         * The intervals of one forecast step, the one computation of forecast bounds (served forecasts and the
         * held-back part of a manifest): {@code lower[j]} and {@code upper[j]} get the bounds at {@code levels[j]}
         * (ascending) around {@code value}, the forecast of step {@code step}, moved by the level's half-width in
         * {@code scaler}'s scale-free units; lower bounds stay at or above {@code floor} (0 for a positive series,
         * else negative infinity) unless the value itself is below it. The result always has
         * {@code lower[j] <= value <= upper[j]} and each level's interval inside the next wider one (a zero width on
         * the log scale would otherwise give 4.999999999999999 around 5).
         *
         * @throws ArithmeticException when the value or a bound is not a finite number (values too large for the
         *                             model's arithmetic); its message names the step and the bound
         */
        public void bounds(Scaler scaler, double floor, int step, double value, double[] levels, double[] lower,
                double[] upper) {
            if (!Double.isFinite(value)) {
                throw new ArithmeticException("the forecast of step " + (step + 1) + " is " + value);
            }
            for (int j = 0; j < levels.length; j++) {
                double half = halfWidth(step, levels[j]);
                lower[j] = Math.min(value, Math.max(floor, scaler.shift(value, -half)));
                upper[j] = Math.max(value, scaler.shift(value, half));
                if (!Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
                    throw new ArithmeticException("the " + level(levels[j]) + " % interval of step " + (step + 1) + " is ["
                            + lower[j] + ", " + upper[j] + "] around " + value);
                }
            }
        }

        private static String level(double level) {
            return level == Math.rint(level) ? Long.toString((long) level) : Double.toString(level);
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

    /**
     * The chosen method's forecasts over the held-back part, next to what happened: consecutive forecasts of
     * one horizon each from origins at the start of the held-back part, with 80 % and 95 % intervals.
     */
    public record HeldBack(List<String> timestamps, double[] actual, double[] predicted, Map<String, double[]> lower,
            Map<String, double[]> upper) {
    }

    /** The end of the training data: what a forecast without {@code history} starts from. */
    public record Tail(List<String> timestamps, double[][] values) {
    }

    public record Provenance(String jobId, Instant startedAt, Instant finishedAt, double trainingSeconds,
            Map<String, String> libraries, Integer parentVersion) {
    }
}
