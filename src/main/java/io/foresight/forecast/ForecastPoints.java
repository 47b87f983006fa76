package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.TimestampFormat;
import io.foresight.model.Forecaster;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelVersion;

/** A forecast's points from its {@link ForecastSource} and history: the one place a served forecast is computed. */
final class ForecastPoints {

    private ForecastPoints() {
    }

    /**
     * The forecast's points: one call of the forecaster per trained horizon (the stored forecast for the first when
     * the history is the training data's end), recursively beyond it with feature columns held at their last
     * value (networks), or one call for the whole horizon where the forecaster reads no network
     * ({@link ForecastSource#longer}), and the bounds at {@code levels}. A version that knows the future reads its known-future channels at
     * the steps it predicts ({@link #knownFuture}); its last call then ends exactly at the horizon asked for (its
     * first steps overlap the previous call's and are not taken), so that it reads no future beyond it.
     */
    static List<Forecast.Point> of(ModelVersion version, ForecastQuery query, ForecastSource source, History history,
            int horizon, List<Double> levels, double[] quantiles) {
        Frequency frequency = Frequency.parse(version.data().frequency());
        int n = history.channels()[0].length;
        ForecastRequestRules.lastStep(history.last(), frequency, horizon, version.data().dateOnly());
        KnownFuture known = version.data().knownFuture();
        int lead = version.settings().horizon();
        int reach = known.isEmpty() ? horizon : Math.max(horizon, lead);
        double[][] channels = new double[history.channels().length][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = Arrays.copyOf(history.channels()[c], n + reach);
        }
        int firstKnown = channels.length - known.channels();
        if (query.future() != null && known.columns().isEmpty()) {
            throw new FutureValues.Refused("Model '" + version.model() + "' version " + version.version() + " reads no"
                    + " future features" + (known.isEmpty() ? "" : " (its calendar and holiday inputs come from the"
                    + " timestamps)") + "; leave 'future' out.");
        }
        if (!known.isEmpty()) {
            knownFuture(version, source, known, frequency, history.last(), n, reach, query.future(), channels, firstKnown);
        }
        // a statistical method (or a regression with one) forecasts any horizon from one fit; fitting it again on its own
        // forecasts every trained horizon would cost a fit per step of the trained horizon and forecast from invented data
        Forecaster whole = horizon > lead && source.longer() != null ? source.longer().apply(horizon) : null;
        int produced = 0;
        while (produced < horizon) {
            int end = n + produced;
            if (!known.isEmpty() && produced > 0 && produced + lead > horizon) {
                end = n + horizon - lead;
            }
            int skip = n + produced - end;
            double[] step = whole != null ? whole.forecast(channels, end)
                    : produced == 0 && history.tail() && source.stored() != null && source.stored().length > 0
                            ? source.stored() : source.forecaster().forecast(channels, end);
            int take = Math.min(step.length - skip, horizon - produced);
            int at = n + produced;
            for (int k = 0; k < take; k++) {
                channels[0][at + k] = step[skip + k];
                for (int c = 1; c < firstKnown; c++) {
                    channels[c][at + k] = channels[c][at - 1];
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
        double[] levelValues = levels.stream().mapToDouble(Double::doubleValue).toArray();
        double[] lowerBounds = new double[keys.length];
        double[] upperBounds = new double[keys.length];
        String[] quantileKeys = new String[quantiles == null ? 0 : quantiles.length];
        for (int j = 0; j < quantileKeys.length; j++) {
            quantileKeys[j] = IntervalCalibration.quantileKey(quantiles[j]);
        }
        double[] quantileValues = new double[quantileKeys.length];
        for (int k = 0; k < horizon; k++) {
            double value = channels[0][n + k];
            try {
                source.intervals().bounds(source.intervalScale(), source.floor(), k, value, levelValues, lowerBounds,
                        upperBounds);
                if (quantiles != null) {
                    source.intervals().quantiles(source.intervalScale(), source.floor(), k, value, quantiles,
                            quantileValues);
                }
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
            Map<String, Double> byQuantile = null;
            if (quantiles != null) {
                byQuantile = new LinkedHashMap<>(mapCapacity(quantileKeys.length));
                for (int j = 0; j < quantileKeys.length; j++) {
                    byQuantile.put(quantileKeys[j], quantileValues[j]);
                }
            }
            points.add(new Forecast.Point(timestamp, value, lower, upper, byQuantile));
        }
        return points;
    }

    /**
     * Fills the known-future channels of {@code channels} (from {@code firstKnown} on; {@code n} points of history
     * followed by {@code reach} steps): the future features' values at the steps ahead ({@link FutureValues}), and the
     * calendar and holiday channels computed afresh over history and future alike from the timestamps.
     */
    private static void knownFuture(ModelVersion version, ForecastSource source, KnownFuture known, Frequency frequency,
            LocalDateTime last, int n, int reach, List<ForecastQuery.Observation> sent, double[][] channels, int firstKnown) {
        if (!known.columns().isEmpty()) {
            double[][] values = FutureValues.of(version, source.plan(), source.series(), last, reach, sent,
                    source.readsKnownFuture());
            for (int j = 0; j < values.length; j++) {
                System.arraycopy(values[j], 0, channels[firstKnown + j], n, reach);
            }
        }
        if (known.generatedChannels() > 0) {
            double[][] generated = known.generate(frequency.plus(last, -(n - 1)), frequency, n + reach);
            System.arraycopy(generated, 0, channels, firstKnown + known.columns().size(), generated.length);
        }
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
        String source = query.future() != null && !query.future().isEmpty()
                ? "the future values sent are likely too far from those it was trained on for its drivers' effects to stay"
                        + " finite (send values on the scale of the training data's future features), or the values it"
                        + " forecasts from (up to " + largest + " in magnitude) are too large"
                : query.history() != null
                ? "the history's values (up to " + largest + " in magnitude) are too large to forecast with this model; send"
                        + " values on the scale of its training data, or rescale them (e.g. to thousands) and train on the same scale"
                : "its training data's values (up to " + largest + " in magnitude at the end) are too large or change too"
                        + " abruptly to forecast this far; ask for a shorter horizon or lower levels, or train on rescaled data";
        return new ForesightException(ForesightException.Kind.UNPROCESSABLE, "Forecast not representable",
                "Model '" + version.model() + "' version " + version.version() + " cannot forecast this in finite numbers ("
                        + e.getMessage() + "): " + source + ".");
    }

    /** A HashMap capacity that holds {@code entries} without resizing (the default 16 slots would be mostly empty). */
    private static int mapCapacity(int entries) {
        return Math.max(2, (int) Math.ceil(entries / 0.75));
    }
}
