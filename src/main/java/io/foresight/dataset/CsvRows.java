package io.foresight.dataset;

import java.util.ArrayList;
import java.util.List;

import io.foresight.ForesightException;

/**
 * A small CSV (a batch of observations) read by the dataset rules ({@link CsvRecords}: UTF-8, delimiter, quoting,
 * trimming, every record as many fields as the header) into its header and rows of text, for callers outside this
 * package that must not parse CSV their own way.
 *
 * @param header the header's column names
 * @param rows   the data rows, each as many fields as the header
 * @param lines  the line of the file each row starts on
 */
public record CsvRows(List<String> header, List<String[]> rows, int[] lines) {

    /**
     * Reads {@code csv}.
     *
     * @throws ForesightException (bad input) when it is not a CSV by those rules, has no data rows, more than
     *                            {@code maxColumns} columns or more than {@code maxRows} rows
     */
    public static CsvRows read(byte[] csv, int maxColumns, int maxRows) {
        CsvRecords records = new CsvRecords(csv);
        if (!records.next(maxColumns, -1)) {
            throw ForesightException.badInput("The CSV is empty; send a header line and at least one row.");
        }
        List<String> header = new ArrayList<>(records.fields());
        for (int f = 0; f < records.fields(); f++) {
            header.add(records.text(f));
        }
        List<String[]> rows = new ArrayList<>();
        int[] lines = new int[16];
        while (records.next(maxColumns, header.size())) {
            if (rows.size() == maxRows) {
                throw ForesightException.badInput("The CSV has more than " + maxRows + " rows; send at most " + maxRows
                        + " in one request.");
            }
            String[] row = new String[records.fields()];
            for (int f = 0; f < row.length; f++) {
                row[f] = records.text(f);
            }
            if (rows.size() == lines.length) {
                lines = java.util.Arrays.copyOf(lines, lines.length * 2);
            }
            lines[rows.size()] = records.line();
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw ForesightException.badInput("The CSV has a header but no rows; send at least one row.");
        }
        return new CsvRows(List.copyOf(header), rows, lines);
    }

    /** "row 17 (line 18)" for the 0-based data row, as the dataset's own messages name rows. */
    public String where(int row) {
        return "row " + (row + 1) + " (line " + lines[row] + ")";
    }
}
