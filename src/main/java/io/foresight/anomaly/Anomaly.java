package io.foresight.anomaly;

/**
 * An observation outside the interval of its one-step-ahead forecast, as stored.
 *
 * @param series   the series' id ({@code ""} for a single-series model)
 * @param seconds  its timestamp as seconds of the local timestamp read as UTC (as observations store it)
 * @param value    the observed value
 * @param expected the one-step-ahead forecast
 * @param lower    the lower bound of the interval at {@code level}
 * @param upper    the upper bound
 * @param level    the interval's level in percent
 * @param score    {@link AnomalyScore#score}: above 1 outside the interval
 * @param version  the version whose forecast it was
 */
public record Anomaly(String series, long seconds, double value, double expected, double lower, double upper,
        double level, double score, int version) {
}
