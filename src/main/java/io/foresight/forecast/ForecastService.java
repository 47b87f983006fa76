package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.TimestampFormat;
import io.foresight.model.Forecaster;
import io.foresight.observation.ObservationStore;
import io.foresight.observation.Observations;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.VersionLoader;

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
    private static final String ALL = "*";
    /** Most ids a batch may list one by one ({@code ["*"]} asks for every series). */
    private static final int MAX_LISTED_SERIES = 10_000;

    private final LoadedModels<Forecaster> loaded;
    private final LoadedModels<LoadedPanel> panels;
    private final VersionLoader loader;
    private final ObservationStore observations;

    ForecastService(ModelRegistry registry, ApplicationEventPublisher events, ForesightProperties properties,
            ObservationStore observations) {
        this.registry = registry;
        this.observations = observations;
        this.events = events;
        this.limits = properties.limits();
        this.loaded = new LoadedModels<>(properties.serving().cacheSize());
        this.panels = new LoadedModels<>(properties.serving().cacheSize());
        this.loader = new VersionLoader(registry);
    }

    /** Loads the production version of {@code model} when it covers many series, before a request needs it. */
    void preload(String model) {
        ModelVersion version = registry.resolve(model, null, null);
        if (version.manySeries()) {
            panel(version);
        }
    }

    public Forecast forecast(ForecastQuery query) {
        return served(query, version -> forecast(version, query));
    }

    /**
     * Resolves the query's version and answers with it, recording the request's latency and outcome
     * ({@link ForecastServed}): success, rejected (a {@link ForesightException}) or error.
     */
    private <T> T served(ForecastQuery query, Function<ModelVersion, T> answer) {
        long start = System.nanoTime();
        String outcome = "error";
        String model = "unknown";
        try {
            ModelVersion version = registry.resolve(query.model(), query.version(), query.alias());
            model = version.model();
            T result = answer.apply(version);
            outcome = "success";
            return result;
        } catch (ForesightException e) {
            outcome = "rejected";
            throw e;
        } finally {
            events.publishEvent(new ForecastServed(model, outcome, System.nanoTime() - start));
        }
    }

    private Forecast forecast(ModelVersion version, ForecastQuery query) {
        if (version.manySeries()) {
            throw ForesightException.badInput("Model '" + version.model() + "' version " + version.version() + " covers "
                    + version.series().count() + " series: name the series to forecast.")
                    .remedy(ForesightException.Remedy.FORECAST_SERIES, version.model());
        }
        if (query.future() != null) {
            for (int i = 0; i < query.future().size(); i++) {
                if (query.future().get(i).series() != null) {
                    throw ForesightException.badInput("future[" + i + "] names series '"
                            + shown(query.future().get(i).series()) + "', but model '" + version.model() + "' version "
                            + version.version() + " forecasts one series; leave 'series' out of 'future'.");
                }
            }
        }
        int horizon = horizon(query.horizon());
        List<Double> levels = ForecastRequestRules.levels(query.levels());
        double[] quantiles = ForecastRequestRules.quantiles(query.quantiles());
        ForecastSource source = single(version);
        ModelVersion.Tail tail = version.tail();
        History history;
        if (query.history() == null) {
            String end = tail.end();
            Observations since = since(version, "", end);
            history = fromEnd(version, tail.values(), end, since);
            source = observed(version, source, since);
        } else {
            history = History.of(version, source.forecaster().window(), source.intervalScale(), query.history(),
                    limits.maxRows());
        }
        List<Forecast.Point> points = ForecastPoints.of(version, query, source, history, horizon, levels, quantiles);
        if (query.history() == null && held(version, query, source, history, horizon)) {
            answered(version, levels, List.of(answer("", history, version.validation(), points)));
        }
        return new Forecast(version.model(), version.version(), version.method().name(), horizon, points);
    }

    /** Tells the forecast ledger about forecasts answered from stored data ({@link ForecastsAnswered}). */
    private void answered(ModelVersion version, List<Double> levels, List<ForecastsAnswered.Answer> answers) {
        if (!answers.isEmpty()) {
            events.publishEvent(new ForecastsAnswered(version.model(), version.version(), version.data().frequency(),
                    levels, answers));
        }
    }

    private static ForecastsAnswered.Answer answer(String series, History history, ModelVersion.Validation validation,
            List<Forecast.Point> points) {
        return new ForecastsAnswered.Answer(series, history.last(), validation == null ? Double.NaN : validation.maseScale(),
                validation == null ? Double.NaN : validation.model().mase(), points);
    }

    /** The loaded forecaster of a single-series version (cached) with its interval calibration. */
    private ForecastSource single(ModelVersion version) {
        Forecaster forecaster = loaded.get(version.model() + "@" + version.version(), () -> loader.forecaster(version));
        return new ForecastSource(forecaster, version.intervals(), version.intervalScale(),
                IntervalCalibration.floor(version.settings().representation()), null, null, version.tail(),
                h -> VersionLoader.statistical(version, null, h), ModelVersion.readsKnownFuture(version.method(),
                        version.members().stream().map(ModelVersion.Member::scaler)));
    }

    /**
     * Cross-validation's forecast at one cutoff ({@link CrossValidationService}): {@code horizon} steps from
     * {@code channels} (target first: the version's data before the cutoff, gaps filled), whose last point is at
     * {@code last}, with the bounds at {@code levels}; for a many-series version, of the series at {@code position}
     * ({@link #trainedSeries}), otherwise {@code position} is -1; {@code future}: the future features' values after the
     * cutoff as they turned out (null for a version without future features).
     */
    List<Forecast.Point> forecastFrom(ModelVersion version, int position, double[][] channels, LocalDateTime last,
            int horizon, List<Double> levels, List<ForecastQuery.Observation> future) {
        ForecastSource source = position < 0 ? single(version) : source(panel(version), position);
        ForecastQuery query = new ForecastQuery(version.model(), horizon, null, version.version(), null, levels, null,
                future);
        return ForecastPoints.of(version, query, source, new History(channels, last, false), horizon, levels, null);
    }

    /** The points of history the version's forecaster (of the series at {@code position}, or -1) reads. */
    int window(ModelVersion version, int position) {
        return (position < 0 ? single(version) : source(panel(version), position)).forecaster().window();
    }

    /**
     * The position of series {@code id} in a many-series version.
     *
     * @throws ForesightException (not found) when the model has no such series; (unprocessable) when the series has
     *                            no model since training
     */
    int trainedSeries(ModelVersion version, String id) {
        LoadedPanel panel = panel(version);
        int position = panel.position(id);
        if (position < 0) {
            throw ForesightException.notFound("Model '" + version.model() + "' version " + version.version()
                    + " has no series '" + shown(id) + "'.").remedy(ForesightException.Remedy.LIST_SERIES,
                            version.model());
        }
        SeriesModel series = panel.series().get(position);
        if (!series.trained()) {
            throw new ForesightException(ForesightException.Kind.UNPROCESSABLE, "Series without a model", "Series '"
                    + series.id() + "' of model '" + version.model() + "' version " + version.version()
                    + " has no model: " + series.failure());
        }
        return position;
    }

    /** The series of a many-series version at {@code position}. */
    SeriesModel seriesAt(ModelVersion version, int position) {
        return panel(version).series().get(position);
    }

    /**
     * Forecasts one series of a many-series model, from the end of its training data or from history sent with the
     * request, as a single-series model forecasts.
     *
     * @throws ForesightException (not found) when the model has no such series; (unprocessable) when the series has
     *                            no model since training
     */
    public SeriesForecast forecastSeries(ForecastQuery query, String id) {
        return served(query, version -> {
            LoadedPanel panel = panel(version);
            int position = trainedSeries(version, id);
            futureSeries(version, query, Set.of(id));
            SeriesModel series = panel.series().get(position);
            int horizon = horizon(query.horizon());
            List<Double> levels = ForecastRequestRules.levels(query.levels());
            double[] quantiles = ForecastRequestRules.quantiles(query.quantiles());
            ForecastSource source = source(panel, position);
            History history;
            if (query.history() == null) {
                Observations since = since(version, series.id(), series.end());
                history = fromEnd(version, series.tail(), series.end(), since);
                source = observed(version, source, since);
            } else {
                history = History.of(version, source.forecaster().window(), source.intervalScale(), query.history(),
                        limits.maxRows());
            }
            List<Forecast.Point> points = ForecastPoints.of(version, query, source, history, horizon, levels, quantiles);
            if (query.history() == null && held(version, query, source, history, horizon)) {
                answered(version, levels, List.of(answer(series.id(), history, series.validation(), points)));
            }
            return new SeriesForecast(version.model(), version.version(), series.id(), series.method().name(), horizon,
                    points);
        });
    }

    /**
     * Forecasts several series of a many-series model ({@code ids}; {@code ["*"]} for all) from the end of their
     * training data. A series the model does not have, or that has no model, is listed in {@code failed} with the
     * reason; the others are answered.
     */
    public BatchForecast forecastBatch(ForecastQuery query, List<String> ids) {
        return served(query, version -> {
            LoadedPanel panel = panel(version);
            if (query.history() != null) {
                throw ForesightException.badInput("'history' is the recent past of one series: send it to that series'"
                        + " own forecast, not with 'series'.").remedy(ForesightException.Remedy.FORECAST_SERIES,
                                version.model());
            }
            int horizon = horizon(query.horizon());
            List<Double> levels = ForecastRequestRules.levels(query.levels());
            double[] quantiles = ForecastRequestRules.quantiles(query.quantiles());
            List<String> wanted = seriesIds(ids, panel);
            futureSeries(version, query, wanted);
            List<BatchForecast.Series> answered = new ArrayList<>(wanted.size());
            List<BatchForecast.Failure> failed = new ArrayList<>();
            List<ForecastsAnswered.Answer> ledger = new ArrayList<>(wanted.size());
            for (String id : wanted) {
                int position = panel.position(id);
                SeriesModel series = position < 0 ? null : panel.series().get(position);
                if (series == null) {
                    failed.add(new BatchForecast.Failure(id, "no series '" + shown(id) + "' in this model"));
                } else if (!series.trained()) {
                    failed.add(new BatchForecast.Failure(id, "no model: " + series.failure()));
                } else {
                    try {
                        Observations since = since(version, id, series.end());
                        History history = fromEnd(version, series.tail(), series.end(), since);
                        ForecastSource source = observed(version, source(panel, position), since);
                        List<Forecast.Point> points = ForecastPoints.of(version, query, source, history, horizon, levels, quantiles);
                        answered.add(new BatchForecast.Series(id, series.method().name(), points));
                        if (held(version, query, source, history, horizon)) {
                            ledger.add(answer(id, history, series.validation(), points));
                        }
                    } catch (FutureValues.Refused e) {
                        throw e; // the request's future values (or their absence) are to fix, not the series
                    } catch (ForesightException e) {
                        failed.add(new BatchForecast.Failure(id, e.getMessage()));
                    }
                }
            }
            answered(version, levels, ledger);
            return new BatchForecast(version.model(), version.version(), horizon, answered, failed);
        });
    }

    /**
     * The observations of a series ({@code ""}: of a single-series version) stored after the end of its training data
     * ({@code end}), when they continue it (none otherwise): what a forecast "from the end of the data" slides its
     * window over without retraining.
     */
    private Observations since(ModelVersion version, String series, String end) {
        LocalDateTime last = TimestampFormat.parse(end);
        Observations since = observations.observations(version.model(), series, null).after(last);
        if (since.isEmpty()
                || !since.timestamp(0).equals(Frequency.parse(version.data().frequency()).plus(last, 1))) {
            return Observations.none(series);
        }
        return since;
    }

    /**
     * What a forecast "from the end of the data" starts from: the end of the training data ({@code tail}, ending at
     * {@code end}), followed by the observations stored since ({@link #since}), with the values of the feature columns
     * and future features they carry (the forecast stored at training then no longer applies).
     */
    private static History fromEnd(ModelVersion version, double[][] tail, String end, Observations since) {
        return since.isEmpty() ? History.ofTail(tail, end)
                : History.continued(tail, since, version.data().columns(), since.last());
    }

    /**
     * The source with the observations {@code since} the end of the training data in its known future: for a version
     * with future features, their observed values at the observed steps (read by a one-step-ahead forecast of a later
     * observation) and the stored plan only after the latest observation.
     */
    private static ForecastSource observed(ModelVersion version, ForecastSource source, Observations since) {
        if (source.plan() == null || since.isEmpty()) {
            return source;
        }
        return new ForecastSource(source.forecaster(), source.intervals(), source.intervalScale(), source.floor(),
                source.stored(), source.series(), continued(version, source.plan(), since), source.longer(),
                source.readsKnownFuture());
    }

    /**
     * The stored end of the training data and its plan ({@code plan}) continued by the observations {@code since} its
     * end (the step after it on, consecutive): their target and columns' values extend the tail, and the plan keeps
     * the steps after the latest observation. The calendar and holiday channels are not read from a plan: NaN.
     */
    static ModelVersion.Tail continued(ModelVersion version, ModelVersion.Tail plan, Observations since) {
        List<String> columns = version.data().columns();
        boolean dateOnly = version.data().dateOnly();
        int length = plan.timestamps().size();
        int count = since.size();
        List<String> timestamps = new ArrayList<>(length + count);
        timestamps.addAll(plan.timestamps());
        for (int i = 0; i < count; i++) {
            timestamps.add(TimestampFormat.format(since.timestamp(i), dateOnly));
        }
        double[][] values = new double[plan.values().length][];
        for (int c = 0; c < values.length; c++) {
            values[c] = Arrays.copyOf(plan.values()[c], length + count);
            double[] observed = c == 0 ? since.values() : c < columns.size() ? since.column(columns.get(c)) : null;
            for (int i = 0; i < count; i++) {
                values[c][length + i] = observed == null ? Double.NaN : observed[i];
            }
        }
        double[][] future = null;
        if (plan.future() != null) {
            future = new double[plan.future().length][];
            for (int j = 0; j < future.length; j++) {
                double[] stored = plan.future()[j];
                future[j] = Arrays.copyOfRange(stored, Math.min(count, stored.length), stored.length);
            }
        }
        return new ModelVersion.Tail(timestamps, values, future);
    }

    /**
     * Whether a forecast from stored data is the one to hold the model to (recorded in the forecast ledger and scored
     * as observations arrive): one without {@code future} (for this series), or one whose {@code future} supplies values the stored plan
     * does not have (the plan ran out: the request's values are the plan). A scenario, values sent over a stored plan
     * that covers every step the forecast reads, is not.
     */
    private static boolean held(ModelVersion version, ForecastQuery query, ForecastSource source, History history, int horizon) {
        if (query.future() == null || query.future().stream()
                .noneMatch(row -> row.series() == null || row.series().equals(source.series()))) {
            return true; // no values sent for this series (a batch's future for other series)
        }
        int reach = Math.max(horizon, version.settings().horizon());
        return !FutureValues.covers(version, source.plan(), history.last(), reach);
    }

    /**
     * One-step-ahead forecasts of a series' observations ({@code ""}: of a single-series version): {@code observed}
     * continues the series' training data (its first timestamp is the step after it, no gaps; anything at or before
     * the end of the training data is ignored); for each observation after {@code after} (null: all), the forecast
     * that a forecast from the end of the data ({@link #fromEnd}) would have made of it with only the observations
     * before it stored, with its bounds at {@code level} percent. Empty when {@code observed} does not continue the
     * training data.
     *
     * @throws ForesightException (not found) when a many-series version has no such series; (unprocessable) when it
     *                            has no model, or the forecast is not a finite number
     */
    public List<OneStepAhead> oneStepAhead(ModelVersion version, String series, Observations observed,
            LocalDateTime after, double level) {
        return oneStepAhead(version, series, observed, after, level, false);
    }

    /**
     * As {@link #oneStepAhead(ModelVersion, String, Observations, LocalDateTime, double)}; with {@code partial}, the
     * forecasts up to the first that reads a future feature's value neither observed nor in the stored plan (a
     * version that reads future features a horizon ahead: the latest observations are checked once later ones bring
     * those values), where without it that forecast's refusal is thrown ({@link FutureValues}).
     */
    public List<OneStepAhead> oneStepAhead(ModelVersion version, String series, Observations observed,
            LocalDateTime after, double level, boolean partial) {
        ForecastSource source;
        double[][] tail;
        String end;
        if (version.manySeries()) {
            int position = trainedSeries(version, series);
            source = source(panel(version), position);
            tail = seriesAt(version, position).tail();
            end = seriesAt(version, position).end();
        } else {
            source = single(version);
            tail = version.tail().values();
            end = version.tail().end();
        }
        LocalDateTime last = TimestampFormat.parse(end);
        Observations since = observed.after(last);
        Frequency frequency = Frequency.parse(version.data().frequency());
        if (since.isEmpty() || !since.timestamp(0).equals(frequency.plus(last, 1))) {
            return List.of();
        }
        int length = tail[0].length;
        ForecastQuery query = new ForecastQuery(version.model(), 1, null, version.version(), null, List.of(level));
        List<OneStepAhead> checked = new ArrayList<>();
        source = observed(version, source, since);
        for (int i = 0; i < since.size(); i++) {
            LocalDateTime at = since.timestamp(i);
            if (after != null && !at.isAfter(after)) {
                continue;
            }
            History history = i == 0 ? History.ofTail(tail, end)
                    : History.continued(tail, since.first(i), version.data().columns(), since.timestamp(i - 1));
            Forecast.Point point;
            try {
                point = ForecastPoints.of(version, query, source, history, 1, query.levels(), null).get(0);
            } catch (FutureValues.Refused e) {
                if (partial) {
                    break; // the steps a later one reads are not known yet: checked when they are observed
                }
                int lead = version.settings().horizon();
                boolean dateOnly = version.data().dateOnly();
                throw ForesightException.badInput("The point at " + TimestampFormat.format(at, dateOnly)
                        + " cannot be checked yet: its one-step-ahead forecast reads the future features "
                        + version.data().futureFeatures() + " at the " + lead + " steps from it (the model's trained"
                        + " horizon), through " + TimestampFormat.format(frequency.plus(at, lead - 1), dateOnly)
                        + ", and neither the points nor the stored plan have them all; send the points through then"
                        + " (each with its future features), or check this one once they are known.");
            }
            String key = IntervalCalibration.levelKey(level);
            checked.add(new OneStepAhead(at, since.values()[i], point.value(), point.lower().get(key),
                    point.upper().get(key)));
        }
        return checked;
    }

    /** The ids a batch asks for: {@code ["*"]} is every series of the version; each id at most once. */
    private List<String> seriesIds(List<String> ids, LoadedPanel panel) {
        if (ids == null || ids.isEmpty()) {
            throw ForesightException.badInput("'series' must list the ids of the series to forecast, or [\"*\"] for all.");
        }
        if (ids.contains(ALL)) {
            if (ids.size() > 1) {
                throw ForesightException.badInput("'series' is either [\"*\"] (every series) or a list of ids, not both.");
            }
            return panel.series().stream().map(SeriesModel::id).toList();
        }
        if (ids.size() > MAX_LISTED_SERIES) {
            throw ForesightException.badInput("'series' lists " + ids.size() + " ids; at most " + MAX_LISTED_SERIES
                    + " may be listed, or [\"*\"] for all.");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isEmpty()) {
                throw ForesightException.badInput("series[" + i + "] is " + (id == null ? "null" : "empty")
                        + "; list series ids as strings, e.g. \"7/3\".");
            }
            if (!seen.add(id)) {
                throw ForesightException.badInput("'series' lists '" + shown(id) + "' twice; list each series once.");
            }
        }
        return ids;
    }

    /**
     * One page of a many-series version's series whose id contains {@code query} (ignoring case; all when null or
     * empty), in the version's order.
     */
    public SeriesList series(String model, Integer version, String alias, String query, Integer page, Integer size) {
        return panel(registry.resolve(model, version, alias)).page(query, page, size);
    }

    /**
     * The future features of series {@code id} of a many-series version: recent values and the plan a forecast from
     * the end of its data reads, from the observations stored since the end of its training data on when they
     * continue it (as that forecast starts after them: {@link #observed}).
     */
    public SeriesDrivers seriesDrivers(String model, Integer version, String alias, String id) {
        ModelVersion resolved = registry.resolve(model, version, alias);
        LoadedPanel panel = panel(resolved);
        int position = trainedSeries(resolved, id);
        SeriesModel series = panel.series().get(position);
        ModelVersion.Tail plan = plan(resolved, series);
        Started from = plan == null ? null : started(resolved, series.id(), plan);
        return panel.drivers(position, from == null || from.observed() == 0 ? null : from.tail());
    }

    /**
     * What a single-series version knows about the future ({@link SeriesDrivers}, {@code series} null): its future
     * features at the end of its data and the plan stored after it, or after the observations stored since, where a
     * forecast from the end of the data starts (as {@link #seriesDrivers} for a series of a many-series version).
     */
    public SeriesDrivers drivers(String model, Integer version, String alias) {
        ModelVersion resolved = singleSeries(model, version, alias, "drivers");
        ModelVersion.Tail from = started(resolved, "", resolved.tail()).tail();
        return SeriesDrivers.of(resolved, null, from.values(), from.future(), from.end(), resolved.drivers());
    }

    /**
     * The target's values a forecast of a single-series version from its stored data starts from: the stored end of
     * its training data, continued by the observations stored since ({@link StoredHistory}).
     */
    public StoredHistory history(String model, Integer version, String alias) {
        ModelVersion resolved = singleSeries(model, version, alias, "history");
        Started from = started(resolved, "", resolved.tail());
        return StoredHistory.of(resolved, null, from.tail(), from.observed());
    }

    /** {@link #history} of one series of a many-series version. */
    public StoredHistory seriesHistory(String model, Integer version, String alias, String id) {
        ModelVersion resolved = registry.resolve(model, version, alias);
        SeriesModel series = panel(resolved).series().get(trainedSeries(resolved, id));
        Started from = started(resolved, series.id(), tail(resolved, series));
        return StoredHistory.of(resolved, series.id(), from.tail(), from.observed());
    }

    /**
     * A stored end of training data ({@code tail}: a version's, or one series', as a version stores it) continued by
     * the observations of {@code series} ({@code ""}: of a single-series version) stored since ({@link #since},
     * {@link #continued}): where a forecast from stored data starts; {@code observed}: how many observations.
     */
    private record Started(ModelVersion.Tail tail, int observed) {
    }

    private Started started(ModelVersion version, String series, ModelVersion.Tail tail) {
        Observations since = since(version, series, tail.end());
        return new Started(since.isEmpty() ? tail : continued(version, tail, since), since.size());
    }

    /** The version asked for, when it covers one series; a many-series one names {@code .../series/{id}/<what>}. */
    private ModelVersion singleSeries(String model, Integer version, String alias, String what) {
        ModelVersion resolved = registry.resolve(model, version, alias);
        if (resolved.manySeries()) {
            throw ForesightException.badInput("Model '" + resolved.model() + "' version " + resolved.version() + " covers "
                    + resolved.series().count() + " series: GET .../series/{id}/" + what + " answers for one of them (the"
                    + " id URL-encoded).");
        }
        return resolved;
    }

    /** An id as a message shows it: at most 100 characters. */
    private static String shown(String id) {
        return id.length() > 100 ? id.substring(0, 100) + "..." : id;
    }

    /** The many-series version loaded (cached like single-series forecasters). */
    private LoadedPanel panel(ModelVersion version) {
        if (!version.manySeries()) {
            throw ForesightException.badInput("Model '" + version.model() + "' version " + version.version()
                    + " forecasts one series; it has no series to name.");
        }
        return panels.get(version.model() + "@" + version.version(), () -> new LoadedPanel(version, loader));
    }

    private static ForecastSource source(LoadedPanel panel, int position) {
        SeriesModel series = panel.series().get(position);
        return new ForecastSource(panel.forecaster(position), panel.calibration(position), series.intervalScale(),
                IntervalCalibration.floor(series.representation()), series.forecast(), series.id(),
                plan(panel.version(), series), h -> VersionLoader.statistical(panel.version(), series, h),
                series.readsKnownFuture(panel.version().members()));
    }

    /**
     * The end of a series' training data with the future features' plan stored after it, as a single-series version
     * stores its tail; null for a version without future features.
     */
    private static ModelVersion.Tail plan(ModelVersion version, SeriesModel series) {
        return series.future() == null ? null : tail(version, series);
    }

    /** The end of a series' training data, timestamped, with its plan (null: none), as a single-series version stores it. */
    private static ModelVersion.Tail tail(ModelVersion version, SeriesModel series) {
        Frequency frequency = Frequency.parse(version.data().frequency());
        LocalDateTime end = TimestampFormat.parse(series.end());
        int length = series.tail()[0].length;
        List<String> timestamps = new ArrayList<>(length);
        for (int i = length - 1; i >= 0; i--) {
            timestamps.add(TimestampFormat.format(frequency.plus(end, -i), version.data().dateOnly()));
        }
        return new ModelVersion.Tail(timestamps, series.tail(), series.future());
    }

    /**
     * Checks that each row of a many-series forecast's {@code future} names one of the series it forecasts
     * ({@code wanted}); a row without {@code series} is for the one series when the request forecasts one.
     */
    private static void futureSeries(ModelVersion version, ForecastQuery query, java.util.Collection<String> wanted) {
        if (query.future() == null) {
            return;
        }
        Set<String> ids = wanted instanceof Set<String> set ? set : new HashSet<>(wanted);
        for (int i = 0; i < query.future().size(); i++) {
            String id = query.future().get(i).series();
            if (id == null && ids.size() != 1) {
                throw ForesightException.badInput("future[" + i + "] names no 'series': model '" + version.model()
                        + "' covers many series, and this request forecasts " + ids.size() + "; each row of 'future'"
                        + " names the series its values are for, e.g. {\"series\": \"7/3\", \"timestamp\": ..., ...}.");
            }
            if (id != null && !ids.contains(id)) {
                throw ForesightException.badInput("future[" + i + "].series '" + shown(id) + "' is not a series this"
                        + " request forecasts; send the future values of the series it names in 'series'.");
            }
        }
    }

    int horizon(Integer horizon) {
        if (horizon == null) {
            throw ForesightException.badInput("'horizon' is required: the number of steps to forecast, 1 to " + limits.maxHorizon() + ".");
        }
        if (horizon < 1 || horizon > limits.maxHorizon()) {
            throw ForesightException.badInput("'horizon' must be between 1 and " + limits.maxHorizon() + "; got " + horizon + ".");
        }
        return horizon;
    }
}
