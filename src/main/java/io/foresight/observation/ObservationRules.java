package io.foresight.observation;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.TimestampFormat;

/**
 * Whether a batch of new observations may be stored, checked against the model's grid and what is already known, as a
 * whole: every series of the batch continues its last known timestamp (the later of its training data's end and its
 * last stored observation) one step at a time on the model's frequency, with no gaps (a missing actual cannot be
 * skipped: the forecast slides its window over consecutive steps), each timestamp once and every value a finite
 * number (positive for a model on the log scale). With {@code replace} a series' first point may instead fall on any
 * step after its training data up to the step after its last observation: what is stored from there on is rewritten.
 * A model that reads feature columns or future features ({@code columns}) needs their values at every point, as a
 * forecast's history carries them: a missing or non-numeric one is a problem naming the column and the timestamps, and
 * so is a column the model does not read (for any model: nothing sent is silently ignored).
 * Any problem rejects the whole batch, naming the first few.
 */
final class ObservationRules {

    /** Problems a message lists before it counts the rest. */
    static final int SHOWN = 8;

    /**
     * What the batch is checked against for one series.
     *
     * @param end      the last timestamp of the series' training data
     * @param positive whether values must be positive (the model works on the logarithm)
     * @param failure  why the series cannot take observations (it has no model), or null
     */
    record Target(LocalDateTime end, boolean positive, String failure) {
    }

    private ObservationRules() {
    }

    /**
     * The change that stores {@code points}, or a bad-input exception naming what is wrong with them.
     *
     * @param targets what each series is checked against; null for a series the model does not have
     */
    static ObservationStore.Change check(String model, Frequency frequency, boolean dateOnly, List<NewObservation> points,
            boolean replace, Function<String, Target> targets, Map<String, Observations> stored) {
        return check(model, frequency, dateOnly, List.of(), points, replace, targets, stored);
    }

    /**
     * The change that stores {@code points}, each carrying a value of every column of {@code columns} (the feature
     * columns and future features the model reads, besides its target), or a bad-input exception naming what is wrong.
     *
     * @param targets what each series is checked against; null for a series the model does not have
     */
    static ObservationStore.Change check(String model, Frequency frequency, boolean dateOnly, List<String> columns,
            List<NewObservation> points, boolean replace, Function<String, Target> targets,
            Map<String, Observations> stored) {
        if (points == null || points.isEmpty()) {
            throw ForesightException.badInput("Send at least one observation.");
        }
        Map<String, List<NewObservation>> bySeries = new LinkedHashMap<>();
        for (NewObservation point : points) {
            bySeries.computeIfAbsent(point.series(), id -> new ArrayList<>()).add(point);
        }
        List<String> problems = new ArrayList<>();
        List<ObservationStore.Append> appends = new ArrayList<>(bySeries.size());
        for (Map.Entry<String, List<NewObservation>> entry : bySeries.entrySet()) {
            String id = entry.getKey();
            Target target = targets.apply(id);
            if (target == null) {
                problems.add("series '" + shown(id) + "' is not a series of model '" + model + "' ("
                        + entry.getValue().get(0).where() + ")");
                continue;
            }
            if (target.failure() != null) {
                problems.add("series '" + shown(id) + "' has no model (" + target.failure() + ")");
                continue;
            }
            Observations known = stored.getOrDefault(id, Observations.none(id));
            ObservationStore.Append append = series(model, id, frequency, dateOnly, columns, entry.getValue(), replace,
                    target, known, problems);
            if (append != null) {
                appends.add(append);
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder detail = new StringBuilder();
            detail.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                    .append(" in the observations; nothing was stored: ");
            for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
                detail.append(i == 0 ? "" : "; ").append(problems.get(i));
            }
            if (problems.size() > SHOWN) {
                detail.append("; and ").append(problems.size() - SHOWN).append(" more");
            }
            throw ForesightException.badInput(detail.append('.').toString());
        }
        return new ObservationStore.Change(replace, appends);
    }

