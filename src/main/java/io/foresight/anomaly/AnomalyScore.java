package io.foresight.anomaly;

/**
 * How far an observation lies from its one-step-ahead forecast, in units of the interval's half-width on the side it
 * lies on: {@code |value - expected| / (upper - expected)} above the forecast, {@code / (expected - lower)} below it.
 * 0 at the forecast, 1 on a bound, above 1 outside the interval (an anomaly), and growing with the distance (a bound
 * twice as far off scores 2). Using the half-width of the side keeps the score right for intervals that are not
 * symmetric (models on the log scale, lower bounds floored at zero).
 */
public final class AnomalyScore {

    private AnomalyScore() {
    }

    /** The score of {@code value} against the forecast {@code expected} with bounds {@code lower <= expected <= upper}. */
    public static double score(double value, double expected, double lower, double upper) {
        double distance = Math.abs(value - expected);
        if (distance == 0) {
            return 0;
        }
        double half = value > expected ? upper - expected : expected - lower;
        // an interval of zero width (a perfectly fitted series): any departure is far outside it, but a finite number
        double least = 1e-9 * Math.max(1, Math.abs(expected));
        return distance / Math.max(half, least);
    }

    /** Whether {@code value} lies outside {@code [lower, upper]}. */
    public static boolean outside(double value, double lower, double upper) {
        return value < lower || value > upper;
    }
}
