package io.foresight.dataset;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.foresight.ForesightException;

/**
 * Turns a long-format CSV ({@code store,item,date,sales,price}: id columns, a timestamp column, numeric columns) into
 * the series of a many-series dataset, in one pass over its bytes ({@link CsvRecords}) and without an object per
 * cell: ids are read into text once per distinct value ({@link ByteKeys}), timestamps once per distinct cell (a
 * bounded cache) into epoch seconds, numbers straight into growable {@code double} arrays ({@link CellNumbers}).
 *
 * <p>The cell rules are {@link DatasetParser}'s (numbers, {@code NA}/{@code null}/empty as missing, the timestamp
 * formats, a column without any number is text and left out). On top of them:
 * <ul>
 * <li>every id column must be in the header, and every row needs a value in each; a series' id is its id values
 * joined with {@code /} in the order of {@code idColumns};</li>
 * <li>the timestamp column is the one named {@code timestamp}, {@code date}, {@code time}, {@code datetime} or
 * {@code ds}, else the first other column whose first cell is a timestamp;</li>
 * <li>the dataset has one frequency ({@link LongFormatSeries}): the one {@link FrequencyInference} infers most often
 * from the five series with the most rows (the longest's among equals); every series must lie on that frequency's grid
 * from its own first timestamp, with at most {@value FrequencyInference#MAX_GAP_PERCENT}% of it missing, and missing
 * grid points become rows of {@code NaN};</li>
 * <li>a timestamp may occur once per series;</li>
 * <li>a series with fewer than {@value DatasetParser#MIN_ROWS} rows is left out and listed, not an error.</li>
 * </ul>
 * Every error names the series and the row.
 */
final class LongFormatParser {

    private static final int TIMESTAMP_CACHE = 1 << 16;

    private final CsvRecords records;
    private final byte[] bytes;
    private final int maxColumns;
    private final int maxRows;
    private final int maxSeries;

    private List<String> header;
    private int[] idFields;
    private int timestampField;
    private int[] valueFields;

    // per id column: its distinct values; per level beyond the first: (prefix, value) -> prefix number
    private ByteKeys[] idValues;
    private LongIntMap[] idPrefixes;
    private final List<String> seriesIds = new ArrayList<>();

    private final ByteKeys timestampCells = new ByteKeys();
    private long[] timestampCellEpochs = new long[1024];
    private boolean dateOnly = true;

    private final CellNumbers numbers = new CellNumbers();
    private int rows;
    private int[] seriesOf;
    private long[] epochs;
    private double[][] values;
    private boolean[] anyNumber;
    private int[] firstBadRow;
    private String[] firstBadCell;

    private LongFormatParser(byte[] csv, int maxColumns, int maxRows, int maxSeries) {
        this.records = new CsvRecords(csv);
        this.bytes = csv;
        this.maxColumns = maxColumns;
        this.maxRows = maxRows;
        this.maxSeries = maxSeries;
    }

    /**
     * @param idColumns the id columns' header names, at least one
     * @param maxRows   most data rows
     * @param maxSeries most distinct series
     * @throws ForesightException (bad input) saying what to fix, naming the series and row
     */
    static ParsedPanel parse(byte[] csv, List<String> idColumns, int maxColumns, int maxRows, int maxSeries) {
        LongFormatParser parser = new LongFormatParser(csv, maxColumns, maxRows, maxSeries);
        return parser.read(idColumns);
    }

    private ParsedPanel read(List<String> idColumns) {
        if (!records.next(maxColumns, -1)) {
            throw ForesightException.badInput("The CSV file is empty; send a header line (e.g. store,date,value)"
                    + " followed by one line per observation.");
        }
        List<String> names = new ArrayList<>(records.fields());
        for (int f = 0; f < records.fields(); f++) {
            names.add(records.text(f));
        }
        header = List.copyOf(names);
        DatasetParser.checkHeader(header);
        resolveIdColumns(idColumns);
        int headerEnd = records.position();
        if (!records.next(maxColumns, header.size())) {
            throw ForesightException.badInput("The CSV has a header but no data rows; add one line per observation"
                    + " below the header.");
        }
        resolveTimestampColumn();
        allocate(Math.max(1, records.position() - headerEnd), bytes.length - headerEnd);
        do {
            readRow();
        } while (records.next(maxColumns, header.size()));
        return build();
    }

