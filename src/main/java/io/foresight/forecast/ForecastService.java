package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.TimestampFormat;
import io.foresight.model.Forecaster;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.VersionLoader;
import io.foresight.window.Interpolation;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/**
 * Forecasts from a registered version: from the end of its training data or from history sent with the
 * request. One call of the version's forecaster covers its trained horizon; longer horizons are produced
 * recursively (predictions fed back as history, feature columns held at their last value). Intervals come
 * from the version's calibrated held-back residuals.
 */
@Service
public class ForecastService {

    private final ModelRegistry registry;
    private final ApplicationEventPublisher events;
    private final ForesightProperties.Limits limits;
    private final LoadedModels loaded;
    private final VersionLoader loader;

    ForecastService(ModelRegistry registry, ApplicationEventPublisher events, ForesightProperties properties) {
        this.registry = registry;
        this.events = events;
        this.limits = properties.limits();
        this.loaded = new LoadedModels(properties.serving().cacheSize());
        this.loader = new VersionLoader(registry);
    }

    public Forecast forecast(ForecastQuery query) {
        long start = System.nanoTime();
        String outcome = "error";
        String model = "unknown";
        try {
            ModelVersion version = registry.resolve(query.model(), query.version(), query.alias());
            model = version.model();
            Forecast forecast = forecast(version, query);
            outcome = "success";
            return forecast;
        } catch (ForesightException e) {
            outcome = "rejected";
            throw e;
        } finally {
            events.publishEvent(new ForecastServed(model, outcome, System.nanoTime() - start));
        }
    }

    private Forecast forecast(ModelVersion version, ForecastQuery query) {
        int horizon = horizon(query.horizon());
        List<Double> levels = levels(query.levels());
        Forecaster forecaster = forecaster(version);
        Frequency frequency = Frequency.parse(version.data().frequency());
        History history = query.history() == null ? fromTail(version) : fromRequest(version, query.history(), frequency, forecaster.window());

        int n = history.channels()[0].length;
        lastStep(history.last(), frequency, horizon, version.data().dateOnly());
        double[][] channels = new double[history.channels().length][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = Arrays.copyOf(history.channels()[c], n + horizon);
        }
        int produced = 0;
        while (produced < horizon) {
            int end = n + produced;
            double[] step = forecaster.forecast(channels, end);
            int take = Math.min(step.length, horizon - produced);
            for (int k = 0; k < take; k++) {
                channels[0][end + k] = step[k];
                for (int c = 1; c < channels.length; c++) {
                    channels[c][end + k] = channels[c][end - 1];
                }
            }
            produced += take;
        }
        List<Forecast.Point> points = new ArrayList<>(horizon);
        String[] keys = new String[levels.size()];
        for (int j = 0; j < keys.length; j++) {
            keys[j] = IntervalCalibration.levelKey(levels.get(j));
        }
        int capacity = mapCapacity(keys.length);
        boolean dateOnly = version.data().dateOnly();
        double floor = IntervalCalibration.floor(version.settings().representation());
        double[] levelValues = levels.stream().mapToDouble(Double::doubleValue).toArray();
        double[] lowerBounds = new double[keys.length];
        double[] upperBounds = new double[keys.length];
        for (int k = 0; k < horizon; k++) {
            double value = channels[0][n + k];
            try {
                version.intervals().bounds(version.intervalScale(), floor, k, value, levelValues, lowerBounds, upperBounds);
            } catch (ArithmeticException e) {
                throw notFinite(version, query, history, e);
            }
            Map<String, Double> lower = new LinkedHashMap<>(capacity);
            Map<String, Double> upper = new LinkedHashMap<>(capacity);
            for (int j = 0; j < keys.length; j++) {
                lower.put(keys[j], lowerBounds[j]);
                upper.put(keys[j], upperBounds[j]);
            }
            String timestamp = TimestampFormat.format(frequency.plus(history.last(), k + 1), dateOnly);
            points.add(new Forecast.Point(timestamp, value, lower, upper));
        }
        return new Forecast(version.model(), version.version(), version.method().name(), horizon, points);
    }

    /**
     * A forecast is finite numbers or no answer (docs/BAD_INPUT.md): a value or bound that overflows is a 422 that
     * says where the too-large numbers came from.
     */
    private static ForesightException notFinite(ModelVersion version, ForecastQuery query, History history, ArithmeticException e) {
        double largest = 0;
        for (double v : history.channels()[0]) {
            largest = Math.max(largest, Math.abs(v));
        }
        String source = query.history() != null
                ? "the history's values (up to " + largest + " in magnitude) are too large to forecast with this model; send"
                        + " values on the scale of its training data, or rescale them (e.g. to thousands) and train on the same scale"
                : "its training data's values (up to " + largest + " in magnitude at the end) are too large or change too"
                        + " abruptly to forecast this far; ask for a shorter horizon or lower levels, or train on rescaled data";
        return new ForesightException(ForesightException.Kind.UNPROCESSABLE, "Forecast not representable",
                "Model '" + version.model() + "' version " + version.version() + " cannot forecast this in finite numbers ("
                        + e.getMessage() + "): " + source + ".");
    }