    private static ObservationStore.Append series(String model, String id, Frequency frequency, boolean dateOnly,
            List<String> columns, List<NewObservation> points, boolean replace, Target target, Observations known,
            List<String> problems) {
        int before = problems.size();
        LocalDateTime end = target.end();
        LocalDateTime lastStored = known.last();
        LocalDateTime lastKnown = lastStored != null && lastStored.isAfter(end) ? lastStored : end;
        String in = id.isEmpty() ? "" : " of series '" + shown(id) + "'";
        LocalDateTime expected = frequency.plus(lastKnown, 1);
        long[] seconds = new long[points.size()];
        double[] values = new double[points.size()];
        double[][] cells = new double[columns.size()][points.size()];
        ColumnProblems columnProblems = new ColumnProblems(model, columns);
        Set<LocalDateTime> seen = new HashSet<>();
        LocalDateTime latest = null;
        int accepted = 0;
        for (int i = 0; i < points.size(); i++) {
            NewObservation point = points.get(i);
            String where = point.where() + in;
            LocalDateTime t;
            try {
                t = TimestampFormat.parse(point.timestamp());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                continue;
            }
            String shownTime = TimestampFormat.format(t, dateOnly);
            Double value = point.value();
            if (value == null) {
                problems.add(where + " (" + shownTime + "): the value is missing");
            } else if (!Double.isFinite(value)) {
                problems.add(where + " (" + shownTime + "): the value " + value + " is not a finite number");
            } else if (target.positive() && value <= 0) {
                problems.add(where + " (" + shownTime + "): the value " + value + " is not positive, and this model works"
                        + " on the logarithm of its target");
            }
            double[] carried = columnProblems.read(point, shownTime);
            if (replace && latest == null && t.isAfter(end) && !t.isAfter(expected)
                    && frequency.stepsFrom(end, t) > 0) {
                expected = t; // the first point of a replacement may rewrite stored observations from here on
            }
            if (seen.contains(t)) {
                problems.add(where + ": timestamp " + shownTime + " is a duplicate; send each timestamp once");
            } else if (!t.isAfter(replace ? end : lastKnown)) {
                problems.add(where + ": timestamp " + shownTime + " is at or before the last known one, "
                        + TimestampFormat.format(replace ? end : lastKnown, dateOnly)
                        + (replace ? " (the end of the training data, which is never rewritten)"
                                : lastKnown.equals(end) ? " (the end of the training data)"
                                        : " (the last stored observation; send \"replace\": true to rewrite stored ones)"));
            } else if (latest != null && t.isBefore(latest)) {
                problems.add(where + ": timestamp " + shownTime + " comes before the point sent ahead of it ("
                        + TimestampFormat.format(latest, dateOnly) + "); send points oldest first");
            } else if (t.equals(expected)) {
                seconds[accepted] = Observations.seconds(t);
                values[accepted] = value == null ? Double.NaN : value;
                for (int c = 0; c < carried.length; c++) {
                    cells[c][accepted] = carried[c];
                }
                accepted++;
                expected = frequency.plus(t, 1);
            } else if (frequency.stepsFrom(end, t) < 0) {
                problems.add(where + ": timestamp " + shownTime + " is not on the model's grid (frequency "
                        + frequency.code() + ", e.g. " + TimestampFormat.format(expected, dateOnly) + ")");
            } else {
                problems.add(where + ": timestamp " + shownTime + " leaves a gap; the next step is "
                        + TimestampFormat.format(expected, dateOnly) + " (send consecutive steps, without gaps)");
            }
            if (latest == null || t.isAfter(latest)) {
                latest = t;
            }
            seen.add(t);
        }
        columnProblems.report(id.isEmpty() ? "" : "series '" + shown(id) + "': ", problems);
        if (problems.size() > before) {
            return null;
        }
        return columns.isEmpty() ? new ObservationStore.Append(id, seconds, values)
                : new ObservationStore.Append(id, seconds, values, columns, cells);
    }

    /**
     * The columns of a series' points besides the target, read and checked: each column the model reads must have a
     * number at every point; a column it does not read is refused. Problems are collected per column (with the
     * timestamps where they occur) and reported once, so a column missing from a thousand points is one problem.
     */
    private static final class ColumnProblems {

        private final String model;
        private final List<String> columns;
        /** Problem (e.g. "column 'promo' has no value") -> the timestamps where it occurs, in order. */
        private final Map<String, List<String>> at = new LinkedHashMap<>();

        ColumnProblems(String model, List<String> columns) {
            this.model = model;
            this.columns = columns;
        }

        /**
         * The point's values of the columns, in their order (NaN where a problem was noted): each a number (a JSON
         * number, or a CSV cell read as one); null (or a column left out) is a missing value, anything else (a JSON
         * string, even "1", as in a forecast's history; a CSV cell that is not a number) is not a number.
         */
        double[] read(NewObservation point, String shownTime) {
            double[] values = new double[columns.size()];
            for (int c = 0; c < values.length; c++) {
                String name = columns.get(c);
                Object cell = point.columns().get(name);
                values[c] = Double.NaN;
                if (cell == null) {
                    note("column '" + name + "' has no value", shownTime);
                } else if (cell instanceof Number number && Double.isFinite(number.doubleValue())) {
                    values[c] = number.doubleValue();
                } else {
                    note("column '" + name + "' is not a finite number", shownTime);
                }
            }
            for (String name : point.columns().keySet()) {
                if (!columns.contains(name)) {
                    note("'" + shown(name) + "' is not a column model '" + model + "' reads", shownTime);
                }
            }
            return values;
        }

        private void note(String problem, String shownTime) {
            List<String> times = at.computeIfAbsent(problem, p -> new ArrayList<>());
            times.add(shownTime);
        }

        void report(String series, List<String> problems) {
            String reads = columns.isEmpty() ? "its target alone (send timestamp and value)"
                    : "its target and " + columns + ", at every point";
            for (Map.Entry<String, List<String>> entry : at.entrySet()) {
                List<String> times = entry.getValue();
                problems.add(series + entry.getKey() + " at " + (times.size() == 1 ? "" : times.size() + " timestamps: ")
                        + String.join(", ", times.subList(0, Math.min(SHOWN, times.size())))
                        + (times.size() > SHOWN ? ", ..." : "") + " (model '" + model + "' reads " + reads + ")");
            }
        }
    }

    static String shown(String id) {
        return id.length() > 100 ? id.substring(0, 100) + "..." : id;
    }
}