    private void resolveIdColumns(List<String> idColumns) {
        Set<String> seen = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        idFields = new int[idColumns.size()];
        for (int k = 0; k < idColumns.size(); k++) {
            String name = idColumns.get(k);
            if (!seen.add(name)) {
                throw ForesightException.badInput("idColumns names '" + name + "' more than once; name each id"
                        + " column once.");
            }
            idFields[k] = header.indexOf(name);
            if (idFields[k] < 0) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ForesightException.badInput("idColumns names " + (unknown.size() == 1 ? "a column" : "columns")
                    + " the CSV does not have: " + String.join(", ", unknown) + "; its columns are "
                    + String.join(", ", header) + " (names are case-sensitive).");
        }
        idValues = new ByteKeys[idFields.length];
        idPrefixes = new LongIntMap[idFields.length];
        for (int k = 0; k < idFields.length; k++) {
            idValues[k] = new ByteKeys();
            idPrefixes[k] = k == 0 ? null : new LongIntMap();
        }
    }

    private boolean isIdField(int f) {
        for (int idField : idFields) {
            if (idField == f) {
                return true;
            }
        }
        return false;
    }

    /** By name, else the first non-id column whose first cell is a timestamp; called on the first data row. */
    private void resolveTimestampColumn() {
        timestampField = -1;
        for (int f = 0; f < header.size() && timestampField < 0; f++) {
            if (!isIdField(f) && DatasetParser.TIMESTAMP_NAMES.contains(header.get(f).toLowerCase(Locale.ROOT))) {
                timestampField = f;
            }
        }
        for (int f = 0; f < header.size() && timestampField < 0; f++) {
            if (!isIdField(f) && DatasetParser.parseTimestamp(records.text(f)) != null) {
                timestampField = f;
            }
        }
        if (timestampField < 0) {
            throw ForesightException.badInput("The CSV has no timestamp column besides the id columns; name it"
                    + " timestamp, date, time, datetime or ds, with values like 2020-01-31 (columns " + header
                    + " were read).");
        }
        int count = 0;
        valueFields = new int[header.size() - idFields.length - 1];
        for (int f = 0; f < header.size(); f++) {
            if (f != timestampField && !isIdField(f)) {
                valueFields[count++] = f;
            }
        }
        if (valueFields.length == 0) {
            throw noNumericColumn();
        }
    }

    private ForesightException noNumericColumn() {
        return ForesightException.badInput("The CSV has no numeric column besides the id columns and the timestamp"
                + " column '" + header.get(timestampField) + "'; add at least one column of numbers with a decimal"
                + " point (1.5, not 1,5) (columns " + header + " were read).");
    }

    private void allocate(int firstRowBytes, int dataBytes) {
        // A guess from the first data row's length, so that the arrays rarely grow (and are not much too large).
        int capacity = (int) Math.min(maxRows, Math.max(1024, (long) dataBytes * 11 / 10 / firstRowBytes));
        seriesOf = new int[capacity];
        epochs = new long[capacity];
        values = new double[valueFields.length][capacity];
        anyNumber = new boolean[valueFields.length];
        firstBadRow = new int[valueFields.length];
        firstBadCell = new String[valueFields.length];
        Arrays.fill(firstBadRow, -1);
    }

    private void grow() {
        int capacity = (int) Math.min((long) seriesOf.length * 3 / 2 + 1, maxRows);
        seriesOf = Arrays.copyOf(seriesOf, capacity);
        epochs = Arrays.copyOf(epochs, capacity);
        for (int j = 0; j < values.length; j++) {
            values[j] = Arrays.copyOf(values[j], capacity);
        }
    }

    private void readRow() {
        int row = rows;
        if (row >= maxRows) {
            throw ForesightException.badInput("The CSV has more than " + maxRows + " data rows, the limit for a"
                    + " many-series dataset (foresight.limits.max-panel-rows); upload fewer or shorter series.");
        }
        if (row == seriesOf.length) {
            grow();
        }
        seriesOf[row] = seriesKey(row);
        epochs[row] = epoch(row);
        for (int j = 0; j < valueFields.length; j++) {
            int f = valueFields[j];
            int kind = numbers.read(bytes, records.start(f), records.end(f));
            if (kind == CellNumbers.NUMBER && !records.escaped(f)) {
                values[j][row] = numbers.value();
                anyNumber[j] = true;
            } else {
                values[j][row] = Double.NaN;
                if (kind != CellNumbers.MISSING && firstBadRow[j] < 0) {
                    firstBadRow[j] = row;
                    firstBadCell[j] = records.text(f);
                }
            }
        }
        rows++;
    }

