package io.foresight.training;

import java.util.Arrays;

import io.foresight.model.Accuracy;
import io.foresight.model.Forecaster;
import io.foresight.model.TrainingSettings;
import io.foresight.window.WindowPlan;

/**
 * The held-back windows every candidate is scored on: one window per origin {@code ends[i]} in the held-back part,
 * what happened over its horizon ({@code actual[i]}), and the MASE scale (the training part's seasonal-naive
 * error). None of the candidates was fitted or early-stopped on them. The last {@code knownFuture} channels are
 * known-future inputs ({@link io.foresight.dataset.KnownFuture}).
 */
record HeldBackWindows(double[][] channels, WindowPlan plan, int period, int[] ends, double[][] actual, double maseScale,
        int knownFuture) {

    static HeldBackWindows of(double[][] channels, TrainingSettings settings) {
        return of(channels, settings, 0);
    }

    /** The held-back windows of {@code channels} whose last {@code knownFuture} are known-future channels. */
    static HeldBackWindows of(double[][] channels, TrainingSettings settings, int knownFuture) {
        int horizon = settings.horizon();
        int period = settings.seasonalPeriod();
        WindowPlan plan = WindowPlan.forSeries(channels[0].length, settings.window(), horizon, settings.validationShare(),
                period);
        int[] ends = new int[plan.validationWindows()];
        double[][] actual = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = plan.firstValidationEnd() + i;
            actual[i] = Arrays.copyOfRange(channels[0], ends[i], ends[i] + horizon);
        }
        return new HeldBackWindows(channels, plan, period, ends, actual,
                Accuracy.maseScale(channels[0], plan.trainEnd(), period), knownFuture);
    }

    /**
     * Horizons of consecutive origins, at least, that the statistical methods are chosen on ({@link #rolling}): one
     * held-back window of a short series is about one independent forecast, too few to tell methods apart. Five
     * measured as well as three on the development sets and gives the intervals more independent errors
     * (docs/BACKTEST.md, "Selection on rolling origins").
     */
    static final int ROLLING_HORIZONS = 5;

    /** Seasons of history before the first rolling origin, at least (three measured no better than two). */
    static final int ROLLING_SEASONS = 2;

    /**
     * The rolling origins the statistical methods are scored and chosen on: these windows, extended back so that
     * their origins (one step apart, the last ending at the series' end) span at least {@code horizons} horizons,
     * keeping before the first one {@code max(ROLLING_SEASONS period, 8)} points of history (the rule the rolling-origin reference
     * applies); these windows themselves when they reach further back already. A statistical method refits (or
     * re-filters) at every origin, so unlike a network it can be scored before the held-back part. The MASE scale is
     * the extended training part's.
     */
    HeldBackWindows rolling(int horizons) {
        int horizon = horizon();
        int size = plan.size();
        int history = Math.max(ROLLING_SEASONS * period, 8);
        int first = Math.min(plan.firstValidationEnd(), Math.max(history, size - horizon - horizons * horizon + 1));
        if (first >= plan.firstValidationEnd()) {
            return this;
        }
        WindowPlan extended = new WindowPlan(size, plan.window(), horizon, first);
        int[] origins = new int[extended.validationWindows()];
        double[][] happened = new double[origins.length][];
        for (int i = 0; i < origins.length; i++) {
            origins[i] = first + i;
            happened[i] = Arrays.copyOfRange(channels[0], origins[i], origins[i] + horizon);
        }
        return new HeldBackWindows(channels, extended, period, origins, happened,
                Accuracy.maseScale(channels[0], first, period), knownFuture);
    }

    /**
     * The rows of {@code forecasts} (one per origin of these windows) from the origins of {@code heldBack}, whose
     * origins are the last of these ({@link #rolling}).
     */
    double[][] rowsOf(double[][] forecasts, HeldBackWindows heldBack) {
        return Arrays.copyOfRange(forecasts, ends.length - heldBack.ends().length, ends.length);
    }

    /**
     * These windows' origins one horizon apart, counting back from the last (which is among them), with their actuals
     * and the same MASE scale: forecasts that do not overlap, each an independent one ({@link #overlap} 1). Spread
     * over the held-back windows they are the latest of these spread over their rolling origins ({@link #rolling}).
     */
    HeldBackWindows spread() {
        int horizon = horizon();
        int count = (ends.length + horizon - 1) / horizon;
        int[] spread = new int[count];
        double[][] happened = new double[count][];
        for (int i = 0; i < count; i++) {
            int row = ends.length - 1 - (count - 1 - i) * horizon;
            spread[i] = ends[row];
            happened[i] = actual[row];
        }
        return new HeldBackWindows(channels, plan, period, spread, happened, maseScale, knownFuture);
    }

    /**
     * How many consecutive origins of these windows one forecast overlaps: the horizon for origins one step apart (and
     * for a single origin), 1 for origins a horizon apart ({@link #spread}).
     */
    int overlap() {
        return ends.length < 2 ? horizon() : Math.max(1, horizon() / (ends[1] - ends[0]));
    }

    /** Whether every origin of {@code other} is among these. */
    boolean covers(HeldBackWindows other) {
        return Arrays.stream(other.ends()).allMatch(end -> Arrays.binarySearch(ends, end) >= 0);
    }

    /** The rows of {@code forecasts} (one per origin of these windows) from the origins of {@code at}, all among these. */
    double[][] rowsAt(double[][] forecasts, HeldBackWindows at) {
        double[][] rows = new double[at.ends().length][];
        for (int i = 0; i < rows.length; i++) {
            int row = Arrays.binarySearch(ends, at.ends()[i]);
            if (row < 0) {
                throw new IllegalArgumentException("origin " + at.ends()[i] + " is not among these windows");
            }
            rows[i] = forecasts[row];
        }
        return rows;
    }

    /**
     * Per fold of {@code horizon} consecutive origins (counted back from the last origin, so only the earliest fold may
     * be shorter; earliest first), the MASE of {@code forecasts}.
     */
    double[] foldMase(double[][] forecasts) {
        int horizon = overlap(); // origins one horizon apart: a fold each
        int folds = (ends.length + horizon - 1) / horizon;
        double[] mase = new double[folds];
        for (int f = 0; f < folds; f++) {
            int to = ends.length - (folds - 1 - f) * horizon;
            int from = Math.max(0, to - horizon);
            mase[f] = Accuracy.of(Arrays.copyOfRange(actual, from, to), Arrays.copyOfRange(forecasts, from, to), maseScale)
                    .mase();
        }
        return mase;
    }

    int horizon() {
        return plan.horizon();
    }

    /**
     * These windows without the known-future channels: the same origins, actuals and MASE scale over the channels before
     * them, exactly the windows of a job trained without the known future ({@link #of} of those channels).
     */
    HeldBackWindows withoutKnownFuture() {
        return knownFuture == 0 ? this
                : new HeldBackWindows(Arrays.copyOf(channels, channels.length - knownFuture), plan, period, ends, actual,
                        maseScale, 0);
    }

    /** {@code forecaster}'s forecasts from every held-back origin. */
    double[][] forecast(Forecaster forecaster) {
        return forecaster.forecast(channels, ends);
    }

    Accuracy score(double[][] forecasts) {
        return Accuracy.of(actual, forecasts, maseScale);
    }
}
