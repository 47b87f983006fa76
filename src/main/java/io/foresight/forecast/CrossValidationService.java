package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.Panel;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.model.Accuracy;
import io.foresight.model.ErrorSums;
import io.foresight.model.ThetaForecaster;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Interpolation;
import io.foresight.window.RollingOrigins;

/**
 * Rolling-origin cross-validation of a registered version over HTTP: the last {@code windows} cutoffs of the data the
 * version was trained on ({@link RollingOrigins}, as the {@code backtest} tool cuts), each forecast by the version's
 * trained model from the data before the cutoff ({@link ForecastService#forecastFrom}, the same code as a forecast with
 * history) and scored as validation scores ({@link ErrorSums}, MASE on the version's seasonal period by
 * {@link Accuracy#maseScale}, interval coverage by {@link Accuracy#coverage}). The model saw these points in training
 * (except its held-back part): this measures how it forecasts from each cutoff, not a fresh model's accuracy; a refit
 * per cutoff is not offered yet.
 */
@Service
public class CrossValidationService {

    /** Most windows one request may ask for. */
    public static final int MAX_WINDOWS = 500;

    /** Most forecast points (windows x horizon) one answer may hold. */
    public static final int MAX_POINTS = 100_000;

    private final ModelRegistry registry;
    private final DatasetService datasets;
    private final ForecastService forecasts;

    CrossValidationService(ModelRegistry registry, DatasetService datasets, ForecastService forecasts) {
        this.registry = registry;
        this.datasets = datasets;
        this.forecasts = forecasts;
    }

    /**
     * What to cross-validate: the version ({@code version}, else {@code alias}, else production), the series of a
     * many-series version, and the windows; {@code step} and {@code horizon} null for their defaults (the horizon:
     * the version's; the step: the horizon), {@code levels} null for 80 and 95.
     */
    public record Request(String model, Integer windows, Integer step, Integer horizon, Boolean refit, Integer version,
            String alias, List<Double> levels, String series) {
    }

