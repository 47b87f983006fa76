package io.foresight.dataset;

import java.util.BitSet;
import java.util.List;

/**
 * A CSV turned into a regular series, with what {@link DatasetInfo} reports about it.
 *
 * @param series          the regular series
 * @param columns         every CSV column with its type, in header order
 * @param timestampColumn the header name of the time axis
 * @param gaps            rows inserted where the grid had no timestamp
 * @param missingValues   {@code NaN} cells in the numeric columns, gaps included
 * @param gapRows         the rows inserted for gaps
 */
record ParsedDataset(TimeSeries series, List<ColumnInfo> columns, String timestampColumn, int gaps,
        int missingValues, BitSet gapRows) {
}
