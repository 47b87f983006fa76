package io.foresight.model;

/**
 * Produces {@link #horizon()} future values of the target from the observations before {@code end}.
 * Channels are in original units, channel 0 the target, gaps already filled.
 */
public interface Forecaster {

    /** How many past points a forecast needs. */
    int window();

    /** How many steps one call produces. */
    int horizon();

    /** Forecasts for several window ends at once ([end][step]); batching is what makes backtests fast. */
    double[][] forecast(double[][] channels, int[] ends);

    default double[] forecast(double[][] channels, int end) {
        return forecast(channels, new int[] {end})[0];
    }
}
