package io.foresight.dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * One numeric column of a {@link TimeSeries}, aligned with its timestamps.
 *
 * @param name   the column's header name
 * @param values one value per timestamp; {@code NaN} marks a missing value (an empty cell or an inserted gap row)
 */
public record SeriesColumn(String name, double[] values) {

    public SeriesColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
    }

    /** The number of {@code NaN} (missing) values. */
    public int missingValues() {
        int missing = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
            }
        }
        return missing;
    }

    // Records compare arrays by identity; two columns with the same name and values are the same column.
    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesColumn that && name.equals(that.name) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SeriesColumn[name=" + name + ", values=" + values.length + " values]";
    }
}
