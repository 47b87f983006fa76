package io.foresight.observation;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.CsvRows;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.Paging;
import io.foresight.dataset.TimestampFormat;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.VersionLoader;

/**
 * New observations of a model's target after deployment: checked against the production version (its frequency and
 * the end of each series' training data) and what is stored ({@link ObservationRules}), then stored whole
 * ({@link ObservationStore}). Plain Java like the core; the service wires it (CoreConfiguration).
 */
public final class ObservationService {

    private static final int DEFAULT_PAGE_SIZE = 100;
    /** A number as a CSV cell writes it (no hexadecimal, no {@code d}/{@code f} suffix, no NaN or Infinity). */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern
            .compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Series checked against, per loaded many-series version (few: one per model being observed). */
    private static final int CACHED_VERSIONS = 8;

    private final ModelRegistry registry;
    private final VersionLoader loader;
    private final ObservationStore store;
    private final ForesightProperties.Limits limits;
    private final Consumer<Object> events;
    private final Map<String, Map<String, ObservationRules.Target>> targets = new ConcurrentHashMap<>();

    public ObservationService(ModelRegistry registry, ObservationStore store, ForesightProperties.Limits limits,
            Consumer<Object> events) {
        this.registry = registry;
        this.loader = new VersionLoader(registry);
        this.store = store;
        this.limits = limits;
        this.events = events;
    }

    /**
     * A JSON point as sent: timestamp and value (null when missing); {@code columns}: any other fields, by name (a
     * model that reads feature columns or future features takes their values here, as a forecast's history row carries
     * them: {@code {"timestamp": ..., "value": ..., "promo": 1}}); empty when none.
     */
    public record Point(String timestamp, Double value,
            @com.fasterxml.jackson.annotation.JsonAnySetter Map<String, Object> columns) {

        public Point {
            columns = columns == null ? Map.of() : columns;
        }

        /** A point of the target alone. */
        public Point(String timestamp, Double value) {
            this(timestamp, value, Map.of());
        }
    }

    /**
     * Stores {@code points} of one series ({@code series} null for a single-series model, required for a many-series
     * one).
     */
    public Ingested add(String model, String series, List<Point> points, boolean replace) {
        ModelVersion version = production(model);
        return store(version, batch(version, model, series, points), replace);
    }

    /**
     * Checks {@code points} of one series as {@link #add} would (same rules, same messages) and stores nothing: the
     * production version they were checked against and the points, which continue the series' data (its training
     * data and stored observations).
     *
     * @throws ForesightException (bad input) as {@link #add}; (not found) for a series the model does not have
     */
    public Checked check(String model, String series, List<Point> points) {
        ModelVersion version = production(model);
        List<NewObservation> batch = batch(version, model, series, points);
        Function<String, ObservationRules.Target> lookup = targets(version);
        String id = series == null ? "" : series;
        if (lookup.apply(id) == null) {
            throw ForesightException.notFound("Model '" + model + "' has no series '" + ObservationRules.shown(id)
                    + "'.").remedy(ForesightException.Remedy.LIST_SERIES, model);
        }
        ObservationStore.Change change = ObservationRules.check(model, Frequency.parse(version.data().frequency()),
                version.data().dateOnly(), columns(version), batch, false, lookup, store.all(model));
        ObservationStore.Append append = change.appends().get(0);
        return new Checked(version, new Observations(id, append.seconds(), append.values(), append.names(),
                append.columns()));
    }

    /** Whether the production version of {@code model} has series {@code series} ({@code ""}: a single-series model). */
    public boolean hasSeries(String model, String series) {
        return targets(registry.resolve(model, null, null)).apply(series) != null;
    }

    /** A batch checked and not stored: the version it was checked against and its points. */
    public record Checked(ModelVersion version, Observations points) {
    }

