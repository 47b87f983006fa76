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

    /** One trained or evaluated candidate and its validation score. */
    public record Candidate(String name, Method method, String representation, List<Long> seeds, int epochs,
            double validationMase, boolean chosen) {
    }

    /**
     * Interval widths calibrated on validation residuals: per horizon step, quantiles of the absolute
     * scale-free residual at probabilities 0.00, 0.01, ..., 1.00, from {@code samples} windows.
     */
    public record Intervals(int samples, double[][] absResidualQuantiles) {

        /**
         * Half-width, in scale-free units, of the central interval at {@code level} percent for horizon step
         * {@code step} (0-based). The probability is raised by the split-conformal finite-sample correction
         * (n+1)/n, with n the effective number of independent windows (overlapping windows of one horizon
         * share their errors, so n = samples / horizon). Steps beyond the calibrated horizon (recursive forecasts) widen with the square root of
         * the step, as a random walk's errors do.
         */
        public double halfWidth(int step, double level) {
            int calibrated = absResidualQuantiles.length;
            int k = Math.min(step, calibrated - 1);
            // overlapping windows share most of their errors: about samples / horizon of them are independent
            double effective = Math.max(1.0, samples / (double) calibrated);
            double p = Math.min(1.0, level / 100.0 * (effective + 1) / effective);
            double[] grid = absResidualQuantiles[k];
            double position = p * (grid.length - 1);
            int lower = (int) Math.floor(position);
            int upper = Math.min(lower + 1, grid.length - 1);
            double width = grid[lower] + (grid[upper] - grid[lower]) * (position - lower);
            return step < calibrated ? width : width * Math.sqrt((step + 1.0) / calibrated);
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
