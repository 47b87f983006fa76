package io.foresight.monitoring;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * One recorded forecast, compactly (numbers as 32-bit floats): what a version forecast for one series from one origin.
 * Its targets are the {@link #horizon} steps after {@code origin} at {@code frequency}.
 *
 * @param series         the series' id ({@code ""} for a single-series model)
 * @param frequency      the version's frequency code ({@code io.foresight.dataset.Frequency})
 * @param origin         the last timestamp the forecast started from, as seconds of the local timestamp read as UTC
 * @param maseScale      the series' validation MASE scale (NaN when the version has none)
 * @param validationMase the series' validation MASE (the version's for a single-series model)
 * @param levels         the interval levels in percent, ascending
 * @param numbers        the point values of the steps, then per level the lower bounds of the steps and the upper
 *                       bounds of the steps (one array, as the file stores them: an entry costs little heap)
 */
public record LedgerEntry(int version, String series, String frequency, long origin, float maseScale,
        float validationMase, float[] levels, float[] numbers) {

    /** An entry from its values and bounds ({@code lower[j][k]}: the lower bound at {@code levels[j]} of step k). */
    public static LedgerEntry of(int version, String series, String frequency, long origin, float maseScale,
            float validationMase, float[] levels, float[] values, float[][] lower, float[][] upper) {
        int h = values.length;
        float[] numbers = new float[h * (1 + 2 * levels.length)];
        System.arraycopy(values, 0, numbers, 0, h);
        for (int j = 0; j < levels.length; j++) {
            System.arraycopy(lower[j], 0, numbers, h * (1 + 2 * j), h);
            System.arraycopy(upper[j], 0, numbers, h * (2 + 2 * j), h);
        }
        return new LedgerEntry(version, series, frequency, origin, maseScale, validationMase, levels, numbers);
    }

    public int horizon() {
        return numbers.length / (1 + 2 * levels.length);
    }

    /** The point forecast of step {@code k}. */
    public float value(int k) {
        return numbers[k];
    }

    /** The lower bound at {@code levels[j]} of step {@code k}. */
    public float lower(int j, int k) {
        return numbers[horizon() * (1 + 2 * j) + k];
    }

    /** The upper bound at {@code levels[j]} of step {@code k}. */
    public float upper(int j, int k) {
        return numbers[horizon() * (2 + 2 * j) + k];
    }

    public LocalDateTime originTime() {
        return LocalDateTime.ofEpochSecond(origin, 0, ZoneOffset.UTC);
    }

    static long seconds(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC);
    }

    /** What makes two recorded forecasts the same one (forecasts are deterministic): model, version, series, origin. */
    static long key(String model, int version, String series, long origin) {
        long h = 0xcbf29ce484222325L; // 64-bit FNV-1a over the four parts
        h = fnv(h, model);
        h = (h ^ version) * 0x100000001b3L;
        h = fnv(h, series);
        h = (h ^ origin) * 0x100000001b3L;
        return h;
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ 0xff) * 0x100000001b3L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerEntry e && version == e.version && series.equals(e.series)
                && frequency.equals(e.frequency) && origin == e.origin
                && Float.compare(maseScale, e.maseScale) == 0 && Float.compare(validationMase, e.validationMase) == 0
                && Arrays.equals(levels, e.levels) && Arrays.equals(numbers, e.numbers);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(origin) * 31 + series.hashCode() * 7 + version;
    }

    @Override
    public String toString() {
        return "LedgerEntry[v" + version + " '" + series + "' from " + originTime() + ", " + horizon() + " steps]";
    }
}
