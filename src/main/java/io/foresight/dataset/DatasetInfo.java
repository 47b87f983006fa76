package io.foresight.dataset;

import java.time.Instant;
import java.util.List;

/**
 * What is known about a stored dataset without loading it; stored as {@code dataset.json} next to the uploaded CSV.
 *
 * @param id              generated id ({@code ds-} and 12 hex digits), the only thing used in file paths
 * @param name            the caller's name for it ({@code [A-Za-z0-9._-]}, not starting with a dot)
 * @param rows            rows of the regular series, including the {@code gaps} inserted ones
 * @param columns         every column of the CSV in header order, with its type
 * @param timestampColumn the header name of the time axis
 * @param frequency       the inferred {@link Frequency#code()}
 * @param start           the first timestamp ({@code 1949-01-01} when the CSV has dates only, else
 *                        {@code 2000-06-05T00:00:00})
 * @param end             the last timestamp, same format
 * @param missingValues   {@code NaN} cells in the numeric columns after gaps were filled
 * @param gaps            rows inserted where the grid of {@code frequency} had no timestamp
 * @param sha256          hex SHA-256 of the uploaded bytes
 * @param createdAt       when it was uploaded
 */
public record DatasetInfo(String id, String name, int rows, List<ColumnInfo> columns, String timestampColumn,
        String frequency, String start, String end, int missingValues, int gaps, String sha256, Instant createdAt) {

    public DatasetInfo {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
