package io.foresight.forecast;

import java.util.List;
import java.util.Map;

/**
 * One page of the series of a many-series model version, with what each one forecasts with and how it validated.
 *
 * @param total   series matching the query
 * @param methods how many of the version's series each method was chosen for
 */
public record SeriesList(String model, int version, String query, int page, int size, int total,
        Map<String, Integer> methods, List<Item> series) {

    /**
     * One series: its chosen method and candidate, its held-back MASE and the naive baselines' on the same windows,
     * its length and last timestamp, the recent values of its training data (for a sparkline), and why it has no
     * model when it has none ({@code failure}; then the scores are null); {@code readsKnownFuture}: for a version
     * trained with a known future, whether this series' forecast reads it (a regression on it, or networks fitted
     * with it; {@code GET .../series/{id}/drivers} says what it measured), else null.
     */
    public record Item(String id, String method, String candidate, Double mase, Double naiveMase, Double seasonalNaiveMase,
            int points, String end, double[] recent, String failure, Boolean readsKnownFuture) {
    }
}
