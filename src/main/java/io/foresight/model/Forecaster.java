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

    /**
     * For scoring a series derived afresh at each origin (a regression's remainder, {@link RegressionForecaster}): this
     * forecaster with what it would choose from {@code history}, the earliest origin's series, kept for the later ones,
     * as it keeps it over a batch of held-back origins ({@link EtsForecaster#heldBack}: the form), and over a batch of
     * origins on that one series the fit at the earliest run on (ETS, Holt-Winters); itself when it chooses nothing
     * once per batch.
     */
    default Forecaster settled(double[] history) {
        return this;
    }
}
