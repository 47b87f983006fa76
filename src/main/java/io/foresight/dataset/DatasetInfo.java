package io.foresight.dataset;

import java.time.Instant;
import java.util.List;

/**
 * What is known about a stored dataset without loading it; stored as {@code dataset.json} next to the uploaded CSV.
 * A dataset holds one series (the CSV's numeric columns over its timestamps) or many: a long-format CSV with
 * {@code idColumns}, or a wide CSV uploaded with {@code seriesFromColumns} (each numeric column a series). A
 * {@code dataset.json} written before many-series datasets existed reads as one series.
 *
 * @param id                generated id ({@code ds-} and 12 hex digits), the only thing used in file paths
 * @param name              the caller's name for it ({@code [A-Za-z0-9._-]}, not starting with a dot)
 * @param rows              rows of the regular series, including the {@code gaps} inserted ones (many series: of
 *                          all the series together)
 * @param columns           every column of the CSV in header order, with its type
 * @param timestampColumn   the header name of the time axis
 * @param frequency         the inferred {@link Frequency#code()}, one for the whole dataset
 * @param start             the first timestamp ({@code 1949-01-01} when the CSV has dates only, else
 *                          {@code 2000-06-05T00:00:00}); many series: the earliest first timestamp
 * @param end               the last timestamp, same format; many series: the latest last timestamp
 * @param missingValues     {@code NaN} cells in the numeric columns after gaps were filled
 * @param gaps              rows inserted where the grid of {@code frequency} had no timestamp
 * @param sha256            hex SHA-256 of the uploaded bytes
 * @param createdAt         when it was uploaded
 * @param series            how many series it holds (1 for a single-series dataset); series too short to forecast
 *                          are not counted (see {@code tooShort})
 * @param idColumns         the id columns of a long-format dataset, in the upload's order; empty otherwise
 * @param seriesFromColumns whether it was uploaded wide with {@code seriesFromColumns}: each numeric column a series
 *                          (id the column name, values in column {@code value})
 * @param seriesLength      the shortest, median and longest series in rows (gaps included)
 * @param tooShort          series left out because they are too short to forecast, ordered by id, at most
 *                          {@value #MAX_LISTED_SHORT}
 * @param tooShortCount     how many series were left out in all
 */
public record DatasetInfo(String id, String name, int rows, List<ColumnInfo> columns, String timestampColumn,
        String frequency, String start, String end, int missingValues, int gaps, String sha256, Instant createdAt,
        Integer series, List<String> idColumns, Boolean seriesFromColumns, SeriesLengths seriesLength,
        List<ShortSeries> tooShort, Integer tooShortCount) {

    /** Most short series {@code tooShort} lists; {@code tooShortCount} counts them all. */
    public static final int MAX_LISTED_SHORT = 100;

    /**
     * @param min    rows of the shortest series
     * @param median rows of the median series (the lower middle one for an even count)
     * @param max    rows of the longest series
     */
    public record SeriesLengths(int min, int median, int max) {
    }

    public DatasetInfo {
        columns = columns == null ? List.of() : List.copyOf(columns);
        // Boxed so that a dataset.json written before these fields existed reads (a missing int would be refused).
        series = series == null || series < 1 ? 1 : series;
        idColumns = idColumns == null ? List.of() : List.copyOf(idColumns);
        seriesFromColumns = seriesFromColumns != null && seriesFromColumns;
        seriesLength = seriesLength == null ? new SeriesLengths(rows, rows, rows) : seriesLength;
        tooShort = tooShort == null ? List.of() : List.copyOf(tooShort);
        tooShortCount = Math.max(tooShortCount == null ? 0 : tooShortCount, tooShort.size());
    }

    /** A single-series dataset. */
    public DatasetInfo(String id, String name, int rows, List<ColumnInfo> columns, String timestampColumn,
            String frequency, String start, String end, int missingValues, int gaps, String sha256,
            Instant createdAt) {
        this(id, name, rows, columns, timestampColumn, frequency, start, end, missingValues, gaps, sha256, createdAt,
                1, List.of(), false, null, List.of(), 0);
    }

    /** Whether it holds many series ({@link DatasetService#loadPanel}) rather than one ({@link DatasetService#load}). */
    public boolean manySeries() {
        return !idColumns.isEmpty() || seriesFromColumns;
    }
}
