package io.foresight.forecast;

import java.util.List;
import java.util.Map;

/**
 * A rolling-origin cross-validation of one version: {@code windows} forecasts of {@code horizon} steps from cutoffs
 * {@code step} apart (the last one ending at the end of the data the version was trained on), each scored against
 * what happened. Scores are null where undefined (no actual value in a window).
 *
 * @param series  the series of a many-series version, null for a single-series one
 * @param refit   whether each cutoff was forecast by a model retrained on the data before it (always false today)
 * @param summary the mean of the windows' scores
 */
public record CrossValidation(String model, int version, String method, String series, int horizon, int step,
        boolean refit, List<Window> windows, Scores summary) {

    /**
     * One cutoff: {@code cutoff} is the timestamp of the last observation the forecast started from.
     */
    public record Window(String cutoff, List<Point> points, Double mase, Double smape, Double mae, Double rmse,
            Map<String, Double> coverage) {
    }

    /** One forecast step next to what happened ({@code actual} null where the data has no value). */
    public record Point(String timestamp, Double actual, double value, Map<String, Double> lower,
            Map<String, Double> upper) {
    }

    /** Scores over all windows: each the mean of the windows' (those where it is defined). */
    public record Scores(Double mase, Double smape, Double mae, Double rmse, Map<String, Double> coverage) {
    }
}
