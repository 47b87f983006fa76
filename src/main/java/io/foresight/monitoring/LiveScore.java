package io.foresight.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How forecasts held against the actual values: live MASE (the mean absolute error divided by each series'
 * validation MASE scale, so it reads on the same scale as the validation MASE), the share of actual values inside
 * each level's interval, the bias (mean forecast minus actual: positive when the forecasts ran high) and the number of
 * scored points. Numbers are null when no point could give them.
 *
 * @param coverage by level key ({@code "80"}, {@code "95"}), ascending
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LiveScore(Double mase, Map<String, Double> coverage, Double bias, int scoredPoints) {

    public static final LiveScore NONE = new LiveScore(null, Map.of(), null, 0);

    /** The score of {@code points}. */
    public static LiveScore of(List<ScoredPoint> points) {
        if (points.isEmpty()) {
            return NONE;
        }
        double scaled = 0;
        int scaledCount = 0;
        double error = 0;
        Map<Float, int[]> hits = new TreeMap<>(); // level -> {inside, total}
        for (ScoredPoint p : points) {
            if (Double.isFinite(p.scaledError())) {
                scaled += p.scaledError();
                scaledCount++;
            }
            error += p.error();
            for (int j = 0; j < p.levels().length; j++) {
                int[] h = hits.computeIfAbsent(p.levels()[j], l -> new int[2]);
                h[0] += p.covered()[j] ? 1 : 0;
                h[1]++;
            }
        }
        Map<String, Double> coverage = new LinkedHashMap<>();
        hits.forEach((level, h) -> coverage.put(ScoredPoint.levelKey(level), (double) h[0] / h[1]));
        return new LiveScore(scaledCount == 0 ? null : scaled / scaledCount, coverage, error / points.size(),
                points.size());
    }
}
