package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.TimestampFormat;
import io.foresight.registry.ModelVersion;

/**
 * The values of a version's future features at the steps a forecast reads: those sent with the request
 * ({@code future: [{timestamp, <column>: value}]}), else those stored with its training data (the rows after the
 * last target value). A value that neither has is never made up: the forecast is refused, naming the columns and
 * timestamps to send.
 */
final class FutureValues {

    /** Most missing timestamps a refusal lists one by one. */
    private static final int SHOWN = 8;

    private FutureValues() {
    }

    /** A forecast refused for its future values: a 400 even where a batch lists other failures per series. */
    static final class Refused extends ForesightException {
        Refused(String detail) {
            super(Kind.BAD_INPUT, "Invalid request", detail);
        }
    }

    /** A single-series version's future features' values at the {@code steps} timestamps after {@code last}. */
    static double[][] of(ModelVersion version, LocalDateTime last, int steps, List<ForecastQuery.Observation> sent) {
        return of(version, version.tail(), null, last, steps, sent, true);
    }

    /**
     * The future features' values at the {@code steps} timestamps after {@code last}: [column][step], from the rows of
     * {@code sent} for {@code series} (rows naming another series are another series' values; {@code series} is null
     * for a single-series version) over those stored in {@code stored} (the tail of the training data the forecast
     * starts from, with the plan after it; null when none). A forecast that does not read them ({@code read} false:
     * AUTO kept the version without its drivers) needs none: a missing value is then 0, which it ignores.
     *
     * @throws ForesightException (bad input) when {@code sent} is malformed or a value that is read is missing
     */
    static double[][] of(ModelVersion version, ModelVersion.Tail stored, String series, LocalDateTime last, int steps,
            List<ForecastQuery.Observation> sent, boolean read) {
        List<String> columns = version.data().futureFeatures() == null ? List.of() : version.data().futureFeatures();
        Frequency frequency = Frequency.parse(version.data().frequency());
        boolean dateOnly = version.data().dateOnly();
        double[][] values = new double[columns.size()][steps];
        for (double[] column : values) {
            java.util.Arrays.fill(column, Double.NaN);
        }
        stored(version, stored, last, frequency, values);
        if (sent != null) {
            sent(version, columns, series, last, frequency, sent, values);
        }
        if (!read) {
            for (double[] column : values) {
                for (int k = 0; k < column.length; k++) {
                    column[k] = Double.isNaN(column[k]) ? 0 : column[k];
                }
            }
            return values;
        }
        List<String> missing = new ArrayList<>();
        List<String> missingColumns = new ArrayList<>();
        int count = 0;
        for (int k = 0; k < steps; k++) {
            List<String> at = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                if (Double.isNaN(values[c][k])) {
                    at.add(columns.get(c));
                    if (!missingColumns.contains(columns.get(c))) {
                        missingColumns.add(columns.get(c));
                    }
                }
            }
            if (!at.isEmpty()) {
                count++;
                if (missing.size() < SHOWN) {
                    missing.add(TimestampFormat.format(frequency.plus(last, k + 1), dateOnly)
                            + (at.size() < columns.size() ? " (" + String.join(", ", at) + ")" : ""));
                }
            }
        }
        if (count > 0) {
            missingColumns = columns.stream().filter(missingColumns::contains).toList();
            throw new Refused((series == null ? "" : "Series '" + series + "': ") + "This forecast reads the future features " + columns + " at the " + steps
                    + " steps after " + TimestampFormat.format(last, dateOnly) + " (the horizon asked for, and at least the"
                    + " model's trained horizon of " + version.settings().horizon() + "), but " + missingColumns
                    + (missingColumns.size() == 1 ? " has" : " have") + " no value at " + count + " of them: " + String.join(", ", missing) + (count > SHOWN ? ", ..." : "")
                    + "." + storedPlan(stored, frequency, dateOnly) + " Send them as 'future': [{"
                    + (series == null ? "" : "\"series\": \"" + series + "\", ") + "\"timestamp\": ..., \""
                    + columns.get(0) + "\": ...}], or add them to the dataset after the last target value"
                    + (series == null ? "" : " of that series") + ", every future feature at every step without a gap,"
                    + " and train again.");
        }
        return values;
    }

    /**
     * Whether the values stored with the version ({@code stored}: the tail and plan a forecast starts from) cover
     * every future feature at the {@code steps} timestamps after {@code last}.
     */
    static boolean covers(ModelVersion version, ModelVersion.Tail stored, LocalDateTime last, int steps) {
        List<String> columns = version.data().futureFeatures() == null ? List.of() : version.data().futureFeatures();
        double[][] values = new double[columns.size()][steps];
        for (double[] column : values) {
            java.util.Arrays.fill(column, Double.NaN);
        }
        stored(version, stored, last, Frequency.parse(version.data().frequency()), values);
        for (double[] column : values) {
            for (double value : column) {
                if (Double.isNaN(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Where the plan stored with the version ends, as a sentence (empty without one): training keeps the rows after the
     * last target value up to the first step where the dataset has no value of a future feature (a gap, or an empty
     * cell), since a forecast reads every step before the one it predicts.
     */
    private static String storedPlan(ModelVersion.Tail tail, Frequency frequency, boolean dateOnly) {
        if (tail == null || tail.future() == null || tail.future().length == 0 || tail.timestamps().isEmpty()) {
            return "";
        }
        LocalDateTime end = TimestampFormat.parse(tail.end());
        int planned = tail.future()[0].length;
        return planned == 0
                ? " The version stores no plan: its dataset had no complete row of future features after the last target"
                        + " value."
                : " The plan stored with the version ends at " + TimestampFormat.format(frequency.plus(end, planned), dateOnly)
                        + ": training keeps the dataset's rows after the last target value up to the first step where a"
                        + " future feature has no value (a missing row or an empty cell).";
    }

    /** A refusal, naming the series when the version has many. */
    private static Refused refused(String series, String detail) {
        return new Refused((series == null ? "" : "Series '" + series + "': ") + detail);
    }

    /**
     * The values stored with the version, where they fall after {@code last}: those of its training data's tail, and
     * those after its end.
     */
    private static void stored(ModelVersion version, ModelVersion.Tail tail, LocalDateTime last, Frequency frequency,
            double[][] values) {
        if (tail == null || tail.future() == null || tail.future().length != values.length) {
            return;
        }
        int firstColumn = version.data().columns().size() - values.length; // the future features' channels in the tail
        LocalDateTime first = TimestampFormat.parse(tail.timestamps().get(0));
        int length = tail.timestamps().size();
        for (int k = 0; k < values[0].length; k++) {
            long i = frequency.stepsFrom(first, frequency.plus(last, k + 1)); // position in the tail, then after it
            if (i < 0) {
                continue;
            }
            for (int c = 0; c < values.length; c++) {
                if (i < length) {
                    values[c][k] = tail.values()[firstColumn + c][(int) i];
                } else if (i - length < tail.future()[c].length) {
                    values[c][k] = tail.future()[c][(int) (i - length)];
                }
            }
        }
    }

    /** The request's values, over the stored ones. */
    private static void sent(ModelVersion version, List<String> columns, String series, LocalDateTime last,
            Frequency frequency, List<ForecastQuery.Observation> sent, double[][] values) {
        if (columns.isEmpty()) {
            throw refused(series, "Model '" + version.model() + "' version " + version.version() + " reads no"
                    + " future features; leave 'future' out.");
        }
        boolean dateOnly = version.data().dateOnly();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            ForecastQuery.Observation row = sent.get(i);
            if (row.series() != null && !row.series().equals(series)) {
                continue; // another series' values
            }
            LocalDateTime time;
            try {
                time = TimestampFormat.parse(row.timestamp());
            } catch (IllegalArgumentException e) {
                throw refused(series, "future[" + i + "].timestamp: " + e.getMessage() + ".");
            }
            long step = frequency.stepsFrom(last, time);
            if (step <= 0) {
                throw refused(series, "future[" + i + "].timestamp " + row.timestamp() + " is not a step after "
                        + TimestampFormat.format(last, dateOnly) + " at the model's frequency " + frequency.code()
                        + ", where the forecast starts; send the future features' values at the steps to forecast.");
            }
            if (!seen.add(step)) {
                throw refused(series, "future[" + i + "].timestamp " + row.timestamp() + " is sent twice; send"
                        + " each step once.");
            }
            Map<String, Double> cells = row.values() == null ? Map.of() : row.values();
            for (Map.Entry<String, Double> cell : cells.entrySet()) {
                int c = columns.indexOf(cell.getKey());
                if (c < 0) {
                    throw refused(series, "future[" + i + "] has a value for '" + cell.getKey() + "', which is"
                            + " not a future feature of this model; its future features are " + columns + ".");
                }
                Double value = cell.getValue();
                if (value != null && !Double.isFinite(value)) {
                    throw refused(series, "future[" + i + "]." + cell.getKey() + " is not a finite number.");
                }
                if (step <= values[c].length) {
                    values[c][(int) step - 1] = value == null ? Double.NaN : value;
                }
            }
        }
    }
}
