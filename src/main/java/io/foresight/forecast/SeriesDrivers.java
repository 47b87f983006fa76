package io.foresight.forecast;

import java.util.Arrays;
import java.util.List;

import io.foresight.registry.ModelVersion;

/**
 * What one series of a many-series version (or a single-series version, {@code series} null) knows about the future:
 * its future features ({@code columns}, the version's {@code data.futureFeatures}), each one's values at the series'
 * recent steps (those of the series list's {@code recent}, ending at {@code end}) and the plan stored with the
 * series' data for the steps after {@code end}, which a forecast reads unless the request sends other values
 * ({@code future}); and what AUTO measured of the known future for this series ({@code measured}). Empty for a version without future features, but for {@code measured}
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

    /** Values of a series' end a list and this record show (for a sparkline). */
    static final int RECENT = 36;

    /**
     * The drivers of {@code series} (null: the version's one series) of {@code version} from the end of its data:
     * {@code tail}, per channel its values ending at {@code end} (the target's, the past features', then the future
     * features'), and {@code future}, per future feature its plan after {@code end} (null: none).
     */
    static SeriesDrivers of(ModelVersion version, String series, double[][] tail, double[][] future, String end,
            ModelVersion.Drivers measured) {
        List<String> columns = version.data().knownFuture().columns();
        int first = 1 + version.data().features().size();
        double[][] recent = new double[columns.size()][];
        double[][] plan = new double[columns.size()][];
        for (int j = 0; j < columns.size(); j++) {
            recent[j] = recent(tail[first + j]);
            plan[j] = future != null && j < future.length ? future[j] : new double[0];
        }
        return new SeriesDrivers(version.model(), version.version(), series, columns, end, recent, plan, measured);
    }

    /** The last {@link #RECENT} values of a channel. */
    static double[] recent(double[] channel) {
        return Arrays.copyOfRange(channel, Math.max(0, channel.length - RECENT), channel.length);
    }
}
