package io.foresight.anomaly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.Paging;
import io.foresight.dataset.TimestampFormat;
import io.foresight.forecast.ForecastService;
import io.foresight.forecast.OneStepAhead;
import io.foresight.observation.ObservationService;
import io.foresight.observation.ObservationStore;
import io.foresight.observation.Observations;
import io.foresight.observation.ObservationsAdded;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.RegistryChanged;
import jakarta.annotation.PreDestroy;

/**
 * Anomalies among new observations: an observation outside the production version's interval at
 * {@code foresight.monitoring.anomaly-level} percent (default 99) around its one-step-ahead forecast (made from
 * everything before it: the version's stored tail, earlier observations and earlier points of the same request,
 * {@link ForecastService#oneStepAhead}), scored by {@link AnomalyScore}. Stored observations are checked when they
 * are stored ({@link ObservationsAdded}, in the background after the request that stored them) from where the
 * last check stopped, so a check missed by a crash or a shutdown is made at the next start-up or with the next
 * observations of the model; {@link #detect} checks points without
 * storing anything.
 */
@Service
public class AnomalyService {

    private static final Logger log = LoggerFactory.getLogger(AnomalyService.class);
    private static final int DEFAULT_PAGE_SIZE = 100;

    private final ModelRegistry registry;
    private final ForecastService forecasts;
    private final ObservationService observationService;
    private final ObservationStore observations;
    private final AnomalyStore store;
    private final ApplicationEventPublisher events;
    private final double level;
    private final Path observationRoot;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "anomaly-check");
        thread.setDaemon(true);
        return thread;
    });
    /** Models whose check is queued and not started yet. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    AnomalyService(ModelRegistry registry, ForecastService forecasts, ObservationService observationService,
            ObservationStore observations, ForesightProperties properties, ApplicationEventPublisher events,
            AnomalySettings settings) {
        this.registry = registry;
        this.forecasts = forecasts;
        this.observationService = observationService;
        this.observations = observations;
        this.store = new AnomalyStore(properties.dataDir().resolve("anomalies"));
        this.observationRoot = properties.dataDir().resolve("observations");
        this.events = events;
        this.level = settings.anomalyLevel();
    }

    /**
     * A page of a model's anomalies, oldest first; {@code checkedThrough}: the timestamp of the series' last
     * observation checked so far (of a single-series model, or of the series asked for), null before the first check.
     */
    public record AnomalyPage(String model, String series, double level, String checkedThrough, int page, int size,
            int total, List<Item> anomalies) {
    }

    /** One anomaly as the API shows it ({@code series} null for a single-series model). */
    public record Item(String series, String timestamp, double value, double expected, double lower, double upper,
            double level, double score, int version) {
    }

    /** The answer of a check without storing. */
    public record Detection(String model, int version, String series, double level, List<Point> points) {
    }

    /** One point checked: whether it is outside the interval, its score and the interval. */
    public record Point(String timestamp, double value, boolean anomaly, double score, double expected, double lower,
            double upper) {
    }

    /**
     * Checks the model's new observations after the request that stored them, in the background: a fit per
     * observation takes from well under a millisecond (a network's window) to a few (a statistical method refitted on
     * up to 2,000 points), which a large batch should not wait for. One check per model is queued at a time; it
     * covers everything stored before it starts.
     */
    @EventListener
    void observationsAdded(ObservationsAdded event) {
        queue(event.model());
    }

    /** A deleted model's anomalies go with it (after any check queued before), so a new model of the name starts clean. */
    @EventListener
    void registryChanged(RegistryChanged event) {
        if (event.deleted()) {
            checks.execute(() -> {
                try {
                    store.delete(event.model());
                } catch (RuntimeException e) {
                    log.warn("Could not delete the anomalies of deleted model '{}': {}", event.model(), e.toString());
                }
            });
        }
    }

    /**
     * At start-up, checks what a crash or a shutdown left unchecked: every model with stored observations is
     * queued (a check with nothing new to look at reads the logs and writes nothing).
     */
    @EventListener(ApplicationReadyEvent.class)
    void catchUp() {
        try (Stream<Path> models = Files.list(observationRoot)) {
            models.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().forEach(this::queue);
        } catch (NoSuchFileException e) {
            // no observations yet
        } catch (IOException e) {
            log.warn("Could not list the models with observations in {}: {}", observationRoot, e.toString());
        }
    }

    private void queue(String model) {
        if (!queued.add(model)) {
            return;
        }
        try {
            checks.execute(() -> {
                queued.remove(model);
                try {
                    long start = System.nanoTime();
                    int found = checkStored(model).size();
                    log.debug("Checked the new observations of model '{}' for anomalies in {} ms: {} found", model,
                            (System.nanoTime() - start) / 1_000_000, found);
                } catch (ForesightException e) {
                    log.debug("Model '{}' has nothing to check for anomalies: {}", model, e.getMessage());
                } catch (RuntimeException e) {
                    // the observations are stored; the next check of the model covers these too
                    log.warn("Could not check the new observations of model '{}' for anomalies: {}", model,
                            e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(model); // shutting down: the next check after a restart covers them
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        checks.shutdown();
        if (!checks.awaitTermination(10, TimeUnit.SECONDS)) {
            checks.shutdownNow();
        }
    }

    /** Checks the model's stored observations not checked yet; returns the anomalies found. */
    List<Anomaly> checkStored(String model) {
        ModelVersion version = registry.resolve(model, null, null);
        Map<String, Observations> all = observations.all(model);
        AnomalyStore.Change change = store.write(model, state -> {
            Map<String, Long> checked = new HashMap<>();
            List<Anomaly> found = new ArrayList<>();
            for (Observations series : all.values()) {
                Long mark = state.checked().get(series.series());
                if (series.isEmpty() || (mark != null && seconds(series.last()) <= mark)) {
                    continue;
                }
                List<OneStepAhead> steps;
                try {
                    steps = forecasts.oneStepAhead(version, series.series(), series, mark == null ? null : time(mark),
                            level, true);
                } catch (ForesightException e) {
                    continue; // a series without a model (or not in this version) has nothing to check against
                }
                for (OneStepAhead step : steps) {
                    if (AnomalyScore.outside(step.actual(), step.lower(), step.upper())) {
                        found.add(new Anomaly(series.series(), seconds(step.timestamp()), step.actual(),
                                step.expected(), step.lower(), step.upper(), level,
                                AnomalyScore.score(step.actual(), step.expected(), step.lower(), step.upper()),
                                version.version()));
                    }
                }
                if (!steps.isEmpty()) {
                    checked.put(series.series(), seconds(steps.get(steps.size() - 1).timestamp()));
                }
            }
            return new AnomalyStore.Change(checked, found);
        });
        if (!change.anomalies().isEmpty()) {
            events.publishEvent(new AnomaliesFound(model, version.version(), change.anomalies().size()));
        }
        return change.anomalies();
    }

    /**
     * One page of the model's anomalies (of one series when {@code series} is given), oldest first.
     */
    public AnomalyPage list(String model, String series, Integer page, Integer size) {
        ModelVersion version = registry.resolve(model, null, null);
        if (!version.manySeries() && series != null) {
            throw ForesightException.badInput("Model '" + model + "' forecasts one series; leave 'series' out.");
        }
        if (version.manySeries() && series != null && !observationService.hasSeries(model, series)) {
            throw ForesightException.notFound("Model '" + model + "' has no series '"
                    + (series.length() > 100 ? series.substring(0, 100) + "..." : series) + "'.")
                    .remedy(ForesightException.Remedy.LIST_SERIES, model);
        }
        Paging paging = new Paging(page == null ? 0 : page, size == null ? DEFAULT_PAGE_SIZE : size);
        AnomalyStore.State state = store.state(model);
        List<Anomaly> all = state.anomalies();
        List<Anomaly> wanted = series == null ? all
                : all.stream().filter(a -> a.series().equals(series)).toList();
        boolean dateOnly = version.data().dateOnly();
        int from = (int) Math.min(wanted.size(), (long) paging.page() * paging.size());
        int to = (int) Math.min(wanted.size(), (long) from + paging.size());
        List<Item> items = new ArrayList<>(to - from);
        for (Anomaly a : wanted.subList(from, to)) {
            items.add(new Item(a.series().isEmpty() ? null : a.series(), TimestampFormat.format(time(a.seconds()),
                    dateOnly), a.value(), a.expected(), a.lower(), a.upper(), a.level(), a.score(), a.version()));
        }
        Long mark = version.manySeries() && series == null ? null : state.checked().get(series == null ? "" : series);
        String checkedThrough = mark == null ? null : TimestampFormat.format(time(mark), dateOnly);
        return new AnomalyPage(model, series, level, checkedThrough, paging.page(), paging.size(), wanted.size(),
                items);
    }

    /**
     * Checks {@code points} of one series against the production version without storing anything: they must follow
     * the model's data (its training data and stored observations) as observations to store must
     * ({@link ObservationService#check}).
     */
    public Detection detect(String model, String series, List<ObservationService.Point> points, Double level) {
        double at = level == null ? this.level : level;
        if (!(at > 0 && at < 100)) {
            throw ForesightException.badInput("'level' must be a percentage strictly between 0 and 100, e.g. 99; got "
                    + level + ".");
        }
        ObservationService.Checked checked = observationService.check(model, series, points);
        ModelVersion version = checked.version();
        String id = checked.points().series();
        Observations stored = observations.observations(model, id, null);
        Observations batch = checked.points();
        List<OneStepAhead> steps = forecasts.oneStepAhead(version, id, stored.followedBy(batch),
                stored.last(), at);
        boolean dateOnly = version.data().dateOnly();
        List<Point> answered = new ArrayList<>(steps.size());
        for (OneStepAhead step : steps) {
            answered.add(new Point(TimestampFormat.format(step.timestamp(), dateOnly), step.actual(),
                    AnomalyScore.outside(step.actual(), step.lower(), step.upper()),
                    AnomalyScore.score(step.actual(), step.expected(), step.lower(), step.upper()), step.expected(),
                    step.lower(), step.upper()));
        }
        return new Detection(model, version.version(), series, at,
                answered);
    }

    private static long seconds(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC);
    }

    private static LocalDateTime time(long seconds) {
        return LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    }
}
