package io.foresight.dataset;

/**
 * One series of a many-series dataset, as {@code GET /datasets/{id}/series} lists it.
 *
 * @param id            the series' id (its id values joined with {@code /}; wide format: the column name)
 * @param points        its rows on the dataset's grid, gaps included
 * @param start         its first timestamp
 * @param end           its last timestamp
 * @param gaps          rows inserted where its grid had no timestamp
 * @param missingValues {@code NaN} cells in its numeric columns, gaps included
 */
public record SeriesSummary(String id, int points, String start, String end, int gaps, int missingValues) {
}
