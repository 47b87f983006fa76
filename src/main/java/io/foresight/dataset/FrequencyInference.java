package io.foresight.dataset;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.foresight.ForesightException;

/**
 * Finds the frequency of sorted, distinct timestamps and places them on its grid.
 *
 * <p>Inference looks at consecutive differences, in this order: calendar months (every timestamp on the monthly grid
 * of the first, i.e. the same day of month or all month ends, at one time of day; the step is the greatest common
 * number of months, so 1, 3 and 12 give {@code P1M}, {@code P3M}, {@code P1Y}); business days (no Saturday or
 * Sunday, most steps one business day, and at least one Friday-to-Monday step); otherwise the most common fixed
 * difference. Missing grid points become gaps, at most {@value #MAX_GAP_PERCENT}% of the grid.
 */
final class FrequencyInference {

    static final int MAX_GAP_PERCENT = 20;

    private FrequencyInference() {
    }

    /**
     * Where each timestamp sits on the grid of the inferred frequency.
     *
     * @param frequency the inferred frequency
     * @param gridSize  steps from the first to the last timestamp, plus one
     * @param positions {@code positions[i]} is the grid index of {@code timestamps.get(i)}
     */
    record Grid(Frequency frequency, int gridSize, int[] positions) {

        int gaps() {
            return gridSize - positions.length;
        }
    }

    /**
     * @param timestamps sorted and distinct, at least two
     * @param describe   names the source row of the i-th timestamp in errors, e.g. "row 5 (line 6)"
     */
    static Grid regularise(List<LocalDateTime> timestamps, boolean dateOnly, IntFunction<String> describe) {
        Frequency frequency = infer(timestamps);
        LocalDateTime origin = timestamps.get(0);
        long[] steps = new long[timestamps.size()];
        for (int i = 0; i < timestamps.size(); i++) {
            steps[i] = frequency.stepsFrom(origin, timestamps.get(i));
            if (steps[i] < 0) {
                throw ForesightException.badInput("The timestamps are irregularly spaced: "
                        + TimestampFormat.format(timestamps.get(i), dateOnly) + " in " + describe.apply(i)
                        + " is not on the " + describeGrid(frequency) + " grid that starts at "
                        + TimestampFormat.format(origin, dateOnly)
                        + ", the frequency most of the steps follow. Resample the data to one regular frequency.");
            }
        }
        long gridSize = steps[steps.length - 1] + 1;
        if ((gridSize - timestamps.size()) * 100 > gridSize * MAX_GAP_PERCENT) {
            throw tooManyGaps(frequency, gridSize, timestamps, dateOnly);
        }
        int[] positions = new int[steps.length];
        for (int i = 0; i < steps.length; i++) {
            positions[i] = (int) steps[i];
        }
        return new Grid(frequency, (int) gridSize, positions);
    }

    private static ForesightException tooManyGaps(Frequency frequency, long gridSize, List<LocalDateTime> timestamps,
            boolean dateOnly) {
        long missing = gridSize - timestamps.size();
        return ForesightException.badInput("The timestamps are irregularly spaced: with the inferred frequency "
                + frequency.code() + (describeGrid(frequency).equals(frequency.code()) ? "" : " (" + describeGrid(frequency) + ")")
                + ", " + missing + " of the " + gridSize
                + " grid points between " + TimestampFormat.format(timestamps.get(0), dateOnly) + " and "
                + TimestampFormat.format(timestamps.get(timestamps.size() - 1), dateOnly) + " have no row, more than "
                + MAX_GAP_PERCENT + "%. Resample the data to one regular frequency or fill in the missing rows.");
    }

    static Frequency infer(List<LocalDateTime> timestamps) {
        for (LocalDateTime t : timestamps) {
            if (t.getNano() != 0) {
                throw ForesightException.badInput("Timestamp " + t + " has a fraction of a second; the finest"
                        + " supported frequency is one second.");
            }
        }
        if (sameTimeOfDay(timestamps)) {
            Frequency monthly = monthly(timestamps);
            if (monthly != null) {
                return monthly;
            }
            if (businessDays(timestamps)) {
                return Frequency.BUSINESS_DAYS;
            }
        }
        return mostCommonDifference(timestamps);
    }

    private static boolean sameTimeOfDay(List<LocalDateTime> timestamps) {
        LocalTime time = timestamps.get(0).toLocalTime();
        for (LocalDateTime t : timestamps) {
            if (!t.toLocalTime().equals(time)) {
                return false;
            }
        }
        return true;
    }

    private static Frequency monthly(List<LocalDateTime> timestamps) {
        long gcd = 0;
        for (int i = 1; i < timestamps.size(); i++) {
            long months = ChronoUnit.MONTHS.between(timestamps.get(i - 1).withDayOfMonth(1),
                    timestamps.get(i).withDayOfMonth(1));
            if (months <= 0) {
                return null;
            }
            gcd = gcd(gcd, months);
        }
        if (gcd > 1_200) {
            return null;
        }
        Frequency oneMonth = Frequency.ofMonths(1);
        LocalDateTime origin = timestamps.get(0);
        for (LocalDateTime t : timestamps) {
            if (oneMonth.stepsFrom(origin, t) < 0) {
                return null;
            }
        }
        return Frequency.ofMonths((int) gcd);
    }

    private static boolean businessDays(List<LocalDateTime> timestamps) {
        for (LocalDateTime t : timestamps) {
            DayOfWeek day = t.getDayOfWeek();
            if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
                return false;
            }
        }
        int oneStep = 0;
        int overWeekend = 0;
        for (int i = 1; i < timestamps.size(); i++) {
            LocalDateTime previous = timestamps.get(i - 1);
            if (Frequency.BUSINESS_DAYS.stepsFrom(previous, timestamps.get(i)) == 1) {
                oneStep++;
                if (previous.getDayOfWeek() == DayOfWeek.FRIDAY) {
                    overWeekend++;
                }
            }
        }
        return overWeekend > 0 && oneStep * 2 >= timestamps.size() - 1;
    }

    private static Frequency mostCommonDifference(List<LocalDateTime> timestamps) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 1; i < timestamps.size(); i++) {
            long seconds = Duration.between(timestamps.get(i - 1), timestamps.get(i)).getSeconds();
            counts.merge(seconds, 1, Integer::sum);
        }
        long best = 0;
        int bestCount = 0;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        try {
            return Frequency.ofSeconds(best);
        } catch (ForesightException e) {
            throw ForesightException.badInput("The timestamps are irregularly spaced: their most common step, "
                    + Duration.ofSeconds(best) + ", is not a supported frequency (at most 3660 days).");
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static String describeGrid(Frequency frequency) {
        return frequency.equals(Frequency.BUSINESS_DAYS) ? "business-day (Monday to Friday)" : frequency.code();
    }
}
