package io.foresight.monitoring;

import java.util.List;

/**
 * The live accuracy of a model's recorded forecasts, per version (newest first); of one series when {@code series} is
 * set (many-series models), otherwise over all series. {@code production} is the production version, or null;
 * {@code points} are the production version's latest scored points for a chart (see {@link LivePoint#latest}), empty
 * for all series of a many-series model together.
 */
public record ModelAccuracy(String model, String series, Integer production, DriftRule driftRule,
        List<VersionAccuracy> versions, List<LivePoint> points) {
}
