package io.foresight.forecast;

import java.util.Arrays;
import java.util.List;

import io.foresight.registry.ModelVersion;

/**
 * The target's values a forecast from stored data starts from, for a version ({@code series} null) or one series of a
 * many-series version: the end of its training data as the version stores it, followed by the observations stored
 * since that continue it ({@code observed} of them, the last ones), at most {@link #MAX_POINTS} in all, oldest first.
 * What the page charts before a forecast, so that after observations the line reaches where the forecast starts.
 *
 * @param timestamps the values' timestamps, as the version writes them
 * @param values     the target's values (the training data's gaps as the version filled them)
 * @param observed   how many of the last values are observations
 */
public record StoredHistory(String model, int version, String series, List<String> timestamps, double[] values,
        int observed) {

    /** Values an answer holds at most: the latest. */
    static final int MAX_POINTS = 1000;

    /** The target channel of {@code tail} (the stored end, continued by {@code observed} observations), its latest. */
    static StoredHistory of(ModelVersion version, String series, ModelVersion.Tail tail, int observed) {
        List<String> timestamps = tail.timestamps();
        int size = timestamps.size();
        int from = Math.max(0, size - MAX_POINTS);
        return new StoredHistory(version.model(), version.version(), series, List.copyOf(timestamps.subList(from, size)),
                Arrays.copyOfRange(tail.values()[0], from, size), Math.min(observed, size - from));
    }
}
