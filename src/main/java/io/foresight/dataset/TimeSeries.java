package io.foresight.dataset;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.foresight.ForesightException;

/**
 * A regular time series: timestamps on the grid of {@code frequency} (gaps filled with NaN rows), columns aligned.
 * The column arrays are shared, not copied: treat them as read-only.
 *
 * @param timestamps one per row, ascending, row {@code k} being {@code frequency.plus(first, k)} (a series of a
 *                   many-series dataset computes them on demand instead of holding one per row)
 * @param columns    the numeric columns, each with one value per timestamp
 * @param frequency  the step between timestamps
 * @param dateOnly   whether the source had dates without times of day (forecast timestamps are then dates too)
 */
public record TimeSeries(List<LocalDateTime> timestamps, List<SeriesColumn> columns, Frequency frequency,
        boolean dateOnly) {

    public TimeSeries {
        // A regular grid computed on demand is immutable already; copying it would make an object per row.
        timestamps = timestamps instanceof RegularTimestamps grid && grid.frequency().equals(frequency) ? grid
                : List.copyOf(timestamps);
        columns = List.copyOf(columns);
        Objects.requireNonNull(frequency, "frequency");
        for (SeriesColumn column : columns) {
            if (column.values().length != timestamps.size()) {
                throw new IllegalArgumentException("column '" + column.name() + "' has " + column.values().length
                        + " values for " + timestamps.size() + " timestamps");
            }
        }
    }

    public int size() {
        return timestamps.size();
    }

    /**
     * The column with this exact name.
     *
     * @throws ForesightException (bad input) naming the columns there are
     */
    public SeriesColumn column(String name) {
        for (SeriesColumn column : columns) {
            if (column.name().equals(name)) {
                return column;
            }
        }
        throw ForesightException.badInput("There is no numeric column '" + name + "' in the dataset; its numeric columns"
                + " are " + columnNames() + " (the timestamp, id columns and columns of text or without a value are not"
                + " among them).");
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (SeriesColumn column : columns) {
            names.add(column.name());
        }
        return List.copyOf(names);
    }

    /**
     * This series up to its last value of {@code column}: with a known future, the rows after it (the column empty,
     * the future columns filled) are the known future, not part of the history.
     *
     * @throws ForesightException (bad input) when the column has no value at all
     */
    public TimeSeries throughLastValueOf(String column) {
        double[] values = column(column).values();
        int last = values.length;
        while (last > 0 && Double.isNaN(values[last - 1])) {
            last--;
        }
        if (last == 0) {
            throw ForesightException.badInput("The target '" + column + "' has no value.");
        }
        if (last == values.length) {
            return this;
        }
        int end = last;
        List<SeriesColumn> cut = columns.stream()
                .map(c -> new SeriesColumn(c.name(), java.util.Arrays.copyOf(c.values(), end))).toList();
        return new TimeSeries(timestamps.subList(0, end), cut, frequency, dateOnly);
    }

    /** A copy whose column arrays can be changed without affecting this series. */
    TimeSeries deepCopy() {
        List<SeriesColumn> copies = new ArrayList<>(columns.size());
        for (SeriesColumn column : columns) {
            copies.add(new SeriesColumn(column.name(), column.values().clone()));
        }
        return new TimeSeries(timestamps, copies, frequency, dateOnly);
    }
}
