package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Architecture;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;

/**
 * Checks a training request against the data and the configured limits, and fills every omitted setting
 * with a default derived from the data (window from the seasonal period, representation from the sign of
 * the target). Every rejection says what to change.
 */
public final class SettingsResolver {

    static final int DEFAULT_EPOCHS = 100;
    static final int DEFAULT_PATIENCE = 10;
    static final int DEFAULT_BATCH = 32;
    static final double DEFAULT_LEARNING_RATE = 0.005;
    static final long DEFAULT_SEED = 42;
    static final List<Integer> DEFAULT_LAYERS = List.of(32);
    static final double VALIDATION_SHARE = 0.2;
    /** Default inputs are at most this long: seasonal representations reach longer seasons through their lag. */
    static final int MAX_DEFAULT_WINDOW = 48;
    /** Default epochs visit about this many windows in all, bounding a default training's cost on long series. */
    static final int WINDOW_BUDGET = 24_000;
    static final int MIN_DEFAULT_EPOCHS = 20;

    private final ForesightProperties.Limits limits;

    SettingsResolver(ForesightProperties.Limits limits) {
        this.limits = limits;
    }

    /** The columns a request uses: target first, then features, all checked to exist and be distinct. */
    List<String> columns(TrainingRequest request, TimeSeries series) {
        if (request.target() == null || request.target().isBlank()) {
            throw ForesightException.badInput("'target' is required: name the column to forecast, one of " + series.columnNames() + ".");
        }
        List<String> columns = new ArrayList<>();
        columns.add(request.target());
        if (request.features() != null) {
            columns.addAll(request.features());
        }
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (column == null || !seen.add(column)) {
                throw ForesightException.badInput("'features' must name distinct columns other than the target; got "
                        + request.features() + ".");
            }
            series.column(column);
        }
        return columns;
    }

    /**
     * The known future a request asks for ({@code futureFeatures}, {@code calendar}, {@code holidays}), checked against
     * the series; {@link KnownFuture#NONE} when it asks for none.
     */
    KnownFuture knownFuture(TrainingRequest request, TimeSeries series) {
        if (!request.knowsFuture()) {
            return KnownFuture.NONE;
        }
        return KnownFuture.of(request.futureFeatures(), request.calendar(), request.holidays(), series,
                columns(request, series));
    }

    TrainingSettings resolve(TrainingRequest r, TimeSeries series, double[] target) {
        int size = series.size();
        int horizon = require("horizon", r.horizon(), 1, limits.maxHorizon());
        int period = seasonalPeriod(series, target, horizon);
        Architecture architecture = r.architecture() == null ? Architecture.AUTO : r.architecture();
        int window;
        if (r.window() != null) {
            window = require("window", r.window(), 2, Math.min(limits.maxWindow(), size));
        } else {
            int room = size - WindowPlan.minimumSize(0, horizon);
            window = Math.min(Math.min(Math.min(Math.max(Math.max(2 * period, horizon), 8), MAX_DEFAULT_WINDOW),
                    limits.maxWindow()), room);
            int statistical = WindowPlan.statisticalMinimumSize(horizon, WindowPlan.statisticalHistory(period));
            int network = WindowPlan.minimumSize(2, horizon);
            if (window < 2 && architecture != Architecture.AUTO) {
                throw ForesightException.badInput("The series has " + size + " points, too few for horizon " + horizon
                        + ": a network needs at least " + network + " (architecture AUTO, which falls back to statistical "
                        + "methods on short series, needs " + statistical + "). Send a longer series or a shorter horizon.");
            }
            if (window < 2 && size < statistical) {
                throw ForesightException.badInput("The series has " + size + " points, too few for horizon " + horizon
                        + ": it needs at least " + statistical + " (a network needs " + network
                        + "). Send a longer series or a shorter horizon.");
            }
            window = Math.max(window, 2); // a series too short for network windows is scored by statistical methods only
        }
        // an explicit window asks for networks: its windows must fit
        WindowPlan plan = r.window() != null ? WindowPlan.split(size, window, horizon, VALIDATION_SHARE)
                : WindowPlan.forSeries(size, window, horizon, VALIDATION_SHARE, period);
        List<Integer> layers = r.layers() == null ? DEFAULT_LAYERS : r.layers();
        if (layers.isEmpty() || layers.size() > limits.maxLayers()) {
            throw ForesightException.badInput("'layers' must list 1 to " + limits.maxLayers() + " layer sizes, e.g. [64, 64].");
        }
        for (int i = 0; i < layers.size(); i++) {
            require("layers[" + i + "]", layers.get(i), 1, limits.maxLayerSize());
        }
        int perEpoch = Math.max(1, Math.min(plan.trainWindows(), NetworkTrainer.MAX_WINDOWS_PER_EPOCH));
        int epochs = r.epochs() != null ? require("epochs", r.epochs(), 1, limits.maxEpochs())
                : Math.min(limits.maxEpochs(), Math.max(MIN_DEFAULT_EPOCHS, Math.min(DEFAULT_EPOCHS, WINDOW_BUDGET / perEpoch)));
        int batch = r.batchSize() == null ? DEFAULT_BATCH : require("batchSize", r.batchSize(), 1, 4096);
        double rate = r.learningRate() == null ? DEFAULT_LEARNING_RATE : r.learningRate();
        if (!(rate > 0 && rate <= 1)) {
            throw ForesightException.badInput("'learningRate' must be in (0, 1]; got " + rate + ".");
        }
        double dropout = r.dropout() == null ? 0.0 : r.dropout();
        if (!(dropout >= 0 && dropout < 1)) {
            throw ForesightException.badInput("'dropout' is the probability of dropping an activation and must be in [0, 1); got "
                    + dropout + ".");
        }
        int patience = r.patience() == null ? DEFAULT_PATIENCE : require("patience", r.patience(), 1, limits.maxEpochs());
        boolean early = r.earlyStopping() == null || r.earlyStopping();
        Representation representation = representation(r.representation(), target, period);
        long seed = r.seed() == null ? DEFAULT_SEED : r.seed();
        return new TrainingSettings(architecture, representation, window, horizon, layers, epochs, batch, rate, dropout,
                seed, early, patience, period, VALIDATION_SHARE);
    }

    /**
     * The season length: among the periods natural for the series' frequency (12 for monthly data, 48 and 336
     * for half-hourly, ...) and 1 (no season), the one whose seasonal-naive forecast has the smallest
     * {@code horizon}-step error over the training part (all but the last two horizons) — the period that
     * best predicts the series at the horizon asked for. A period needs three seasons of training data. A
     * series too short for that but with three seasons in all is compared in the same way over all of it: a
     * short monthly series keeps its season when its seasonal-naive forecast beats the naive one from the same
     * origins. (The autocorrelation test of R's {@code thetaf}, used here before, misses a strong season in
     * three years of data: the lag-12 autocorrelation of a 36-month seasonal series stays inside its wide band.)
     */
    public static int seasonalPeriod(TimeSeries series, double[] target, int horizon) {
        int trainLength = target.length - 2 * horizon;
        int best = 1;
        double bestError = seasonalNaiveError(target, 1, trainLength, 1, horizon);
        for (int period : candidatePeriods(series.frequency())) {
            if (trainLength < 3 * period) {
                int all = target.length;
                if (best == 1 && all >= 3 * period
                        && seasonalNaiveError(target, period, all, period, horizon) < seasonalNaiveError(target, period, all, 1, horizon)) {
                    best = period;
                    bestError = Double.NEGATIVE_INFINITY; // kept: compared on other points than the longer periods
                }
                continue;
            }
            double error = seasonalNaiveError(target, period, trainLength, period, horizon);
            if (error < bestError) {
                best = period;
                bestError = error;
            }
        }
        return best;
    }

    /**
     * Mean absolute error of seasonal-naive forecasts 1..horizon steps ahead from every origin in
     * {@code [from, length)} ({@code from >= period}), scored on points before {@code length}.
     */
    static double seasonalNaiveError(double[] y, int from, int length, int period, int horizon) {
        double sum = 0;
        long count = 0;
        for (int origin = from; origin < length; origin++) {
            for (int k = 0; k < horizon && origin + k < length; k++) {
                int source = origin + k - period * (k / period + 1);
                sum += Math.abs(y[origin + k] - y[source]);
                count++;
            }
        }
        return count == 0 ? Double.POSITIVE_INFINITY : sum / count;
    }

    static List<Integer> candidatePeriods(Frequency frequency) {
        return switch (frequency.code()) {
            case "PT30M" -> List.of(48, 336);
            case "PT1H" -> List.of(24, 168);
            case "PT15M" -> List.of(96, 672);
            case "PT10M" -> List.of(144);
            case "PT5M" -> List.of(288);
            case "P1D" -> List.of(7);
            case "B" -> List.of(5);
            default -> frequency.seasonalPeriod() > 1 ? List.of(frequency.seasonalPeriod()) : List.of();
        };
    }

    private static Representation representation(String requested, double[] target, int period) {
        if (requested == null || requested.isBlank()) {
            return Scaler.positive(target, target.length) ? Representation.LOG_RELATIVE : Representation.RELATIVE;
        }
        Representation representation;
        try {
            representation = Representation.valueOf(requested.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ForesightException.badInput("'representation' must be one of " + Arrays.toString(Representation.values())
                    + "; got '" + requested + "'.");
        }
        if (representation.seasonal() && period < 2) {
            throw ForesightException.badInput("'representation' " + representation + " needs a seasonal series; no season was"
                    + " detected in this one (no natural period of its frequency forecasts it better than its last value). Use RELATIVE.");
        }
        if (representation.log() && !Scaler.positive(target, target.length)) {
            throw ForesightException.badInput("'representation' " + representation + " needs a target whose values are all positive.");
        }
        return representation;
    }

    private static int require(String name, Integer value, int min, int max) {
        if (value == null) {
            throw ForesightException.badInput("'" + name + "' is required (" + min + " to " + max + ").");
        }
        if (value < min || value > max) {
            throw ForesightException.badInput("'" + name + "' must be between " + min + " and " + max + "; got " + value + ".");
        }
        return value;
    }
}