    public CrossValidation crossValidate(Request request) {
        if (Boolean.TRUE.equals(request.refit())) {
            throw ForesightException.badInput("'refit': true (retraining at every cutoff) is not offered yet; leave it"
                    + " out or send false to forecast each cutoff with the version's trained model.");
        }
        if (request.windows() == null) {
            throw ForesightException.badInput("'windows' is required: the number of cutoffs to forecast from, 1 to "
                    + MAX_WINDOWS + ".");
        }
        int windows = request.windows();
        if (windows < 1 || windows > MAX_WINDOWS) {
            throw ForesightException.badInput("'windows' must be between 1 and " + MAX_WINDOWS + "; got " + windows + ".");
        }
        List<Double> levels = ForecastRequestRules.levels(request.levels());
        ModelVersion version = registry.resolve(request.model(), request.version(), request.alias());
        int horizon = forecasts.horizon(request.horizon() != null ? request.horizon() : version.settings().horizon());
        int step = request.step() != null ? request.step() : horizon;
        if (step < 1) {
            throw ForesightException.badInput("'step' (points between cutoffs) must be at least 1; got " + step + ".");
        }
        if ((long) windows * horizon > MAX_POINTS) {
            throw ForesightException.badInput(windows + " windows of " + horizon + " steps are " + (long) windows * horizon
                    + " forecast points; at most " + MAX_POINTS + " are answered at once: ask for fewer windows or a"
                    + " shorter horizon.");
        }
        int position = -1;
        if (version.manySeries()) {
            if (request.series() == null || request.series().isEmpty()) {
                throw ForesightException.badInput("Model '" + version.model() + "' version " + version.version()
                        + " covers " + version.series().count() + " series: name the one to cross-validate in 'series'"
                        + " (e.g. \"7/3\").").remedy(ForesightException.Remedy.LIST_SERIES, version.model());
            }
            position = forecasts.trainedSeries(version, request.series());
        } else if (request.series() != null) {
            throw ForesightException.badInput("Model '" + version.model() + "' version " + version.version()
                    + " forecasts one series; leave 'series' out.");
        }
        TimeSeries all = data(version, request.series());
        KnownFuture known = version.data().knownFuture();
        // the data end at their last target value, as the version was trained; with a known future the rows after it
        // are the stored plan
        TimeSeries data = all.throughLastValueOf(version.data().target());
        int size = data.size();
        int window = Math.max(1, forecasts.window(version, position));
        long needed = RollingOrigins.needed(window, windows, step, horizon);
        if (needed > size) {
            long room = (long) size - window - horizon;
            long fits = room < 0 ? 0 : room / step + 1;
            throw ForesightException.badInput("The data version " + version.version() + " was trained on has " + size
                    + " points; " + windows + " window(s) " + step + " apart, each forecasting " + horizon + " steps from at"
                    + " least " + window + " points (the model's window), need " + needed + ". "
                    + (fits >= 1 ? "Ask for at most " + fits + " window(s), or a smaller step or horizon."
                            : "Ask for a shorter horizon."));
        }
        List<String> columns = version.data().columns();
        double[] actual = data.column(columns.get(0)).values();
        // the calendar and holiday channels follow the columns; the forecast computes them from the timestamps
        double[][] filled = new double[columns.size() + known.generatedChannels()][];
        for (int c = columns.size(); c < filled.length; c++) {
            filled[c] = new double[size];
        }
        for (int c = 0; c < columns.size(); c++) {
            filled[c] = data.column(columns.get(c)).values().clone();
            try {
                Interpolation.fill(filled[c]);
            } catch (IllegalArgumentException e) {
                throw ForesightException.badInput("Column '" + columns.get(c) + "' of the training data has no value.");
            }
        }
        int period = seasonalPeriod(version, position);
        // what a forecast from the end of the data starts from (the version's stored tail): at most this much history
        int reads = Math.max(Math.max(ThetaForecaster.MAX_HISTORY, window), period);
        String[] levelKeys = levels.stream().map(IntervalCalibration::levelKey).toArray(String[]::new);
        List<CrossValidation.Window> answered = new ArrayList<>(windows);
        for (int w = 0; w < windows; w++) {
            int end = RollingOrigins.end(size, windows, w, step, horizon);
            double[][] history = new double[filled.length][];
            for (int c = 0; c < history.length; c++) {
                history[c] = Arrays.copyOfRange(filled[c], Math.max(0, end - reads), end);
            }
            LocalDateTime last = data.timestamps().get(end - 1);
            List<Forecast.Point> forecast = forecasts.forecastFrom(version, position, history, last, horizon, levels,
                    future(version, all, end, Math.max(horizon, version.settings().horizon())));
            answered.add(window(TimestampFormat.format(last, data.dateOnly()), forecast,
                    Arrays.copyOfRange(actual, end, end + horizon), Accuracy.maseScale(filled[0], end, period), levelKeys));
        }
        return new CrossValidation(version.model(), version.version(), method(version, position), request.series(), horizon,
                step, false, answered, summary(answered, levelKeys));
    }

