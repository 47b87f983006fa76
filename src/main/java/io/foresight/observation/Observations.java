package io.foresight.observation;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The stored observations of one series of a model, oldest first: timestamps (as seconds of the local timestamp read
 * as UTC, so that no time zone is involved) and actual values of the target.
 *
 * @param series the series' id ({@code ""} for a single-series model)
 */
public record Observations(String series, long[] seconds, double[] values) {

    public static Observations none(String series) {
        return new Observations(series, new long[0], new double[0]);
    }

    public int size() {
        return values.length;
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public LocalDateTime timestamp(int i) {
        return time(seconds[i]);
    }

    /** The last observation's timestamp, or null when there is none. */
    public LocalDateTime last() {
        return isEmpty() ? null : timestamp(size() - 1);
    }

    /** Those at or after {@code from} (all when null). */
    public Observations from(LocalDateTime from) {
        if (from == null) {
            return this;
        }
        int first = firstAtOrAfter(seconds(from));
        return first == 0 ? this : new Observations(series, Arrays.copyOfRange(seconds, first, size()),
                Arrays.copyOfRange(values, first, size()));
    }

    /** Those strictly after {@code after}. */
    public Observations after(LocalDateTime after) {
        int first = firstAtOrAfter(seconds(after) + 1);
        return first == 0 ? this : new Observations(series, Arrays.copyOfRange(seconds, first, size()),
                Arrays.copyOfRange(values, first, size()));
    }

    /** These followed by {@code more}, after dropping those at or after more's first when {@code replace}. */
    Observations with(long[] moreSeconds, double[] moreValues, boolean replace) {
        int keep = replace && moreSeconds.length > 0 ? firstAtOrAfter(moreSeconds[0]) : size();
        long[] s = Arrays.copyOf(seconds, keep + moreSeconds.length);
        double[] v = Arrays.copyOf(values, keep + moreValues.length);
        System.arraycopy(moreSeconds, 0, s, keep, moreSeconds.length);
        System.arraycopy(moreValues, 0, v, keep, moreValues.length);
        return new Observations(series, s, v);
    }

    private int firstAtOrAfter(long second) {
        int at = Arrays.binarySearch(seconds, second);
        return at >= 0 ? at : -at - 1;
    }

    static long seconds(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC);
    }

    static LocalDateTime time(long seconds) {
        return LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Observations other && series.equals(other.series) && Arrays.equals(seconds, other.seconds)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return series.hashCode() * 31 + Arrays.hashCode(seconds);
    }

    @Override
    public String toString() {
        return "Observations[" + series + ", " + size() + " points]";
    }
}
