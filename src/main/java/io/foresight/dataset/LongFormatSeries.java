package io.foresight.dataset;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.foresight.ForesightException;

/**
 * The second half of reading a long-format CSV: the rows {@link LongFormatParser} read, grouped by series, the
 * dataset's one frequency inferred from its longest series, and each series laid on that frequency's grid from its own
 * first timestamp (missing grid points as rows of {@code NaN}; series too short to use left out and listed). Every
 * error names the series and the row.
 */
final class LongFormatSeries {

    private static final int KNOWN_STEPS = 1 << 16;
    private static final int VOTERS = 5;

    private final CsvRecords records;
    private final List<String> seriesIds;
    private final List<String> idColumnNames;
    private final long[] epochs;
    private final boolean dateOnly;
    private final int seriesCount;
    // the rows of series s are order[start[s]] .. order[start[s + 1] - 1], in the order they were read
    private final int[] start;
    private final int[] order;

    private Frequency inferred;
    private long stepsOrigin = Long.MIN_VALUE;
    private LongIntMap knownSteps = new LongIntMap();
    private long[] stepsOfKnown = new long[256];

    /** What {@link #regularise} makes of the rows: the usable series in id order, their gaps, the ones too short. */
    record Regular(List<Panel.Member> members, int[] gaps, List<ShortSeries> tooShort) {
    }

    /**
     * @param records       the CSV, to say where a row was ({@link CsvRecords#where})
     * @param seriesIds     the series' ids, by series number
     * @param idColumnNames the id columns, for messages
     * @param seriesOf      each row's series number (only read here, so that the caller may drop it)
     * @param rows          how many rows were read
     * @param epochs        each row's timestamp, epoch seconds of the LocalDateTime read as UTC
     * @param dateOnly      whether every timestamp was a date
     */
    LongFormatSeries(CsvRecords records, List<String> seriesIds, List<String> idColumnNames, int[] seriesOf, int rows,
            long[] epochs, boolean dateOnly) {
        this.records = records;
        this.seriesIds = seriesIds;
        this.idColumnNames = idColumnNames;
        this.epochs = epochs;
        this.dateOnly = dateOnly;
        this.seriesCount = seriesIds.size();
        start = new int[seriesCount + 1];
        for (int r = 0; r < rows; r++) {
            start[seriesOf[r] + 1]++;
        }
        for (int s = 0; s < seriesCount; s++) {
            start[s + 1] += start[s];
        }
        order = new int[rows];
        int[] next = Arrays.copyOf(start, seriesCount);
        for (int r = 0; r < rows; r++) {
            order[next[seriesOf[r]]++] = r;
        }
    }

    /**
     * @param values each numeric column's value per row ({@code NaN} for missing)
     * @param names  those columns' names
     */
    Regular regularise(double[][] values, List<String> names) {
        Integer[] byId = new Integer[seriesCount];
        Map<String, Integer> ids = new HashMap<>(seriesCount * 2);
        for (int s = 0; s < seriesCount; s++) {
            byId[s] = s;
            Integer other = ids.put(seriesIds.get(s), s);
            if (other != null) {
                throw ForesightException.badInput("Two different combinations of id values give the series id '"
                        + seriesIds.get(s) + "' (" + records.where(order[start[other]]) + " and "
                        + records.where(order[start[s]]) + "); ids join the values of " + String.join(", ",
                                idColumnNames) + " with '/', so an id value must not contain '/'.");
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
        String inferredFrom = inferFrequency(longEnough);
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
            List<SeriesColumn> seriesColumns = new ArrayList<>(values.length);
            for (int c = 0; c < values.length; c++) {
                double[] source = values[c];
                double[] grid = new double[size];
                for (int k = 0; k < size; k++) {
                    int row = rowAt[k];
                    grid[k] = row < 0 ? Double.NaN : source[row];
                }
                seriesColumns.add(new SeriesColumn(names.get(c), grid));
            }
            gaps[members.size()] = size - count;
            members.add(new Panel.Member(seriesIds.get(s), new TimeSeries(new RegularTimestamps(origin, size,
                    frequency), seriesColumns, frequency, dateOnly)));
        }
        return new Regular(members, gaps, List.copyOf(tooShort));
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
    private String inferFrequency(List<Integer> longestFirst) {
        List<Integer> voters = longestFirst.subList(0, Math.min(VOTERS, longestFirst.size()));
        List<Frequency> votes = new ArrayList<>(voters.size());
        ForesightException longestError = null;
        for (int series : voters) {
            List<LocalDateTime> timestamps = sortedTimestamps(series);
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
    private List<LocalDateTime> sortedTimestamps(int series) {
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
