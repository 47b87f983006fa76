package io.foresight.dataset;

/**
 * A series of a many-series dataset left out because it is too short to forecast.
 *
 * @param id     the series' id
 * @param rows   its rows in the CSV (wide format: its values)
 * @param reason why it was left out
 */
public record ShortSeries(String id, int rows, String reason) {
}
