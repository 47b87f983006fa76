package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.TimestampFormat;
import io.foresight.observation.Observations;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Interpolation;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/**
 * What a forecast starts from: the channels (target first) and the last timestamp; {@code tail}: the end of the
 * training data a version stored, rather than history sent with the request.
 */
record History(double[][] channels, LocalDateTime last, boolean tail) {


    static History ofTail(double[][] values, String last) {
        double[][] channels = new double[values.length][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = values[c].clone();
        }
        return new History(channels, TimestampFormat.parse(last), true);
    }

    /**
     * The end of the training data followed by the observations stored since ({@code observed}: the target, and the
     * values of the columns it carries, by name in {@code columns}, the version's columns target first): as many
     * points as the tail holds, ending at {@code last}. A feature channel an observation has no value of (stored
     * before the version read it) is held at its previous value; the calendar and holiday channels that follow the
     * columns are computed afresh by the forecast. Not a {@code tail}: the forecast stored at training does not start
     * here.
     */
    static History continued(double[][] values, Observations observed, List<String> columns, LocalDateTime last) {
        int length = values[0].length;
        int count = observed.size();
        double[][] channels = new double[values.length][length];
        int fromTail = Math.max(0, length - count);
        for (int c = 0; c < channels.length; c++) {
            System.arraycopy(values[c], length - fromTail, channels[c], 0, fromTail);
            double[] column = c == 0 ? observed.values() : c < columns.size() ? observed.column(columns.get(c)) : null;
            for (int i = fromTail; i < length; i++) {
                double value = column == null ? Double.NaN : column[count - (length - i)];
                channels[c][i] = !Double.isNaN(value) ? value : i > 0 ? channels[c][i - 1] : values[c][length - 1];
            }
        }
        return new History(channels, last, false);
    }

    /**
     * History sent with a request: consecutive observations at the version's frequency, oldest first, at least
     * {@code needed} (the forecaster's window), at most {@code maxRows}, with a value (or null) for every column
     * (target, features, future features);
     * missing values interpolated; positive when {@code scale} works on the log scale.
     */
    static History of(ModelVersion version, int needed, Scaler scale, List<ForecastQuery.Observation> rows, int maxRows) {
        Frequency frequency = Frequency.parse(version.data().frequency());
        List<String> columns = version.data().columns();
        if (rows.size() < needed) {
            throw ForesightException.badInput("'history' has " + rows.size() + " observations but this model needs at least "
                    + needed + " (its window); send more recent observations or omit 'history' to forecast from the training data.");
        }
        if (rows.size() > maxRows) {
            throw ForesightException.badInput("'history' has more than " + maxRows + " observations; send only the recent ones.");
        }
        // the calendar and holiday channels follow, computed from the timestamps when the forecast is made
        double[][] channels = new double[columns.size() + version.data().knownFuture().generatedChannels()][rows.size()];
        LocalDateTime previous = null;
        for (int i = 0; i < rows.size(); i++) {
            ForecastQuery.Observation row = rows.get(i);
            if (row == null) {
                throw ForesightException.badInput("history[" + i + "] is null; send {\"timestamp\": ..., \"" + columns.get(0) + "\": ...}.");
            }
            LocalDateTime time;
            try {
                time = TimestampFormat.parse(row.timestamp());
            } catch (IllegalArgumentException e) {
                throw ForesightException.badInput("history[" + i + "].timestamp: " + e.getMessage() + ".");
            }
            if (previous != null && !time.equals(frequency.plus(previous, 1))) {
                throw ForesightException.badInput("history[" + i + "].timestamp " + row.timestamp() + " does not follow "
                        + TimestampFormat.format(previous, version.data().dateOnly()) + " at the model's frequency "
                        + frequency.code() + "; send consecutive observations, oldest first, with null for missing values.");
            }
            previous = time;
            Map<String, Double> values = row.values() == null ? Map.of() : row.values();
            for (int c = 0; c < columns.size(); c++) {
                if (!values.containsKey(columns.get(c))) {
                    throw ForesightException.badInput("history[" + i + "] has no value for column '" + columns.get(c)
                            + "'; this model needs " + columns + " (null for a missing value).");
                }
                Double value = values.get(columns.get(c));
                if (value != null && !Double.isFinite(value)) {
                    throw ForesightException.badInput("history[" + i + "]." + columns.get(c) + " is not a finite number.");
                }
                channels[c][i] = value == null ? Double.NaN : value;
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            try {
                Interpolation.fill(channels[c]);
            } catch (IllegalArgumentException e) {
                throw ForesightException.badInput("'history' has no value at all for column '" + columns.get(c) + "'.");
            }
        }
        if (scale.representation() == Representation.LOG_RELATIVE
                && !Scaler.positive(channels[0], channels[0].length)) {
            throw ForesightException.badInput("This model works on the logarithm of '" + columns.get(0)
                    + "', so the history's values must all be positive.");
        }
        return new History(channels, previous, false);
    }
}
