package io.foresight.forecast;

import java.util.List;

import io.foresight.registry.ModelVersion;

/**
 * What one series of a many-series version knows about the future: its future features ({@code columns}, the
 * version's {@code data.futureFeatures}), each one's values at the series' recent steps (those of the series list's
 * {@code recent}, ending at {@code end}) and the plan stored with the series' data for the steps after {@code end},
 * which a forecast reads unless the request sends other values ({@code future}); and what AUTO measured of the known
 * future for this series ({@code measured}). Empty for a version without future features, but for {@code measured}
 * when it has a calendar or holidays.
 *
 * @param recent   per column, its values at the recent steps
 * @param plan     per column, its stored plan, one value per step after {@code end}
 * @param measured the series' best candidate with and without the known future on the same held-back windows, whether
 *                 its forecast reads it, and for a {@code REGRESSION} its remainder method and whether the effects
 *                 multiply (the version's {@code drivers}, for this series); null for a version without a known future
 */
public record SeriesDrivers(String model, int version, String series, List<String> columns, String end, double[][] recent,
        double[][] plan, ModelVersion.Drivers measured) {
}
