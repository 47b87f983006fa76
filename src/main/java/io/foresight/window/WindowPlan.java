package io.foresight.window;

import io.foresight.ForesightException;

/**
 * Where the windows of a series of {@code size} points lie. Windows are identified by their end (exclusive):
 * input {@code [end - window, end)}, target {@code [end, end + horizon)}. The last {@code size - trainEnd}
 * points are held back for validation: training windows' targets end at or before {@code trainEnd}, validation
 * windows' targets lie wholly inside the held-back part (their inputs may reach back into training data, which
 * is observed history, as at forecast time).
 *
 * @param size     points in the series
 * @param window   input length
 * @param horizon  output length
 * @param trainEnd first held-back index; the scaler is fitted on {@code [0, trainEnd)}
 */
public record WindowPlan(int size, int window, int horizon, int trainEnd) {

    /** Fewest training windows worth fitting a network on. */
    public static final int MIN_TRAIN_WINDOWS = 8;

    /**
     * Holds back {@code validationShare} of the series, but at least one horizon plus a little more so that
     * early stopping sees several windows, and never so much that fewer than {@link #MIN_TRAIN_WINDOWS}
     * training windows remain.
     */
    public static WindowPlan split(int size, int window, int horizon, double validationShare) {
        int minimum = minimumSize(window, horizon);
        if (size < minimum) {
            throw ForesightException.badInput("The series has " + size + " points but window " + window
                    + " and horizon " + horizon + " need at least " + minimum
                    + "; send a longer series or choose a shorter window or horizon.");
        }
        int wanted = Math.max(horizon + Math.max(horizon / 2, 4), (int) Math.round(size * validationShare));
        int mostAllowed = size - (window + horizon + MIN_TRAIN_WINDOWS - 1);
        int held = Math.max(horizon, Math.min(wanted, mostAllowed));
        return new WindowPlan(size, window, horizon, size - held);
    }

    /**
     * {@link #split} when the series holds {@link #MIN_TRAIN_WINDOWS} network windows, otherwise
     * {@link #statistical} with the history a season of {@code period} needs.
     */
    public static WindowPlan forSeries(int size, int window, int horizon, double validationShare, int period) {
        return size >= minimumSize(window, horizon) ? split(size, window, horizon, validationShare)
                : statistical(size, window, horizon, statisticalHistory(period));
    }

    /** History the statistical methods need before their first forecast: a season (seasonal naive), at least 4 points. */
    public static int statisticalHistory(int period) {
        return Math.max(period, 4);
    }

    /** Whether the plan has enough training windows for a network. */
    public boolean networks() {
        return trainWindows() >= MIN_TRAIN_WINDOWS;
    }

    /**
     * A plan for a series too short for network windows, scored only by statistical methods: holds back one
     * horizon plus a little more, keeping at least {@code history} points before the first held-back window.
     */
    public static WindowPlan statistical(int size, int window, int horizon, int history) {
        int minimum = statisticalMinimumSize(horizon, history);
        if (size < minimum) {
            throw ForesightException.badInput("The series has " + size + " points, too few for horizon " + horizon
                    + ": it needs at least " + minimum + ". Send a longer series or a shorter horizon.");
        }
        int held = Math.max(horizon, Math.min(horizon + Math.max(horizon / 2, 4), size - history));
        return new WindowPlan(size, window, horizon, size - held);
    }

    /** Points a statistical-only plan needs: one held-back horizon after {@code history} points. */
    public static int statisticalMinimumSize(int horizon, int history) {
        return horizon + history;
    }

    /** Points needed for {@link #MIN_TRAIN_WINDOWS} training windows and one validation window. */
    public static int minimumSize(int window, int horizon) {
        return window + horizon + MIN_TRAIN_WINDOWS - 1 + horizon;
    }

    public int firstTrainEnd() {
        return window;
    }

    public int lastTrainEnd() {
        return trainEnd - horizon;
    }

    public int firstValidationEnd() {
        return trainEnd;
    }

    public int lastValidationEnd() {
        return size - horizon;
    }

    /** Training windows for a network (0 in a {@link #statistical} plan too short for any). */
    public int trainWindows() {
        return Math.max(0, lastTrainEnd() - firstTrainEnd() + 1);
    }

    public int validationWindows() {
        return lastValidationEnd() - firstValidationEnd() + 1;
    }

    /** Encodes the windows with ends {@code from..to} (inclusive). */
    public Windows windows(double[][] channels, Scaler scaler, int from, int to) {
        int n = to - from + 1;
        float[][][] inputs = new float[n][][];
        float[][] targets = new float[n][];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            int end = from + i;
            ends[i] = end;
            inputs[i] = scaler.encodeInput(channels, end, window);
            targets[i] = scaler.encodeTarget(channels[0], end, horizon);
        }
        return new Windows(inputs, targets, ends);
    }

    /** Training windows with enough history for the scaler (seasonal representations look further back). */
    public Windows trainingWindows(double[][] channels, Scaler scaler) {
        return windows(channels, scaler, Math.max(firstTrainEnd(), scaler.lookback(window)), lastTrainEnd());
    }

    /** How many training windows a representation that needs {@code lookback} points of history leaves. */
    public int trainWindows(int lookback) {
        return lastTrainEnd() - Math.max(firstTrainEnd(), lookback) + 1;
    }

    public Windows validationWindows(double[][] channels, Scaler scaler) {
        return windows(channels, scaler, firstValidationEnd(), lastValidationEnd());
    }
}
