package io.foresight.observation;

import java.util.Map;

/**
 * One actual value sent to be stored, as it was sent: {@code where} names it in messages ({@code points[3]},
 * {@code row 4 (line 5)}).
 *
 * @param series    the series' id ({@code ""} for a single-series model)
 * @param timestamp the timestamp as sent
 * @param value     the value, null when missing
 * @param columns   the other values it carries by column name, as sent (a JSON number, string, null, ... or a CSV
 *                  cell's text): the feature columns and future features of a model that reads them; empty when none
 */
public record NewObservation(String series, String timestamp, Double value, String where, Map<String, Object> columns) {

    public NewObservation {
        columns = columns == null ? Map.of() : columns;
    }

    /** An observation of the target alone. */
    public NewObservation(String series, String timestamp, Double value, String where) {
        this(series, timestamp, value, where, Map.of());
    }
}
