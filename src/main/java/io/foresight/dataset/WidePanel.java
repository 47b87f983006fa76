package io.foresight.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

import io.foresight.ForesightException;

/**
 * A wide CSV as many series ({@code seriesFromColumns}): each numeric column of the parsed series becomes its own
 * series, id the column name, values in one column named {@value #VALUE}, from its first to its last value (leading
 * and trailing missing values are where the column had not started or had ended). A column with fewer than
 * {@value DatasetParser#MIN_ROWS} values is too short and listed, not an error.
 */
final class WidePanel {

    /** The column name of every series' values. */
    static final String VALUE = "value";

    private WidePanel() {
    }

    static ParsedPanel of(ParsedDataset parsed) {
        TimeSeries wide = parsed.series();
        RegularTimestamps grid = new RegularTimestamps(wide.timestamps().get(0), wide.size(), wide.frequency());
        List<SeriesColumn> columns = new ArrayList<>(wide.columns());
        columns.sort(Comparator.comparing(SeriesColumn::name));
        List<Panel.Member> members = new ArrayList<>(columns.size());
        List<ShortSeries> tooShort = new ArrayList<>();
        int[] gaps = new int[columns.size()];
        for (SeriesColumn column : columns) {
            double[] values = column.values();
            int first = 0;
            while (first < values.length && Double.isNaN(values[first])) {
                first++;
            }
            int last = values.length - 1;
            while (last >= first && Double.isNaN(values[last])) {
                last--;
            }
            int present = 0;
            for (int i = first; i <= last; i++) {
                present += Double.isNaN(values[i]) ? 0 : 1;
            }
            if (present < DatasetParser.MIN_ROWS) {
                tooShort.add(new ShortSeries(column.name(), present, present + " value" + (present == 1 ? "" : "s")
                        + "; at least " + DatasetParser.MIN_ROWS + " are needed to forecast"));
                continue;
            }
            int size = last - first + 1;
            BitSet gapRows = parsed.gapRows().get(first, last + 1);
            gaps[members.size()] = gapRows.cardinality();
            TimeSeries series = new TimeSeries(grid.range(first, size),
                    List.of(new SeriesColumn(VALUE, Arrays.copyOfRange(values, first, last + 1))), wide.frequency(),
                    wide.dateOnly());
            members.add(new Panel.Member(column.name(), series));
        }
        if (members.isEmpty()) {
            throw ForesightException.badInput("No numeric column has at least " + DatasetParser.MIN_ROWS
                    + " values, so with seriesFromColumns there is no series to forecast.");
        }
        return new ParsedPanel(new Panel(List.of(), members), Arrays.copyOf(gaps, members.size()), parsed.columns(),
                parsed.timestampColumn(), List.copyOf(tooShort));
    }
}
