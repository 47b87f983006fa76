package io.foresight.forecast;

import java.util.List;

/**
 * What one series of a many-series version knows about the future: its future features ({@code columns}, the
 * version's {@code data.futureFeatures}), each one's values at the series' recent steps (those of the series list's
 * {@code recent}, ending at {@code end}) and the plan stored with the series' data for the steps after {@code end},
 * which a forecast reads unless the request sends other values ({@code future}). Empty for a version without future
 * features.
 *
 * @param recent per column, its values at the recent steps
 * @param plan   per column, its stored plan, one value per step after {@code end}
 */
public record SeriesDrivers(String model, int version, String series, List<String> columns, String end, double[][] recent,
        double[][] plan) {
}
