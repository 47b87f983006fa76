package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.List;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.TimestampFormat;
import io.foresight.registry.IntervalCalibration;

/** The checks of a forecast request's own fields (interval levels, quantiles, the last step's timestamp), each a 400. */
final class ForecastRequestRules {

    private ForecastRequestRules() {
    }

    /**
     * Checks that the last of {@code horizon} steps after {@code last} is a timestamp the service can represent
     * ({@link TimestampFormat#LAST}), so that a forecast never emits a timestamp the service itself would refuse.
     */
    static void lastStep(LocalDateTime last, Frequency frequency, int horizon, boolean dateOnly) {
        if (TimestampFormat.representable(frequency.plus(last, horizon))) {
            return;
        }
        int fits = 0; // steps plus() keeps representable: the largest such count below horizon, by bisection
        int beyond = horizon;
        while (beyond - fits > 1) {
            int middle = (fits + beyond) >>> 1;
            if (TimestampFormat.representable(frequency.plus(last, middle))) {
                fits = middle;
            } else {
                beyond = middle;
            }
        }
        throw ForesightException.badInput("A forecast of " + horizon + " steps from " + TimestampFormat.format(last, dateOnly)
                + " would run past 9999-12-31T23:59:59, the last timestamp the service can represent; "
                + (fits == 0 ? "no step after it can be forecast." : "ask for at most " + fits + " steps."));
    }

    static List<Double> levels(List<Double> levels) {
        if (levels == null) {
            return IntervalCalibration.DEFAULT_LEVELS;
        }
        if (levels.size() > 10) {
            throw ForesightException.badInput("'levels' may list at most 10 interval levels.");
        }
        for (Double level : levels) {
            if (level == null || !(level > 0 && level < 100)) {
                throw ForesightException.badInput("Each interval level must be a percentage strictly between 0 and 100, e.g. [80, 95]; got "
                        + level + ".");
            }
        }
        List<Double> sorted = levels.stream().sorted().toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).equals(sorted.get(i - 1))) {
                throw ForesightException.badInput("'levels' lists the level " + sorted.get(i)
                        + " twice; list each interval level once, e.g. [80, 95].");
            }
        }
        return sorted;
    }

    /**
     * The quantiles a request asks for, ascending (null when it asks for none): each strictly between 0 and 1, at most
     * {@value IntervalCalibration#MAX_QUANTILES}, none twice.
     */
    static double[] quantiles(List<Double> quantiles) {
        if (quantiles == null) {
            return null;
        }
        if (quantiles.isEmpty()) {
            throw ForesightException.badInput("'quantiles' is empty; list probabilities strictly between 0 and 1, e.g."
                    + " [0.1, 0.5, 0.9], or leave it out.");
        }
        if (quantiles.size() > IntervalCalibration.MAX_QUANTILES) {
            throw ForesightException.badInput("'quantiles' may list at most " + IntervalCalibration.MAX_QUANTILES
                    + " probabilities; got " + quantiles.size() + ".");
        }
        for (Double q : quantiles) {
            if (q == null || !(q > 0 && q < 1)) {
                throw ForesightException.badInput("Each quantile must be a probability strictly between 0 and 1, e.g."
                        + " [0.1, 0.5, 0.9]; got " + q + ".");
            }
        }
        double[] sorted = quantiles.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw ForesightException.badInput("'quantiles' lists " + IntervalCalibration.quantileKey(sorted[i])
                        + " twice; list each quantile once, e.g. [0.1, 0.5, 0.9].");
            }
        }
        return sorted;
    }
}
