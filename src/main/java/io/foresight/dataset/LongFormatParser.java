package io.foresight.dataset;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <li>the dataset has one frequency: the one {@link FrequencyInference} infers most often from the five series with
 * the most rows (the longest's among equals); every series must lie on that frequency's grid from its own first timestamp, with at
 * most {@value FrequencyInference#MAX_GAP_PERCENT}% of it missing, and missing grid points become rows of
 * {@code NaN};</li>
 * <li>a timestamp may occur once per series;</li>
 * <li>a series with fewer than {@value DatasetParser#MIN_ROWS} rows is left out and listed, not an error.</li>
 * </ul>
 * Every error names the series and the row.
 */
final class LongFormatParser {

    private static final int TIMESTAMP_CACHE = 1 << 16;
    private static final int KNOWN_STEPS = 1 << 16;
    private static final int VOTERS = 5;

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

    private Frequency inferred;
    private long stepsOrigin = Long.MIN_VALUE;
    private LongIntMap knownSteps = new LongIntMap();
    private long[] stepsOfKnown = new long[256];

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

        int seriesCount = seriesIds.size();
        int[] start = new int[seriesCount + 1];
        for (int r = 0; r < rows; r++) {
            start[seriesOf[r] + 1]++;
        }
        for (int s = 0; s < seriesCount; s++) {
            start[s + 1] += start[s];
        }
        int[] order = new int[rows];
        int[] next = Arrays.copyOf(start, seriesCount);
        for (int r = 0; r < rows; r++) {
            order[next[seriesOf[r]]++] = r;
        }
        seriesOf = null;

        Integer[] byId = new Integer[seriesCount];
        Map<String, Integer> ids = new HashMap<>(seriesCount * 2);
        for (int s = 0; s < seriesCount; s++) {
            byId[s] = s;
            Integer other = ids.put(seriesIds.get(s), s);
            if (other != null) {
                throw ForesightException.badInput("Two different combinations of id values give the series id '"
                        + seriesIds.get(s) + "' (" + records.where(order[start[other]]) + " and "
                        + records.where(order[start[s]]) + "); ids join the values of " + String.join(", ",
                                idColumnNames()) + " with '/', so an id value must not contain '/'.");
            }
        }
        Arrays.sort(byId, Comparator.comparing(seriesIds::get));

        List<ShortSeries> tooShort = new ArrayList<>();
        List<Integer> longEnough = new ArrayList<>(seriesCount);
        for (int s : byId) {
            int count = start[s + 1] - start[s];
            if (count < DatasetParser.MIN_ROWS) {
                tooShort.add(new ShortSeries(seriesIds.get(s), count, count + " row" + (count == 1 ? "" : "s")
                        + "; at least " + DatasetParser.MIN_ROWS + " are needed to infer a frequency and forecast"));
            } else {
                longEnough.add(s);
            }
        }
        if (longEnough.isEmpty()) {
            throw ForesightException.badInput("Every one of the " + seriesCount + " series has fewer than "
                    + DatasetParser.MIN_ROWS + " rows (at most " + maxCount(start) + "); a series needs at least "
                    + DatasetParser.MIN_ROWS + " to infer a frequency. Check that idColumns names the id columns"
                    + " only.");
        }
        // the longest first (a stable sort: by id among equals)
        longEnough.sort(Comparator.comparingInt(s -> -(start[s + 1] - start[s])));
        String inferredFrom = inferFrequency(longEnough, start, order);
        Frequency frequency = inferred;

        List<Panel.Member> members = new ArrayList<>(seriesCount - tooShort.size());
        int[] gaps = new int[seriesCount - tooShort.size()];
        int[] steps = new int[maxCount(start)];
        int[] rowAt = new int[0];
        for (int s : byId) {
            int from = start[s];
            int count = start[s + 1] - from;
            if (count < DatasetParser.MIN_ROWS) {
                continue;
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = from; i < from + count; i++) {
                first = Math.min(first, epochs[order[i]]);
                last = Math.max(last, epochs[order[i]]);
            }
            LocalDateTime origin = LocalDateTime.ofEpochSecond(first, 0, ZoneOffset.UTC);
            long gridSize = 0;
            for (int i = 0; i < count; i++) {
                int row = order[from + i];
                long step = stepsFrom(frequency, first, origin, epochs[row]);
                if (step < 0 || step >= Integer.MAX_VALUE) {
                    throw offGrid(s, row, frequency, origin, inferredFrom);
                }
                steps[i] = (int) step;
                gridSize = Math.max(gridSize, step + 1);
            }
            if ((gridSize - count) * 100 > gridSize * FrequencyInference.MAX_GAP_PERCENT) {
                throw ForesightException.badInput("Series " + seriesIds.get(s) + ": " + (gridSize - count)
                        + " of the " + gridSize + " points of the dataset's frequency " + frequency.code()
                        + " between " + format(origin) + " and " + format(LocalDateTime.ofEpochSecond(last, 0,
                                ZoneOffset.UTC)) + " have no row, more than " + FrequencyInference.MAX_GAP_PERCENT
                        + "%. Resample it to " + frequency.code() + " or fill in the missing rows.");
            }
            int size = (int) gridSize;
            if (rowAt.length < size) {
                rowAt = new int[Math.max(size, rowAt.length * 2)];
            }
            Arrays.fill(rowAt, 0, size, -1);
            for (int i = 0; i < count; i++) {
                int row = order[from + i];
                int other = rowAt[steps[i]];
                if (other >= 0) {
                    throw ForesightException.badInput("Series " + seriesIds.get(s) + ": duplicate timestamp "
                            + format(LocalDateTime.ofEpochSecond(epochs[row], 0, ZoneOffset.UTC)) + " at "
                            + records.where(Math.min(row, other)) + " and " + records.where(Math.max(row, other))
                            + "; a timestamp may occur once per series, so remove or merge one of them.");
                }
                rowAt[steps[i]] = row;
            }
            List<SeriesColumn> seriesColumns = new ArrayList<>(numeric.size());
            for (int c : numeric) {
                double[] source = values[c];
                double[] grid = new double[size];
                for (int k = 0; k < size; k++) {
                    int row = rowAt[k];
                    grid[k] = row < 0 ? Double.NaN : source[row];
                }
                seriesColumns.add(new SeriesColumn(header.get(valueFields[c]), grid));
            }
            gaps[members.size()] = size - count;
            members.add(new Panel.Member(seriesIds.get(s), new TimeSeries(new RegularTimestamps(origin, size,
                    frequency), seriesColumns, frequency, dateOnly)));
        }
        return new ParsedPanel(new Panel(idColumnNames(), members), gaps, List.copyOf(columns),
                header.get(timestampField), List.copyOf(tooShort));
    }

    private static int maxCount(int[] start) {
        int max = 0;
        for (int s = 0; s + 1 < start.length; s++) {
            max = Math.max(max, start[s + 1] - start[s]);
        }
        return max;
    }

    /**
     * The dataset's one frequency (into {@link #inferred}): the one inferred most often from the
     * {@value #VOTERS} longest series (the longest's among equals), so that one odd series does not decide it.
     *
     * @return which series it was inferred from, for messages ("series 1/1, 1/2 and 2/1")
     */
    private String inferFrequency(List<Integer> longestFirst, int[] start, int[] order) {
        List<Integer> voters = longestFirst.subList(0, Math.min(VOTERS, longestFirst.size()));
        List<Frequency> votes = new ArrayList<>(voters.size());
        ForesightException longestError = null;
        for (int series : voters) {
            List<LocalDateTime> timestamps = sortedTimestamps(series, start, order);
            try {
                votes.add(FrequencyInference.infer(timestamps));
            } catch (ForesightException e) {
                votes.add(null);
                longestError = longestError == null && series == voters.get(0) ? e : longestError;
            }
        }
        Frequency best = null;
        int bestVotes = 0;
        for (Frequency candidate : votes) {
            int count = candidate == null ? 0 : Collections.frequency(votes, candidate);
            if (count > bestVotes) {
                best = candidate;
                bestVotes = count;
            }
        }
        if (best == null) {
            throw ForesightException.badInput("Series " + seriesIds.get(voters.get(0)) + " (the longest, from which"
                    + " the dataset's one frequency is inferred): " + longestError.getMessage());
        }
        inferred = best;
        List<String> agreeing = new ArrayList<>();
        for (int i = 0; i < voters.size(); i++) {
            if (best.equals(votes.get(i))) {
                agreeing.add(seriesIds.get(voters.get(i)));
            }
        }
        return "series " + String.join(", ", agreeing)
                + (voters.size() == 1 ? " (the only one long enough)" : " (" + agreeing.size() + " of the "
                        + voters.size() + " longest)");
    }

    /** The series' timestamps, sorted; a duplicate is an error naming the series and both rows. */
    private List<LocalDateTime> sortedTimestamps(int series, int[] start, int[] order) {
        int from = start[series];
        int count = start[series + 1] - from;
        long[] sorted = new long[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = epochs[order[from + i]];
        }
        Arrays.sort(sorted);
        List<LocalDateTime> timestamps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                int first = -1;
                int second = -1;
                for (int k = from; k < from + count; k++) {
                    if (epochs[order[k]] == sorted[i]) {
                        if (first < 0) {
                            first = order[k];
                        } else if (second < 0) {
                            second = order[k];
                        }
                    }
                }
                throw ForesightException.badInput("Series " + seriesIds.get(series) + ": duplicate timestamp "
                        + format(LocalDateTime.ofEpochSecond(sorted[i], 0, ZoneOffset.UTC)) + " at "
                        + records.where(Math.min(first, second)) + " and " + records.where(Math.max(first, second))
                        + "; a timestamp may occur once per series, so remove or merge one of them.");
            }
            timestamps.add(LocalDateTime.ofEpochSecond(sorted[i], 0, ZoneOffset.UTC));
        }
        return timestamps;
    }

    /**
     * Grid steps from the series' first timestamp to {@code epoch}, -1 when off the grid: integer arithmetic for a
     * fixed frequency; for calendar months and business days {@link Frequency#stepsFrom}, remembered per first
     * timestamp, since the series of a dataset mostly start together and share their timestamps.
     */
    private long stepsFrom(Frequency frequency, long first, LocalDateTime origin, long epoch) {
        long seconds = frequency.fixedSeconds();
        if (seconds > 0) {
            long between = epoch - first;
            return between % seconds == 0 ? between / seconds : -1;
        }
        if (stepsOrigin != first || knownSteps.size() >= KNOWN_STEPS) {
            stepsOrigin = first;
            knownSteps = new LongIntMap();
        }
        int known = knownSteps.size();
        int index = knownSteps.intern(epoch);
        if (index == known) {
            if (index == stepsOfKnown.length) {
                stepsOfKnown = Arrays.copyOf(stepsOfKnown, index * 2);
            }
            stepsOfKnown[index] = frequency.stepsFrom(origin, LocalDateTime.ofEpochSecond(epoch, 0, ZoneOffset.UTC));
        }
        return stepsOfKnown[index];
    }

    private ForesightException offGrid(int series, int row, Frequency frequency, LocalDateTime origin,
            String inferredFrom) {
        String grid = frequency.equals(Frequency.BUSINESS_DAYS) ? "business-day (Monday to Friday)" : frequency.code();
        return ForesightException.badInput("Series " + seriesIds.get(series) + ": "
                + format(LocalDateTime.ofEpochSecond(epochs[row], 0, ZoneOffset.UTC)) + " at " + records.where(row)
                + " is not on the " + grid + " grid that starts at its first timestamp " + format(origin)
                + "; a dataset has one frequency, " + frequency.code() + ", inferred from " + inferredFrom
                + ". Resample the series to " + frequency.code() + ".");
    }

    private String format(LocalDateTime t) {
        return TimestampFormat.format(t, dateOnly);
    }
}
