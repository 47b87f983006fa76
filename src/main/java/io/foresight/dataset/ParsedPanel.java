package io.foresight.dataset;

import java.util.List;

/**
 * A CSV turned into the series of a many-series dataset, with what {@link DatasetInfo} reports about it.
 *
 * @param panel           the series long enough to forecast, ordered by id
 * @param gaps            {@code gaps[i]}: rows inserted into series {@code i} where its grid had no timestamp
 * @param columns         every CSV column with its type, in header order
 * @param timestampColumn the header name of the time axis
 * @param tooShort        the series left out, ordered by id
 */
public record ParsedPanel(Panel panel, int[] gaps, List<ColumnInfo> columns, String timestampColumn,
        List<ShortSeries> tooShort) {

    int totalGaps() {
        int total = 0;
        for (int g : gaps) {
            total += g;
        }
        return total;
    }
}
