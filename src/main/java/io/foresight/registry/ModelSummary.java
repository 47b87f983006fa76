package io.foresight.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model at a glance: its versions (oldest first) with their scores, lineage and aliases, the version
 * {@code production} points to, and any stored version that failed its integrity check at start-up (those
 * are never served).
 */
public record ModelSummary(String name, List<VersionSummary> versions, Map<String, Integer> aliases,
        Integer production, Integer latest, List<UnavailableVersion> unavailable) {

    /** The summary of model {@code name} as {@code entry} holds it. */
    static ModelSummary of(String name, ModelEntry entry) {
        List<VersionSummary> versions = new ArrayList<>();
        for (ModelVersion v : entry.versions().values()) {
            ModelVersion.Validation b = v.validation();
            ModelVersion.Data data = v.data();
            ModelVersion.Provenance p = v.provenance();
            versions.add(new VersionSummary(v.version(), String.valueOf(v.createdAt()),
                    v.method() == null ? null : v.method().name(), b.model().mase(), b.naive().mase(),
                    b.seasonalNaive().mase(), b.beatsNaive(), b.beatsSeasonalNaive(), entry.aliasesOf(v.version()),
                    v.promotion(), data == null ? null : data.datasetId(), data == null ? null : data.sha256(),
                    data == null ? null : data.target(), v.settings() == null ? null : v.settings().horizon(),
                    p == null ? null : p.jobId(), p == null ? null : p.trainingSeconds(),
                    p == null ? null : p.parentVersion()));
        }
        List<UnavailableVersion> unavailable = entry.unavailable().entrySet().stream()
                .map(u -> new UnavailableVersion(u.getKey(), u.getValue())).toList();
        return new ModelSummary(name, versions, entry.aliases(), entry.aliases().get(ModelRegistry.PRODUCTION),
                entry.versions().isEmpty() ? null : entry.versions().lastKey(), unavailable);
    }

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
