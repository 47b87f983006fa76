package io.foresight.monitoring;

import io.foresight.registry.IntervalCalibration;

/**
 * One forecast step whose actual value is known.
 *
 * @param target      the step's timestamp, as {@link LedgerEntry#origin} seconds
 * @param scaledError |forecast - actual| divided by the series' validation MASE scale (NaN when it has no finite,
 *                    positive scale)
 * @param error       forecast - actual
 * @param levels      the interval levels the forecast carried, in percent
 * @param covered     {@code covered[j]}: the actual lies within the interval at {@code levels[j]}, bounds included
 * @param entry       the recorded forecast the step belongs to (null in tests of the scores alone)
 * @param step        the step's index in {@code entry}, 0 for one step ahead
 * @param actual      the observed value
 */
public record ScoredPoint(long target, double scaledError, double error, float[] levels, boolean[] covered,
        LedgerEntry entry, int step, double actual) {

    /** Step {@code k} of {@code entry} against {@code actual}, whose timestamp is {@code target}. */
    static ScoredPoint of(LedgerEntry entry, int k, long target, double actual) {
        double value = entry.value(k);
        double scale = entry.maseScale();
        double scaled = Double.isFinite(scale) && scale > 0 ? Math.abs(value - actual) / scale : Double.NaN;
        boolean[] covered = new boolean[entry.levels().length];
        for (int j = 0; j < covered.length; j++) {
            covered[j] = entry.lower(j, k) <= actual && actual <= entry.upper(j, k);
        }
        return new ScoredPoint(target, scaled, value - actual, entry.levels(), covered, entry, k, actual);
    }

    /** A level as the forecasts' bounds are keyed: {@code "80"}, {@code "99.5"} (the float read back as written). */
    static String levelKey(float level) {
        return IntervalCalibration.levelKey(Double.parseDouble(Float.toString(level)));
    }
}
