package io.foresight.window;

/**
 * How values are turned into network inputs and targets.
 *
 * <ul>
 * <li>{@code LEVEL}: standardised with the training part's mean and standard deviation.</li>
 * <li>{@code RELATIVE}: each window relative to its own last value, in units of the training part's mean
 * absolute step; lets a small network learn trending series whose level leaves the training range.</li>
 * <li>{@code LOG_RELATIVE}: {@code RELATIVE} on the logarithm (positive series only); multiplicative
 * seasonality and growth become additive.</li>
 * </ul>
 */
public enum Representation {
    LEVEL, RELATIVE, LOG_RELATIVE
}
