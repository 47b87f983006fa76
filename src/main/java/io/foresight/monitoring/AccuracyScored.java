package io.foresight.monitoring;

/** Published after a model's recorded forecasts were scored again (new observations arrived). */
public record AccuracyScored(ModelAccuracy accuracy) {

    /** Whether the production version is drifting (false when there is none or it has no verdict). */
    public boolean productionDrifting() {
        return accuracy.production() != null && accuracy.versions().stream()
                .anyMatch(v -> v.version() == accuracy.production() && v.drifting());
    }
}