    private List<NewObservation> batch(ModelVersion version, String model, String series, List<Point> points) {
        if (version.manySeries() && (series == null || series.isEmpty())) {
            throw ForesightException.badInput("Model '" + model + "' covers " + version.series().count() + " series: name"
                    + " the series the points belong to in 'series' (e.g. \"7/3\"), or send a CSV with the id columns "
                    + version.series().idColumns() + ".");
        }
        if (!version.manySeries() && series != null) {
            throw ForesightException.badInput("Model '" + model + "' forecasts one series; leave 'series' out.");
        }
        if (points == null || points.isEmpty()) {
            throw ForesightException.badInput("'points' is missing or empty: send [{\"timestamp\": ..., \"value\": ...}].");
        }
        if (points.size() > limits.maxRows()) {
            throw ForesightException.badInput("'points' has " + points.size() + " observations; send at most "
                    + limits.maxRows() + " in one request.");
        }
        String id = series == null ? "" : series;
        List<NewObservation> batch = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            if (point == null) {
                throw ForesightException.badInput("points[" + i + "] is null; send {\"timestamp\": ..., \"value\": ...}.");
            }
            batch.add(new NewObservation(id, point.timestamp(), point.value(), "points[" + i + "]", point.columns()));
        }
        return batch;
    }

    /**
     * Stores the observations of a CSV in the model's dataset format: the target column, the id columns of a
     * many-series model (so one CSV may carry many series) and one timestamp column.
     */
    public Ingested addCsv(String model, byte[] csv, boolean replace) {
        ModelVersion version = production(model);
        int maxRows = version.manySeries() ? limits.maxPanelRows() : limits.maxRows();
        List<String> idColumns = version.manySeries() ? version.series().idColumns() : List.of();
        List<NewObservation> batch = csvPoints(csv, model, version.data().target(), idColumns, columns(version),
                limits.maxColumns(), maxRows);
        return store(version, batch, replace);
    }

    /** The observations of a CSV of the target alone ({@link #csvPoints} without feature columns). */
    static List<NewObservation> csvPoints(byte[] csv, String model, String target, List<String> idColumns,
            int maxColumns, int maxRows) {
        return csvPoints(csv, model, target, idColumns, List.of(), maxColumns, maxRows);
    }

    /**
     * The observations of a CSV with the model's target column, its id columns (joined with {@code /} into the
     * series' id), the feature columns and future features it reads ({@code columns}, their cells as text, checked
     * by {@link ObservationRules}) and one timestamp column, in row order.
     */
    static List<NewObservation> csvPoints(byte[] csv, String model, String target, List<String> idColumns,
            List<String> columns, int maxColumns, int maxRows) {
        CsvRows rows = CsvRows.read(csv, maxColumns, maxRows);
        List<String> header = rows.header();
        int valueColumn = header.indexOf(target);
        int[] ids = idColumns.stream().mapToInt(header::indexOf).toArray();
        int[] read = columns.stream().mapToInt(header::indexOf).toArray();
        List<Integer> others = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (c != valueColumn && !idColumns.contains(header.get(c)) && !columns.contains(header.get(c))) {
                others.add(c);
            }
        }
        boolean idsPresent = java.util.Arrays.stream(ids).allMatch(c -> c >= 0);
        boolean columnsPresent = java.util.Arrays.stream(read).allMatch(c -> c >= 0);
        if (valueColumn < 0 || !idsPresent || !columnsPresent || others.size() != 1) {
            throw ForesightException.badInput("The CSV must have the columns of model '" + model + "': "
                    + (idColumns.isEmpty() ? "" : "the id columns " + idColumns + ", ") + "the target '" + target
                    + "'" + (columns.isEmpty() ? "" : ", the columns it reads " + columns) + " and one timestamp column"
                    + (columns.isEmpty() ? "" : " (no other column)") + "; its header is " + header + ".");
        }
        int timeColumn = others.get(0);
        List<NewObservation> batch = new ArrayList<>(rows.rows().size());
        List<String> problems = new ArrayList<>();
        StringBuilder id = new StringBuilder();
        for (int r = 0; r < rows.rows().size(); r++) {
            String[] row = rows.rows().get(r);
            id.setLength(0);
            for (int k = 0; k < ids.length; k++) {
                id.append(k == 0 ? "" : "/").append(row[ids[k]]);
            }
            String cell = row[valueColumn];
            Double value = null;
            if (!cell.isEmpty()) {
                if (!DECIMAL.matcher(cell).matches()) {
                    if (problems.size() < ObservationRules.SHOWN) {
                        problems.add(rows.where(r) + ": '" + ObservationRules.shown(cell) + "' is not a number");
                    }
                    continue;
                }
                value = Double.valueOf(cell);
            }
            Map<String, Object> cells = Map.of();
            if (read.length > 0) {
                cells = new java.util.LinkedHashMap<>();
                for (int k = 0; k < read.length; k++) {
                    String text = row[read[k]];
                    cells.put(columns.get(k), text.isEmpty() ? null : DECIMAL.matcher(text).matches()
                            ? (Object) Double.valueOf(text) : text);
                }
            }
            batch.add(new NewObservation(id.toString(), row[timeColumn], value, rows.where(r), cells));
        }
        if (!problems.isEmpty()) {
            throw ForesightException.badInput("Column '" + target + "' must hold numbers; nothing was stored: "
                    + String.join("; ", problems) + ".");
        }
        return batch;
    }

    /** One page of a series' stored observations, oldest first. */
    public ObservationPage list(String model, String series, Integer page, Integer size) {
        ModelVersion version = production(model);
        Paging paging = new Paging(page == null ? 0 : page, size == null ? DEFAULT_PAGE_SIZE : size);
        String id = seriesParameter(version, series);
        Observations stored = store.observations(model, id, null);
        boolean dateOnly = version.data().dateOnly();
        int from = (int) Math.min(stored.size(), (long) paging.page() * paging.size());
        int to = (int) Math.min(stored.size(), (long) from + paging.size());
        List<ObservationPage.Point> points = new ArrayList<>(to - from);
        List<String> columns = columns(version);
        for (int i = from; i < to; i++) {
            Map<String, Double> cells = Map.of();
            if (!columns.isEmpty()) {
                cells = new java.util.LinkedHashMap<>();
                for (String column : columns) {
                    double[] values = stored.column(column);
                    cells.put(column, values == null || Double.isNaN(values[i]) ? null : values[i]);
                }
            }
            points.add(new ObservationPage.Point(TimestampFormat.format(stored.timestamp(i), dateOnly),
                    stored.values()[i], cells));
        }
        return new ObservationPage(model, series, paging.page(), paging.size(), stored.size(), points);
    }

    /** The stored observations of a series ({@code ""}: of a single-series model) at or after {@code from}. */
    public Observations observations(String model, String series, LocalDateTime from) {
        return store.observations(model, series, from);
    }

    private String seriesParameter(ModelVersion version, String series) {
        if (version.manySeries()) {
            if (series == null || series.isEmpty()) {
                throw ForesightException.badInput("Model '" + version.model() + "' covers many series: name one with"
                        + " 'series' (e.g. series=7/3).");
            }
            return series;
        }
        if (series != null) {
            throw ForesightException.badInput("Model '" + version.model() + "' forecasts one series; leave 'series' out.");
        }
        return "";
    }

    private ModelVersion production(String model) {
        return registry.resolve(model, null, null);
    }

    /**
     * The columns an observation of the version carries besides its target: its feature columns and future features
     * (a forecast from the end of the data reads their observed values; calendar and holiday inputs are computed from
     * the timestamps, never sent).
     */
    public static List<String> columns(ModelVersion version) {
        List<String> columns = version.data().columns();
        return List.copyOf(columns.subList(1, columns.size()));
    }


    private Ingested store(ModelVersion version, List<NewObservation> batch, boolean replace) {
        Frequency frequency = Frequency.parse(version.data().frequency());
        Function<String, ObservationRules.Target> lookup = targets(version);
        List<String> columns = columns(version);
        ObservationStore.Change change = store.write(version.model(), stored -> ObservationRules.check(version.model(),
                frequency, version.data().dateOnly(), columns, batch, replace, lookup, stored));
        int points = change.appends().stream().mapToInt(a -> a.values().length).sum();
        events.accept(new ObservationsAdded(version.model(), version.version(), points));
        return new Ingested(version.model(), version.version(), points, change.appends().size(), replace);
    }

    /** What each series of the version is checked against. */
    private Function<String, ObservationRules.Target> targets(ModelVersion version) {
        if (!version.manySeries()) {
            boolean positive = version.settings().representation().log() || version.intervalScale().representation().log()
                    || version.members().stream().anyMatch(m -> m.scaler().representation().log());
            ObservationRules.Target only = new ObservationRules.Target(TimestampFormat.parse(version.data().end()),
                    positive, null);
            return id -> id.isEmpty() ? only : null;
        }
        String key = version.model() + "@" + version.version();
        Map<String, ObservationRules.Target> bySeries = targets.get(key);
        if (bySeries == null) {
            List<SeriesModel> all = loader.series(version);
            bySeries = new HashMap<>(all.size() * 2);
            for (SeriesModel s : all) {
                bySeries.put(s.id(), s.trained()
                        ? new ObservationRules.Target(TimestampFormat.parse(s.end()), log(s), null)
                        : new ObservationRules.Target(null, false, s.failure()));
            }
            if (targets.size() >= CACHED_VERSIONS) {
                targets.clear();
            }
            targets.put(key, bySeries);
        }
        return bySeries::get;
    }

    private static boolean log(SeriesModel s) {
        return (s.representation() != null && s.representation().log())
                || (s.networkScale() != null && s.networkScale().representation().log())
                || (s.intervalScale() != null && s.intervalScale().representation().log());
    }
}
