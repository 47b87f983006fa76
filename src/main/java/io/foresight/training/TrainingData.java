package io.foresight.training;

import java.util.Arrays;
import java.util.List;

import io.foresight.ForesightException;
import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.window.Interpolation;

/**
 * The series a job trains on: the requested columns (target first) as channels with missing values interpolated,
 * then the known-future channels ({@link KnownFuture}: its columns, then the calendar and holiday channels computed
 * from the timestamps), and how many values were filled in. The series ends at its last target value: rows after it
 * are not missing values to fill (a forecast would start after invented values); with a known future they carry it
 * ({@code future}: per known-future column, its values at the steps after the end, as far as every column has one).
 */
record TrainingData(TimeSeries series, double[][] channels, int filled, KnownFuture known, double[][] future) {

    static TrainingData of(TimeSeries series, List<String> columns) {
        return of(series, columns, KnownFuture.NONE);
    }

    static TrainingData of(TimeSeries all, List<String> columns, KnownFuture known) {
        TimeSeries series = all.throughLastValueOf(columns.get(0));
        int size = series.size();
        double[][] channels = new double[columns.size() + known.channels()][];
        int filled = 0;
        for (int c = 0; c < columns.size(); c++) {
            channels[c] = series.column(columns.get(c)).values().clone();
            if (series.column(columns.get(c)).missingValues() == size) { // a feature (the target has its last value)
                throw ForesightException.badInput("Feature '" + columns.get(c) + "' has no value up to the last value"
                        + " of '" + columns.get(0) + "'; fill it in, or leave it out of 'features'.");
            }
            if (c > 0) {
                representable("Feature", columns.get(c), channels[c]);
            }
            filled += Interpolation.fill(channels[c]);
        }
        double[][] future = new double[known.columns().size()][];
        int stored = all.size() - size;
        for (int j = 0; j < future.length; j++) {
            String name = known.columns().get(j);
            double[] values = all.column(name).values();
            double[] past = Arrays.copyOf(values, size);
            pastOfFutureFeatures(series, List.of(name));
            representable("Future feature", name, past);
            filled += Interpolation.fill(past);
            channels[columns.size() + j] = past;
            for (int i = size; i < all.size(); i++) {
                if (Double.isNaN(values[i])) {
                    stored = Math.min(stored, i - size);
                }
            }
        }
        for (int j = 0; j < future.length; j++) {
            future[j] = Arrays.copyOfRange(all.column(known.columns().get(j)).values(), size, size + stored);
        }
        if (known.generatedChannels() > 0) {
            double[][] generated = known.generate(series.timestamps().get(0), series.frequency(), size);
            System.arraycopy(generated, 0, channels, columns.size() + known.columns().size(), generated.length);
        }
        return new TrainingData(series, channels, filled, known, future);
    }

    /**
     * Checks that each of {@code futureFeatures} (null: none; columns that do not exist are left to the request's
     * checks) has a value in {@code series} (through its last target value): the model learns from its past values.
     *
     * @throws ForesightException (bad input) naming the first that has none
     */
    static void pastOfFutureFeatures(TimeSeries series, List<String> futureFeatures) {
        for (String name : futureFeatures == null ? List.<String>of() : futureFeatures) {
            if (name != null && series.columnNames().contains(name)
                    && series.column(name).missingValues() == series.size()) {
                throw ForesightException.badInput("Future feature '" + name + "' has no value up to the last target"
                        + " value; the model learns from its past values: fill them in, or leave it out of"
                        + " 'futureFeatures'.");
            }
        }
    }

    /**
     * Checks, before a job is queued, what {@link #of} refuses in {@code series} (through its last target value):
     * a future feature without a past value ({@link #pastOfFutureFeatures}) and a feature or future feature whose
     * values are too large to learn from ({@link #representable}). Names that are not columns of the series
     * are left to the request's checks.
     */
    static void checkFeatures(TimeSeries series, List<String> features, List<String> futureFeatures) {
        pastOfFutureFeatures(series, futureFeatures);
        check(series, "Feature", features);
        check(series, "Future feature", futureFeatures);
    }

    private static void check(TimeSeries series, String field, List<String> names) {
        for (String name : names == null ? List.<String>of() : names) {
            if (name != null && series.columnNames().contains(name)) {
                representable(field, name, series.column(name).values());
            }
        }
    }

    /**
     * Refuses an input column whose values' spread does not fit in a double (values beyond about 1e154 in magnitude):
     * the networks standardize each input by its mean and standard deviation, which would not be finite, and the job
     * would fail later with a diverged loss that names no column.
     *
     * @param values the column's values, NaN where missing
     */
    static void representable(String field, String name, double[] values) {
        double sum = 0;
        int count = 0;
        double largest = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
                largest = Math.max(largest, Math.abs(v));
            }
        }
        double mean = count == 0 ? 0 : sum / count;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        if (!Double.isFinite(mean) || !Double.isFinite(squares)) {
            throw ForesightException.badInput(field + " '" + name + "' has values too large to learn from (up to "
                    + largest + " in magnitude): the networks standardize each input, and the spread of these values "
                    + "does not fit in a double. Rescale the column (e.g. to thousands, or replace a placeholder such as "
                    + "9.99e307 with an empty cell) and train again.");
        }
    }

    int size() {
        return channels[0].length;
    }

    /** The timestamp of point {@code index} as the manifest writes it. */
    String timestamp(int index) {
        return TimestampFormat.format(series.timestamps().get(index), series.dateOnly());
    }
}