    private int seriesKey(int row) {
        int key = -1;
        for (int k = 0; k < idFields.length; k++) {
            int f = idFields[k];
            if (records.empty(f)) {
                throw ForesightException.badInput(records.where(row) + ", column '" + header.get(f) + "': the id is"
                        + " empty; every row needs a value in each id column (" + String.join(", ", idColumnNames())
                        + ").");
            }
            int value = idValues[k].intern(bytes, records.start(f), records.end(f));
            key = k == 0 ? value : idPrefixes[k].intern(((long) key << 32) | value);
        }
        int seriesCount = idFields.length == 1 ? idValues[0].size() : idPrefixes[idFields.length - 1].size();
        if (seriesCount > seriesIds.size()) {
            if (seriesCount > maxSeries) {
                throw ForesightException.badInput("The CSV has more than " + maxSeries + " series (distinct values of "
                        + String.join(", ", idColumnNames()) + "), the limit (foresight.limits.max-series); upload"
                        + " fewer series, or check that idColumns names the id columns only.");
            }
            StringBuilder id = new StringBuilder();
            for (int k = 0; k < idFields.length; k++) {
                if (k > 0) {
                    id.append('/');
                }
                id.append(records.text(idFields[k]));
            }
            seriesIds.add(id.toString());
        }
        return key;
    }

    private List<String> idColumnNames() {
        List<String> names = new ArrayList<>(idFields.length);
        for (int f : idFields) {
            names.add(header.get(f));
        }
        return names;
    }

    private long epoch(int row) {
        int f = timestampField;
        int from = records.start(f);
        int to = records.end(f);
        if (from == to || CellNumbers.isMissingToken(bytes, from, to)) {
            throw DatasetParser.emptyTimestamp(records.where(row), header.get(f));
        }
        int cached = timestampCells.find(bytes, from, to);
        if (cached >= 0) {
            return timestampCellEpochs[cached];
        }
        String cell = records.text(f);
        DatasetParser.Timestamp t = DatasetParser.parseTimestamp(cell);
        if (t == null) {
            throw DatasetParser.unparseableTimestamp(records.where(row), header.get(f), cell);
        }
        LocalDateTime value;
        try {
            value = TimestampFormat.requireRepresentable(t.value(), cell);
        } catch (IllegalArgumentException e) {
            throw ForesightException.badInput(records.where(row) + ", column '" + header.get(f) + "': "
                    + e.getMessage() + ".");
        }
        if (value.getNano() != 0) {
            throw ForesightException.badInput(records.where(row) + ", column '" + header.get(f) + "': timestamp "
                    + cell + " has a fraction of a second; the finest supported frequency is one second.");
        }
        dateOnly &= t.date();
        long epoch = value.toEpochSecond(ZoneOffset.UTC);
        if (timestampCells.size() >= TIMESTAMP_CACHE) {
            timestampCells.clear();
        }
        int index = timestampCells.intern(bytes, from, to);
        if (index >= timestampCellEpochs.length) {
            timestampCellEpochs = Arrays.copyOf(timestampCellEpochs, timestampCellEpochs.length * 2);
        }
        timestampCellEpochs[index] = epoch;
        return epoch;
    }

    private ParsedPanel build() {
        List<ColumnInfo> columns = new ArrayList<>(header.size());
        List<Integer> numeric = new ArrayList<>();
        int j = 0;
        for (int f = 0; f < header.size(); f++) {
            if (isIdField(f)) {
                columns.add(new ColumnInfo(header.get(f), ColumnInfo.ID));
            } else if (f == timestampField) {
                columns.add(new ColumnInfo(header.get(f), ColumnInfo.TIMESTAMP));
            } else {
                if (anyNumber[j] && firstBadRow[j] >= 0) {
                    int row = firstBadRow[j];
                    throw DatasetParser.notANumber("series " + seriesIds.get(seriesOf[row]) + ", "
                            + records.where(row), header.get(f), firstBadCell[j]);
                }
                columns.add(new ColumnInfo(header.get(f), anyNumber[j] ? ColumnInfo.NUMBER : ColumnInfo.TEXT));
                if (anyNumber[j]) {
                    numeric.add(j);
                }
                j++;
            }
        }
        if (numeric.isEmpty()) {
            throw noNumericColumn();
        }

        LongFormatSeries series = new LongFormatSeries(records, seriesIds, idColumnNames(), seriesOf, rows, epochs,
                dateOnly);
        seriesOf = null;
        double[][] numericValues = new double[numeric.size()][];
        List<String> numericNames = new ArrayList<>(numeric.size());
        for (int c = 0; c < numeric.size(); c++) {
            numericValues[c] = values[numeric.get(c)];
            numericNames.add(header.get(valueFields[numeric.get(c)]));
        }
        LongFormatSeries.Regular regular = series.regularise(numericValues, numericNames);
        return new ParsedPanel(new Panel(idColumnNames(), regular.members()), regular.gaps(), List.copyOf(columns),
                header.get(timestampField), regular.tooShort());
    }
}
