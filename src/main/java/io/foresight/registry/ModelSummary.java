package io.foresight.registry;

import java.util.List;
import java.util.Map;

/**
 * A model at a glance: its versions (oldest first) with their scores, lineage and aliases, the version
 * {@code production} points to, and any stored version that failed its integrity check at start-up (those
 * are never served).
 */
public record ModelSummary(String name, List<VersionSummary> versions, Map<String, Integer> aliases,
        Integer production, Integer latest, List<UnavailableVersion> unavailable) {

    /**
     * One version: when it was made, by which method, how it validated against the baselines, which aliases
     * point to it and why it was or was not promoted, and where it came from (dataset, data hash, job,
     * training time, the version it was warm-started from).
     */
    public record VersionSummary(int version, String createdAt, String method, double validationMase,
            double naiveMase, double seasonalNaiveMase, boolean beatsNaive, boolean beatsSeasonalNaive,
            List<String> aliases, String promotion, String datasetId, String dataSha256, String target,
            Integer horizon, String jobId, Double trainingSeconds, Integer parentVersion) {
    }

    /** A version on disk that is not served, and why. */
    public record UnavailableVersion(int version, String reason) {
    }
}
