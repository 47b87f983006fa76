package io.foresight.registry;

import java.util.List;
import java.util.Map;

/** A model at a glance: its versions (newest last) and aliases. */
public record ModelSummary(String name, List<VersionSummary> versions, Map<String, Integer> aliases) {

    public record VersionSummary(int version, String createdAt, String method, double validationMase,
            double naiveMase, double seasonalNaiveMase, boolean beatsNaive, boolean beatsSeasonalNaive,
            List<String> aliases) {
    }
}
