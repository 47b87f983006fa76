package io.foresight.window;

/**
 * Where a rolling-origin backtest cuts a series: {@code windows} forecasts of {@code horizon} steps whose origins are
 * {@code step} apart, the last one ending at the end of the series. Used by the {@code backtest} tool (step = horizon)
 * and by cross-validation over HTTP alike.
 */
public final class RollingOrigins {

    private RollingOrigins() {
    }

    /**
     * The number of points before the cutoff of window {@code index} (0 = the earliest of {@code windows}): the
     * forecast of that window starts at this position of a series of {@code size} points. Negative or zero when the
     * series is too short for that window.
     */
    public static int end(int size, int windows, int index, int step, int horizon) {
        return size - horizon - (windows - 1 - index) * step;
    }

    /** The fewest points a series needs for {@code windows} forecasts with at least {@code history} points before the first. */
    public static long needed(int history, int windows, int step, int horizon) {
        return (long) history + (long) (windows - 1) * step + horizon;
    }
}