    /**
     * The future features' values in {@code all} (the dataset, the stored plan included) at the {@code steps} rows from
     * {@code end} on, as a forecast request would send them (null for a version without future features): each cutoff
     * is forecast with the drivers as they turned out.
     */
    private static List<ForecastQuery.Observation> future(ModelVersion version, TimeSeries all, int end, int steps) {
        List<String> columns = version.data().futureFeatures();
        if (columns == null || columns.isEmpty()) {
            return null;
        }
        List<ForecastQuery.Observation> rows = new ArrayList<>(steps);
        for (int t = end; t < Math.min(all.size(), end + steps); t++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String column : columns) {
                double value = all.column(column).values()[t];
                values.put(column, Double.isNaN(value) ? null : value);
            }
            rows.add(new ForecastQuery.Observation(TimestampFormat.format(all.timestamps().get(t), all.dateOnly()), values));
        }
        return rows;
    }

    /** The data the version was trained on: its dataset, or the series {@code id} of its many-series dataset. */
    private TimeSeries data(ModelVersion version, String id) {
        String datasetId = version.data().datasetId();
        Optional<DatasetInfo> info = datasets.find(datasetId);
        if (datasetId == null) {
            throw new ForesightException(ForesightException.Kind.UNPROCESSABLE, "Training data not stored",
                    "Model '" + version.model() + "' version " + version.version() + " was not trained on a dataset"
                            + " stored by this service" + (version.data().datasetName() == null ? ""
                                    : " (its data came from '" + version.data().datasetName() + "')")
                            + "; cross-validation forecasts from the stored dataset a version was trained on.");
        }
        if (info.isEmpty()) {
            throw new ForesightException(ForesightException.Kind.UNPROCESSABLE, "Training data not stored",
                    "Model '" + version.model() + "' version " + version.version() + " was trained on dataset " + datasetId
                            + (version.data().datasetName() == null ? "" : " ('" + version.data().datasetName() + "')")
                            + ", which is no longer stored; cross-validation forecasts from that data, so upload it again"
                            + " and train a new version to cross-validate.");
        }
        if (!version.manySeries()) {
            return datasets.load(datasetId);
        }
        Panel panel = datasets.loadPanel(datasetId);
        return panel.find(id).orElseThrow(() -> ForesightException.notFound("Dataset " + datasetId + " of model '"
                + version.model() + "' has no series '" + id + "'."));
    }

    private int seasonalPeriod(ModelVersion version, int position) {
        ModelVersion.Validation validation = position < 0 ? version.validation()
                : forecasts.seriesAt(version, position).validation();
        return validation == null ? 1 : Math.max(1, validation.seasonalPeriod());
    }

    private String method(ModelVersion version, int position) {
        return (position < 0 ? version.method() : forecasts.seriesAt(version, position).method()).name();
    }

    /** One cutoff's points next to the actual values, and its scores. */
    private static CrossValidation.Window window(String cutoff, List<Forecast.Point> forecast, double[] actual,
            double maseScale, String[] levelKeys) {
        List<CrossValidation.Point> points = new ArrayList<>(forecast.size());
        ErrorSums errors = new ErrorSums();
        double[] predicted = new double[actual.length];
        for (int k = 0; k < actual.length; k++) {
            Forecast.Point p = forecast.get(k);
            predicted[k] = p.value();
            if (!Double.isNaN(actual[k])) {
                errors.add(actual[k], p.value());
            }
            points.add(new CrossValidation.Point(p.timestamp(), Double.isNaN(actual[k]) ? null : actual[k], p.value(),
                    p.lower(), p.upper()));
        }
        Map<String, Double> coverage = new LinkedHashMap<>();
        for (String level : levelKeys) {
            double[] lower = forecast.stream().mapToDouble(p -> p.lower().get(level)).toArray();
            double[] upper = forecast.stream().mapToDouble(p -> p.upper().get(level)).toArray();
            coverage.put(level, defined(Accuracy.coverage(actual, lower, upper)));
        }
        if (errors.count() == 0) {
            return new CrossValidation.Window(cutoff, points, null, null, null, null, coverage);
        }
        return new CrossValidation.Window(cutoff, points, defined(errors.mae() / maseScale), defined(errors.smape()),
                defined(errors.mae()), defined(errors.rmse()), coverage);
    }

    /** Each score's mean over the windows where it is defined. */
    private static CrossValidation.Scores summary(List<CrossValidation.Window> windows, String[] levelKeys) {
        Map<String, Double> coverage = new LinkedHashMap<>();
        for (String level : levelKeys) {
            coverage.put(level, mean(windows.stream().map(w -> w.coverage().get(level)).toList()));
        }
        return new CrossValidation.Scores(mean(windows.stream().map(CrossValidation.Window::mase).toList()),
                mean(windows.stream().map(CrossValidation.Window::smape).toList()),
                mean(windows.stream().map(CrossValidation.Window::mae).toList()),
                mean(windows.stream().map(CrossValidation.Window::rmse).toList()), coverage);
    }

    private static Double mean(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (Double v : values) {
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : defined(sum / n);
    }

    /** A score as the answer carries it: null where it is not a finite number. */
    private static Double defined(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
