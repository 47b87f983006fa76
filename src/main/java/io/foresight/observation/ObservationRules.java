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
            ObservationStore.Append append = series(id, frequency, dateOnly, entry.getValue(), replace, target, known,
                    problems);
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

    private static ObservationStore.Append series(String id, Frequency frequency, boolean dateOnly,
            List<NewObservation> points, boolean replace, Target target, Observations known, List<String> problems) {
        int before = problems.size();
        LocalDateTime end = target.end();
        LocalDateTime lastStored = known.last();
        LocalDateTime lastKnown = lastStored != null && lastStored.isAfter(end) ? lastStored : end;
        String in = id.isEmpty() ? "" : " of series '" + shown(id) + "'";
        LocalDateTime expected = frequency.plus(lastKnown, 1);
        long[] seconds = new long[points.size()];
        double[] values = new double[points.size()];
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
        if (problems.size() > before) {
            return null;
        }
        return new ObservationStore.Append(id, seconds, values);
    }

    static String shown(String id) {
        return id.length() > 100 ? id.substring(0, 100) + "..." : id;
    }
}
