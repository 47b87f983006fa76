package io.foresight.monitoring;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;
import io.foresight.observation.ObservationStore;
import io.foresight.observation.Observations;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;

/**
 * Scores the forecast ledger against the observations: every recorded step whose target timestamp has an actual value
 * is a {@link ScoredPoint}; a version's (or one series') points give its {@link LiveScore} and, over the latest ones,
 * the {@link DriftRule}'s verdict. A forecast recorded twice for the same origin (a longer horizon asked later) counts
 * once, as its latest record. {@link #score} (run on the monitoring thread when observations arrive) also publishes
 * {@link AccuracyScored} and, when a version starts drifting, {@link ModelDrifted}.
 */
public final class LiveAccuracy {

    private final ForecastLedger ledger;
    private final ObservationStore observations;
    private final ModelRegistry registry;
    private final DriftRule rule;
    private final Consumer<Object> events;
    /** The versions drifting at the last {@link #score}, on disk: only onsets are published, once, across restarts. */
    private final DriftState drifting;

    public LiveAccuracy(ForecastLedger ledger, ObservationStore observations, ModelRegistry registry, DriftRule rule,
            DriftState drifting, Consumer<Object> events) {
        this.ledger = ledger;
        this.drifting = drifting;
        this.observations = observations;
        this.registry = registry;
        this.rule = rule;
        this.events = events;
    }

    public DriftRule rule() {
        return rule;
    }

    /**
     * The live accuracy of {@code model} per version, of {@code series} when given (null: all series pooled).
     *
     * @throws ForesightException (not found) when there is no such model; (bad input) when a series is named for a
     *                            single-series model or an empty one is given
     */
    public ModelAccuracy accuracy(String model, String series) {
        registry.checkName("Model", model);
        Integer production;
        try {
            production = registry.resolve(model, null, null).version();
        } catch (ForesightException e) {
            if (registry.summary(model).isEmpty()) {
                throw e; // the registry's own 404 (it looked at the disk once)
            }
            production = null; // a model without a production version
        }
        if (series != null && series.isEmpty()) {
            throw ForesightException.badInput("'series' is empty; name a series of the model, e.g. series=7%2F3, or leave"
                    + " it out for all series.");
        }
        if (series != null && production != null && !registry.version(model, production).manySeries()) {
            throw ForesightException.badInput("Model '" + model + "' forecasts one series; leave 'series' out.");
        }
        return compute(model, series, production);
    }

    /** Scores {@code model} again: publishes {@link AccuracyScored}, and {@link ModelDrifted} for each onset. */
    public void score(String model) {
        if (registry.summary(model).isEmpty()) {
            drifting.delete(model);
            events.accept(new AccuracyScored(new ModelAccuracy(model, null, null, rule, List.of(), List.of())));
            return;
        }
        ModelAccuracy accuracy = compute(model, null, production(model));
        List<Integer> now = accuracy.versions().stream().filter(VersionAccuracy::drifting).map(VersionAccuracy::version)
                .toList();
        List<Integer> onsets = drifting.update(model, now);
        events.accept(new AccuracyScored(accuracy));
        for (VersionAccuracy v : accuracy.versions()) {
            if (onsets.contains(v.version())) {
                events.accept(new ModelDrifted(model, v.version(),
                        accuracy.production() != null && accuracy.production() == v.version(), v.driftReasons()));
            }
        }
    }

    private Integer production(String model) {
        try {
            return registry.resolve(model, null, null).version();
        } catch (ForesightException e) {
            return null;
        }
    }

    private ModelAccuracy compute(String model, String series, Integer production) {
        Map<String, Observations> actual = observations.all(model);
        // the latest record of each (version, series, origin)
        Map<String, LedgerEntry> latest = new HashMap<>();
        for (LedgerEntry e : ledger.entries(model)) {
            if (series == null || series.equals(e.series())) {
                latest.put(e.version() + "\n" + e.series() + "\n" + e.origin(), e);
            }
        }
        Map<Integer, List<ScoredPoint>> byVersion = new TreeMap<>(Comparator.reverseOrder());
        Map<Integer, Double> seriesValidation = new HashMap<>();
        for (LedgerEntry e : latest.values()) {
            List<ScoredPoint> points = byVersion.computeIfAbsent(e.version(), v -> new ArrayList<>());
            seriesValidation.putIfAbsent(e.version(), (double) e.validationMase());
            Observations o = actual.get(e.series());
            if (o != null && !o.isEmpty()) {
                score(e, o, points);
            }
        }
        List<VersionAccuracy> versions = new ArrayList<>(byVersion.size());
        byVersion.forEach((version, points) -> {
            points.sort(Comparator.comparingLong(ScoredPoint::target));
            double validation = series != null ? seriesValidation.get(version) : validationMase(model, version);
            versions.add(VersionAccuracy.of(version, validation, LiveScore.of(points), rule.judge(points, validation)));
        });
        List<LivePoint> chart = List.of();
        if (production != null && byVersion.containsKey(production)) {
            ModelVersion version = registry.version(model, production);
            if (series != null || !version.manySeries()) {
                chart = LivePoint.latest(byVersion.get(production), version.data().dateOnly());
            }
        }
        return new ModelAccuracy(model, series, production, rule, versions, chart);
    }

    /** Adds the points of {@code entry} whose targets {@code actual} has. */
    static void score(LedgerEntry entry, Observations actual, List<ScoredPoint> into) {
        long[] seconds = actual.seconds();
        Frequency frequency = Frequency.parse(entry.frequency());
        LocalDateTime origin = entry.originTime();
        long last = seconds[seconds.length - 1];
        for (int k = 0; k < entry.horizon(); k++) {
            long target = LedgerEntry.seconds(frequency.plus(origin, k + 1));
            if (target > last) {
                break;
            }
            int at = Arrays.binarySearch(seconds, target);
            if (at >= 0) {
                into.add(ScoredPoint.of(entry, k, target, actual.values()[at]));
            }
        }
    }

    private double validationMase(String model, int version) {
        try {
            ModelVersion.Validation validation = registry.version(model, version).validation();
            return validation == null ? Double.NaN : validation.model().mase();
        } catch (RuntimeException e) {
            return Double.NaN; // a version deleted since its forecasts were recorded
        }
    }
}
