package io.foresight.dataset;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.foresight.ForesightException;

/**
 * Turns CSV bytes into a regular {@link TimeSeries}, strictly: every value it cannot read is an error that names
 * the row, line and column, and what to do about it.
 *
 * <ul>
 * <li>The timestamp column is the one named {@code timestamp}, {@code date}, {@code time}, {@code datetime} or
 * {@code ds} (any case), else the first column all of whose non-empty cells are timestamps: {@code yyyy-MM-dd},
 * {@code yyyy-MM-dd HH:mm[:ss]}, {@code yyyy-MM-ddTHH:mm[:ss]}, ISO date-times with an offset (converted to UTC) or
 * {@code yyyy-MM} (the first of the month).</li>
 * <li>A column with at least one number is numeric, and then every non-empty cell must be a finite decimal number;
 * empty cells, {@code NA} and {@code null} are missing values ({@code NaN}). A column without any number is text
 * and left out of the series.</li>
 * <li>Rows need not be sorted: they are sorted by timestamp. Duplicate timestamps are an error.</li>
 * <li>The frequency is inferred ({@link FrequencyInference}) and missing grid points are inserted as rows of
 * {@code NaN}.</li>
 * </ul>
 */
final class DatasetParser {

    static final int MIN_ROWS = 3;

    static final Set<String> TIMESTAMP_NAMES = Set.of("timestamp", "date", "time", "datetime", "ds");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final String TIMESTAMP_FORMATS = "yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss], yyyy-MM-ddTHH:mm[:ss],"
            + " an ISO date-time with offset (2020-01-01T00:00:00Z) or yyyy-MM";

    private DatasetParser() {
    }

    static ParsedDataset parse(byte[] csv, int maxColumns, int maxRows) {
        CsvTable table = CsvTable.read(csv, maxColumns, maxRows);
        List<String> header = table.header();
        checkHeader(header);
        if (table.rowCount() == 0) {
            throw ForesightException.badInput("The CSV has a header but no data rows; add one line per observation"
                    + " below the header.");
        }
        if (table.rowCount() < MIN_ROWS) {
            throw ForesightException.badInput("The CSV has " + table.rowCount() + " data row(s); at least "
                    + MIN_ROWS + " are needed to infer a frequency.");
        }

        int timestampColumn = timestampColumn(table);
        String timestampName = header.get(timestampColumn);
        LocalDateTime[] timestamps = new LocalDateTime[table.rowCount()];
        boolean dateOnly = true;
        for (int r = 0; r < table.rowCount(); r++) {
            String cell = table.cells()[timestampColumn][r];
            if (cell.isEmpty() || isMissingToken(cell)) {
                throw emptyTimestamp(table.where(r), timestampName);
            }
            Timestamp t = parseTimestamp(cell);
            if (t == null) {
                throw unparseableTimestamp(table, r, timestampName, cell);
            }
            try {
                timestamps[r] = TimestampFormat.requireRepresentable(t.value(), cell);
            } catch (IllegalArgumentException e) {
                throw ForesightException.badInput(table.where(r) + ", column '" + timestampName + "': " + e.getMessage() + ".");
            }
            dateOnly &= t.date();
        }

        List<ColumnInfo> columns = new ArrayList<>(header.size());
        List<String> numericNames = new ArrayList<>();
        List<double[]> numericValues = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (c == timestampColumn) {
                columns.add(new ColumnInfo(header.get(c), ColumnInfo.TIMESTAMP));
                continue;
            }
            double[] values = numericColumn(table, c);
            columns.add(new ColumnInfo(header.get(c), values == null ? ColumnInfo.TEXT : ColumnInfo.NUMBER));
            if (values != null) {
                numericNames.add(header.get(c));
                numericValues.add(values);
            }
        }
        if (numericNames.isEmpty()) {
            throw ForesightException.badInput("The CSV has no numeric column besides the timestamp column '"
                    + timestampName + "'; add at least one column of numbers with a decimal point (1.5, not 1,5)"
                    + " (columns " + header + " were read).");
        }

