package io.foresight.observation;

/**
 * One actual value sent to be stored, as it was sent: {@code where} names it in messages ({@code points[3]},
 * {@code row 4 (line 5)}).
 *
 * @param series    the series' id ({@code ""} for a single-series model)
 * @param timestamp the timestamp as sent
 * @param value     the value, null when missing
 */
public record NewObservation(String series, String timestamp, Double value, String where) {
}
