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
            filled += Interpolation.fill(channels[c]);
        }
        double[][] future = new double[known.columns().size()][];
        int stored = all.size() - size;
        for (int j = 0; j < future.length; j++) {
            String name = known.columns().get(j);
            double[] values = all.column(name).values();
            double[] past = Arrays.copyOf(values, size);
            pastOfFutureFeatures(series, List.of(name));
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

    int size() {
        return channels[0].length;
    }

    /** The timestamp of point {@code index} as the manifest writes it. */
    String timestamp(int index) {
        return TimestampFormat.format(series.timestamps().get(index), series.dateOnly());
    }
}