    /**
     * Checks that the last of {@code horizon} steps after {@code last} is a timestamp the service can represent
     * ({@link TimestampFormat#LAST}), so that a forecast never emits a timestamp the service itself would refuse.
     */
    private static void lastStep(LocalDateTime last, Frequency frequency, int horizon, boolean dateOnly) {
        if (TimestampFormat.representable(frequency.plus(last, horizon))) {
            return;
        }
        int fits = 0; // steps plus() keeps representable: the largest such count below horizon, by bisection
        int beyond = horizon;
        while (beyond - fits > 1) {
            int middle = (fits + beyond) >>> 1;
            if (TimestampFormat.representable(frequency.plus(last, middle))) {
                fits = middle;
            } else {
                beyond = middle;
            }
        }
        throw ForesightException.badInput("A forecast of " + horizon + " steps from " + TimestampFormat.format(last, dateOnly)
                + " would run past 9999-12-31T23:59:59, the last timestamp the service can represent; "
                + (fits == 0 ? "no step after it can be forecast." : "ask for at most " + fits + " steps."));
    }

    private Forecaster forecaster(ModelVersion version) {
        return loaded.get(version.model() + "@" + version.version(), () -> loader.forecaster(version));
    }

    private record History(double[][] channels, LocalDateTime last) {
    }

    private static History fromTail(ModelVersion version) {
        ModelVersion.Tail tail = version.tail();
        double[][] channels = new double[tail.values().length][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = tail.values()[c].clone();
        }
        return new History(channels, TimestampFormat.parse(tail.timestamps().get(tail.timestamps().size() - 1)));
    }

    private History fromRequest(ModelVersion version, List<ForecastQuery.Observation> rows, Frequency frequency, int needed) {
        List<String> columns = new ArrayList<>();
        columns.add(version.data().target());
        columns.addAll(version.data().features());
        if (rows.size() < needed) {
            throw ForesightException.badInput("'history' has " + rows.size() + " observations but this model needs at least "
                    + needed + " (its window); send more recent observations or omit 'history' to forecast from the training data.");
        }
        if (rows.size() > limits.maxRows()) {
            throw ForesightException.badInput("'history' has more than " + limits.maxRows() + " observations; send only the recent ones.");
        }
        double[][] channels = new double[columns.size()][rows.size()];
        LocalDateTime previous = null;
        for (int i = 0; i < rows.size(); i++) {
            ForecastQuery.Observation row = rows.get(i);
            if (row == null) {
                throw ForesightException.badInput("history[" + i + "] is null; send {\"timestamp\": ..., \"" + columns.get(0) + "\": ...}.");
            }
            LocalDateTime time;
            try {
                time = TimestampFormat.parse(row.timestamp());
            } catch (IllegalArgumentException e) {
                throw ForesightException.badInput("history[" + i + "].timestamp: " + e.getMessage() + ".");
            }
            if (previous != null && !time.equals(frequency.plus(previous, 1))) {
                throw ForesightException.badInput("history[" + i + "].timestamp " + row.timestamp() + " does not follow "
                        + TimestampFormat.format(previous, version.data().dateOnly()) + " at the model's frequency "
                        + frequency.code() + "; send consecutive observations, oldest first, with null for missing values.");
            }
            previous = time;
            Map<String, Double> values = row.values() == null ? Map.of() : row.values();
            for (int c = 0; c < columns.size(); c++) {
                if (!values.containsKey(columns.get(c))) {
                    throw ForesightException.badInput("history[" + i + "] has no value for column '" + columns.get(c)
                            + "'; this model needs " + columns + " (null for a missing value).");
                }
                Double value = values.get(columns.get(c));
                if (value != null && !Double.isFinite(value)) {
                    throw ForesightException.badInput("history[" + i + "]." + columns.get(c) + " is not a finite number.");
                }
                channels[c][i] = value == null ? Double.NaN : value;
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            try {
                Interpolation.fill(channels[c]);
            } catch (IllegalArgumentException e) {
                throw ForesightException.badInput("'history' has no value at all for column '" + columns.get(c) + "'.");
            }
        }
        if (version.intervalScale().representation() == Representation.LOG_RELATIVE
                && !Scaler.positive(channels[0], channels[0].length)) {
            throw ForesightException.badInput("This model works on the logarithm of '" + columns.get(0)
                    + "', so the history's values must all be positive.");
        }
        return new History(channels, previous);
    }

    private int horizon(Integer horizon) {
        if (horizon == null) {
            throw ForesightException.badInput("'horizon' is required: the number of steps to forecast, 1 to " + limits.maxHorizon() + ".");
        }
        if (horizon < 1 || horizon > limits.maxHorizon()) {
            throw ForesightException.badInput("'horizon' must be between 1 and " + limits.maxHorizon() + "; got " + horizon + ".");
        }
        return horizon;
    }

    private static List<Double> levels(List<Double> levels) {
        if (levels == null) {
            return IntervalCalibration.DEFAULT_LEVELS;
        }
        if (levels.size() > 10) {
            throw ForesightException.badInput("'levels' may list at most 10 interval levels.");
        }
        for (Double level : levels) {
            if (level == null || !(level > 0 && level < 100)) {
                throw ForesightException.badInput("Each interval level must be a percentage strictly between 0 and 100, e.g. [80, 95]; got "
                        + level + ".");
            }
        }
        List<Double> sorted = levels.stream().sorted().toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).equals(sorted.get(i - 1))) {
                throw ForesightException.badInput("'levels' lists the level " + sorted.get(i)
                        + " twice; list each interval level once, e.g. [80, 95].");
            }
        }
        return sorted;
    }

    /** A HashMap capacity that holds {@code entries} without resizing (the default 16 slots would be mostly empty). */
    private static int mapCapacity(int entries) {
        return Math.max(2, (int) Math.ceil(entries / 0.75));
    }
}