        Integer[] order = sortedOrder(timestamps);
        List<LocalDateTime> sorted = new ArrayList<>(order.length);
        for (int i = 0; i < order.length; i++) {
            sorted.add(timestamps[order[i]]);
            if (i > 0 && sorted.get(i).equals(sorted.get(i - 1))) {
                int first = Math.min(order[i - 1], order[i]);
                int second = Math.max(order[i - 1], order[i]);
                throw ForesightException.badInput(table.where(first) + " and " + table.where(second)
                        + " have the same timestamp " + TimestampFormat.format(sorted.get(i), dateOnly)
                        + "; every timestamp may occur once, so remove or merge one of them.");
            }
        }

        FrequencyInference.Grid grid = FrequencyInference.regularise(sorted, dateOnly, i -> table.where(order[i]));
        Frequency frequency = grid.frequency();
        LocalDateTime origin = sorted.get(0);
        List<LocalDateTime> gridTimestamps = new ArrayList<>(grid.gridSize());
        for (int k = 0; k < grid.gridSize(); k++) {
            gridTimestamps.add(frequency.plus(origin, k));
        }
        List<SeriesColumn> seriesColumns = new ArrayList<>(numericNames.size());
        int missing = 0;
        for (int c = 0; c < numericNames.size(); c++) {
            double[] raw = numericValues.get(c);
            double[] values = new double[grid.gridSize()];
            Arrays.fill(values, Double.NaN);
            for (int i = 0; i < order.length; i++) {
                values[grid.positions()[i]] = raw[order[i]];
            }
            SeriesColumn column = new SeriesColumn(numericNames.get(c), values);
            missing += column.missingValues();
            seriesColumns.add(column);
        }
        TimeSeries series = new TimeSeries(gridTimestamps, seriesColumns, frequency, dateOnly);
        BitSet gapRows = new BitSet(grid.gridSize());
        gapRows.set(0, grid.gridSize());
        for (int position : grid.positions()) {
            gapRows.clear(position);
        }
        return new ParsedDataset(series, List.copyOf(columns), timestampName, grid.gaps(), missing, gapRows);
    }

    static void checkHeader(List<String> header) {
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isEmpty()) {
                throw ForesightException.badInput("Column " + (c + 1) + " of the header has no name; give every"
                        + " column a name in the first line (header " + header + ").");
            }
            if (!seen.add(name)) {
                throw ForesightException.badInput("The header names column '" + name + "' more than once; give"
                        + " every column a distinct name.");
            }
        }
    }

    private static int timestampColumn(CsvTable table) {
        List<String> header = table.header();
        for (int c = 0; c < header.size(); c++) {
            if (TIMESTAMP_NAMES.contains(header.get(c).toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        int partlyTimestamps = -1;
        for (int c = 0; c < header.size(); c++) {
            int parsed = 0;
            boolean all = true;
            for (String cell : table.cells()[c]) {
                if (cell.isEmpty() || isMissingToken(cell)) {
                    continue;
                }
                if (parseTimestamp(cell) != null) {
                    parsed++;
                } else {
                    all = false;
                    if (parsed == 0) {
                        break;
                    }
                }
            }
            if (all && parsed > 0) {
                return c;
            }
            if (parsed > 0 && partlyTimestamps < 0) {
                partlyTimestamps = c;
            }
        }
        if (partlyTimestamps >= 0) {
            // Most likely the timestamp column with a typo: point at the typo rather than at the whole file.
            return partlyTimestamps;
        }
        throw ForesightException.badInput("The CSV has no timestamp column; name it timestamp, date, time,"
                + " datetime or ds, with values like " + TIMESTAMP_FORMATS + " (columns " + header + " were read).");
    }

    private static ForesightException unparseableTimestamp(CsvTable table, int row, String column, String cell) {
        return unparseableTimestamp(table.where(row), column, cell);
    }

    /** The error for a cell that is not a timestamp, at {@code where} ("row 5 (line 6)"). */
    static ForesightException unparseableTimestamp(String where, String column, String cell) {
        return ForesightException.badInput(where + ", column '" + column + "': '"
                + abbreviate(cell) + "' is not a timestamp; use " + TIMESTAMP_FORMATS + ".");
    }

    /** The error for an empty timestamp cell at {@code where}. */
    static ForesightException emptyTimestamp(String where, String column) {
        return ForesightException.badInput(where + ", column '" + column
                + "': the timestamp is empty; every row needs a timestamp.");
    }

    record Timestamp(LocalDateTime value, boolean date) {
    }

    /** The timestamp in {@code cell}, or null when it is none of the accepted formats. */
    static Timestamp parseTimestamp(String cell) {
        if (cell.length() < 7 || cell.length() > 40 || !Character.isDigit(cell.charAt(0))) {
            return null;
        }
        try {
            LocalDateTime fixedWidth = TimestampFormat.parseFixedWidth(cell);
            if (fixedWidth != null) {
                return new Timestamp(fixedWidth, cell.length() <= 10);
            }
            if (cell.length() == 7) {
                return new Timestamp(YearMonth.parse(cell).atDay(1).atStartOfDay(), true);
            }
            if (cell.length() == 10) {
                return new Timestamp(LocalDate.parse(cell).atStartOfDay(), true);
            }
            if (cell.length() < 16) {
                // no accepted form has 8, 9 or 11 to 15 characters (the shortest date-time is yyyy-MM-ddTHH:mm)
                return null;
            }
            String iso = cell.charAt(10) == ' ' ? cell.substring(0, 10) + 'T' + cell.substring(11) : cell;
            char last = iso.charAt(iso.length() - 1);
            boolean offset = last == 'Z' || last == 'z' || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10;
            if (offset) {
                return new Timestamp(OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT))
                        .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), false);
            }
            return new Timestamp(LocalDateTime.parse(iso), false);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The column's values, or null when it has no number at all (a text column). */
    private static double[] numericColumn(CsvTable table, int c) {
        String[] cells = table.cells()[c];
        double[] values = new double[cells.length];
        int firstBad = -1;
        boolean anyNumber = false;
        for (int r = 0; r < cells.length; r++) {
            String cell = cells[r];
            if (cell.isEmpty() || isMissingToken(cell)) {
                values[r] = Double.NaN;
            } else if (NUMBER.matcher(cell).matches()) {
                values[r] = Double.parseDouble(cell);
                anyNumber = true;
                if (Double.isInfinite(values[r]) && firstBad < 0) {
                    firstBad = r;
                }
            } else if (firstBad < 0) {
                firstBad = r;
            }
        }
        if (!anyNumber) {
            return null;
        }
        if (firstBad >= 0) {
            throw notANumber(table.where(firstBad), table.header().get(c), cells[firstBad]);
        }
        return values;
    }

    /** The error for a cell of a numeric column that is not a finite number, at {@code where} ("row 5 (line 6)"). */
    static ForesightException notANumber(String where, String column, String cell) {
        String at = where + ", column '" + column + "': '" + abbreviate(cell) + "'";
        if (NON_FINITE.matcher(cell).matches()) {
            return ForesightException.badInput(at + " is not a finite number; non-finite values (NaN,"
                    + " Infinity) are rejected. Leave the cell empty (or write NA) for a missing value.");
        }
        if (NUMBER.matcher(cell).matches()) {
            return ForesightException.badInput(at + " is too large for a double-precision number; rescale"
                    + " the column.");
        }
        return ForesightException.badInput(at + " is not a finite number; write plain decimal numbers"
                + " (e.g. 12.5 or -3e2) and leave the cell empty (or write NA) for a missing value.");
    }

    static boolean isMissingToken(String cell) {
        return cell.equalsIgnoreCase("na") || cell.equalsIgnoreCase("null");
    }

    private static Integer[] sortedOrder(LocalDateTime[] timestamps) {
        Integer[] order = new Integer[timestamps.length];
        boolean sorted = true;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            sorted &= i == 0 || !timestamps[i].isBefore(timestamps[i - 1]);
        }
        if (!sorted) {
            Arrays.sort(order, Comparator.comparing(i -> timestamps[i]));
        }
        return order;
    }

    private static String abbreviate(String cell) {
        return cell.length() <= 60 ? cell : cell.substring(0, 60) + "...";
    }
}
