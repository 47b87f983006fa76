package io.foresight.observation;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored observations of one series of a model, oldest first: timestamps (as seconds of the local timestamp read
 * as UTC, so that no time zone is involved) and actual values of the target; for a model that reads feature columns
 * or future features, their values at the same timestamps ({@code columns[j]} of column {@code names[j]}; NaN where
 * an observation did not carry the column, e.g. one stored for an earlier version that did not read it).
 *
 * @param series the series' id ({@code ""} for a single-series model)
 */
public record Observations(String series, long[] seconds, double[] values, List<String> names, double[][] columns) {

    public Observations {
        names = List.copyOf(names);
    }

    /** Observations of the target alone. */
    public Observations(String series, long[] seconds, double[] values) {
        this(series, seconds, values, List.of(), new double[0][]);
    }

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

    /** The values of column {@code name} at each observation (NaN where not carried), or null when none carried it. */
    public double[] column(String name) {
        int j = names.indexOf(name);
        return j < 0 ? null : columns[j];
    }

    /** Those at or after {@code from} (all when null). */
    public Observations from(LocalDateTime from) {
        if (from == null) {
            return this;
        }
        return range(firstAtOrAfter(seconds(from)), size());
    }

    /** Those strictly after {@code after}. */
    public Observations after(LocalDateTime after) {
        return range(firstAtOrAfter(seconds(after) + 1), size());
    }

    /** The first {@code count} of them. */
    public Observations first(int count) {
        return range(0, Math.min(count, size()));
    }

    /** These followed by {@code more} (whose points all come after these). */
    public Observations followedBy(Observations more) {
        return with(more.seconds, more.values, more.names, more.columns, false);
    }

    private Observations range(int first, int end) {
        if (first == 0 && end == size()) {
            return this;
        }
        double[][] cut = new double[columns.length][];
        for (int j = 0; j < cut.length; j++) {
            cut[j] = Arrays.copyOfRange(columns[j], first, end);
        }
        return new Observations(series, Arrays.copyOfRange(seconds, first, end), Arrays.copyOfRange(values, first, end),
                names, cut);
    }

    /** These followed by {@code more}, after dropping those at or after more's first when {@code replace}. */
    Observations with(long[] moreSeconds, double[] moreValues, List<String> moreNames, double[][] moreColumns,
            boolean replace) {
        int keep = replace && moreSeconds.length > 0 ? firstAtOrAfter(moreSeconds[0]) : size();
        int size = keep + moreSeconds.length;
        long[] s = Arrays.copyOf(seconds, size);
        double[] v = Arrays.copyOf(values, size);
        System.arraycopy(moreSeconds, 0, s, keep, moreSeconds.length);
        System.arraycopy(moreValues, 0, v, keep, moreValues.length);
        if (names.isEmpty() && moreNames.isEmpty()) {
            return new Observations(series, s, v);
        }
        List<String> all = new ArrayList<>(names);
        for (String name : moreNames) {
            if (!all.contains(name)) {
                all.add(name);
            }
        }
        double[][] c = new double[all.size()][];
        for (int j = 0; j < c.length; j++) {
            c[j] = new double[size];
            Arrays.fill(c[j], Double.NaN);
            int mine = names.indexOf(all.get(j));
            if (mine >= 0) {
                System.arraycopy(columns[mine], 0, c[j], 0, keep);
            }
            int theirs = moreNames.indexOf(all.get(j));
            if (theirs >= 0) {
                System.arraycopy(moreColumns[theirs], 0, c[j], keep, moreSeconds.length);
            }
        }
        return new Observations(series, s, v, all, c);
    }

    /** These followed by {@code more}, after dropping those at or after more's first when {@code replace}. */
    Observations with(long[] moreSeconds, double[] moreValues, boolean replace) {
        return with(moreSeconds, moreValues, List.of(), new double[0][], replace);
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
                && Arrays.equals(values, other.values) && names.equals(other.names)
                && Arrays.deepEquals(columns, other.columns);
    }

    @Override
    public int hashCode() {
        return series.hashCode() * 31 + Arrays.hashCode(seconds);
    }

    @Override
    public String toString() {
        return "Observations[" + series + ", " + size() + " points" + (names.isEmpty() ? "" : ", columns " + names) + "]";
    }
}
