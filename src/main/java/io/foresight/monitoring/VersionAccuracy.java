package io.foresight.monitoring;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The live accuracy of one version (of one series, when asked for one): its scores over every scored point, its
 * validation MASE to compare {@code mase} with, the score of the drift window ({@code recent}: the last
 * {@code foresight.monitoring.drift-window} points) and whether it is drifting, with the reasons.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VersionAccuracy(int version, Double validationMase, Double mase, Map<String, Double> coverage, Double bias,
        int scoredPoints, LiveScore recent, boolean drifting, List<String> driftReasons) {

    static VersionAccuracy of(int version, double validationMase, LiveScore all, DriftRule.Drift drift) {
        return new VersionAccuracy(version, Double.isFinite(validationMase) ? validationMase : null, all.mase(),
                all.coverage(), all.bias(), all.scoredPoints(), drift.recent(), drift.drifting(), drift.reasons());
    }
}
