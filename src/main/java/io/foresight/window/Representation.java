package io.foresight.window;

/**
 * How target values are turned into network inputs and targets (feature columns are always encoded
 * relative to their own last value, except under {@code LEVEL}).
 *
 * <ul>
 * <li>{@code LEVEL}: standardised with the training part's mean and standard deviation.</li>
 * <li>{@code RELATIVE}: each window relative to its own last value, in units of the training part's mean
 * absolute step; lets a small network learn trending series whose level leaves the training range.</li>
 * <li>{@code LOG_RELATIVE}: {@code RELATIVE} on the logarithm (positive series only); multiplicative
 * seasonality and growth become additive.</li>
 * <li>{@code SEASONAL}: seasonal differences {@code y[t] - y[t-m]}: the network learns a correction to the
 * seasonal-naive forecast, so that at worst it falls back to it.</li>
 * <li>{@code LOG_SEASONAL}: {@code SEASONAL} on the logarithm (positive series only).</li>
 * </ul>
 */
public enum Representation {
    LEVEL, RELATIVE, LOG_RELATIVE, SEASONAL, LOG_SEASONAL;

    public boolean log() {
        return this == LOG_RELATIVE || this == LOG_SEASONAL;
    }

    public boolean seasonal() {
        return this == SEASONAL || this == LOG_SEASONAL;
    }
}
