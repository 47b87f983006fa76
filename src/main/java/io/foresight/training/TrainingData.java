package io.foresight.training;

import java.util.List;

import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.window.Interpolation;

/**
 * The series a job trains on: the requested columns (target first) as channels with missing values interpolated,
 * and how many values that filled in.
 */
record TrainingData(TimeSeries series, double[][] channels, int filled) {

    static TrainingData of(TimeSeries series, List<String> columns) {
        double[][] channels = new double[columns.size()][];
        int filled = 0;
        for (int c = 0; c < channels.length; c++) {
            channels[c] = series.column(columns.get(c)).values().clone();
            filled += Interpolation.fill(channels[c]);
        }
        return new TrainingData(series, channels, filled);
    }

    int size() {
        return channels[0].length;
    }

    /** The timestamp of point {@code index} as the manifest writes it. */
    String timestamp(int index) {
        return TimestampFormat.format(series.timestamps().get(index), series.dateOnly());
    }
}
