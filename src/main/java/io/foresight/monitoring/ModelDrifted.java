package io.foresight.monitoring;

import java.util.List;

/** Published when a version of a model starts drifting ({@link DriftRule}): the onset, once until it recovers. */
public record ModelDrifted(String model, int version, boolean production, List<String> reasons) {
}
