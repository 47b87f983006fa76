package io.foresight.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a version is drifting: over its last {@code window} scored points (by target timestamp), its live MASE exceeds
 * {@code maseFactor} times its validation MASE, or some level's coverage falls more than {@code coverageMargin} below
 * the level (80 % intervals covering less than 0.8 - margin of the actual values). Fewer points than the window are
 * not judged.
 */
public record DriftRule(int window, double maseFactor, double coverageMargin) {

    public DriftRule {
        if (window < 1 || !(maseFactor > 0) || !(coverageMargin >= 0 && coverageMargin < 1)) {
            throw new IllegalArgumentException("foresight.monitoring: drift-window must be 1 or more, drift-mase-factor"
                    + " positive and drift-coverage-margin between 0 and 1; got " + window + ", " + maseFactor + ", "
                    + coverageMargin);
        }
    }

    /**
     * The verdict on {@code points} (ordered by target timestamp, oldest first) of a version (or series) whose
     * validation MASE is {@code validationMase} (NaN: no MASE rule).
     */
    public Drift judge(List<ScoredPoint> points, double validationMase) {
        if (points.size() < window) {
            return new Drift(false, List.of(), LiveScore.of(points));
        }
        LiveScore recent = LiveScore.of(points.subList(points.size() - window, points.size()));
        List<String> reasons = new ArrayList<>();
        if (recent.mase() != null && Double.isFinite(validationMase) && recent.mase() > maseFactor * validationMase) {
            reasons.add(String.format(Locale.ROOT, "live MASE %.3f over the last %d points exceeds %s x the validation"
                    + " MASE %.3f", recent.mase(), window, plain(maseFactor), validationMase));
        }
        for (Map.Entry<String, Double> c : recent.coverage().entrySet()) {
            double level = Double.parseDouble(c.getKey()) / 100;
            if (c.getValue() < level - coverageMargin) {
                reasons.add(String.format(Locale.ROOT, "%s %% intervals covered %.3f of the last %d actual values,"
                        + " below %s - %s", c.getKey(), c.getValue(), window, plain(level), plain(coverageMargin)));
            }
        }
        return new Drift(!reasons.isEmpty(), List.copyOf(reasons), recent);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A verdict: drifting or not, why, and the score of the window it was judged on. */
    public record Drift(boolean drifting, List<String> reasons, LiveScore recent) {
    }
}
