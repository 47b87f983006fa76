package io.foresight.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.Panel;
import io.foresight.dataset.ShortSeries;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Architecture;
import io.foresight.model.EnsembleForecaster;
import io.foresight.model.NetworkForecaster;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.VersionLoader;
import io.foresight.window.WindowPlan;

/**
 * Turns a training request into a registered model version, step by step: the request checked against its data
 * ({@link #prepare}), the held-back windows ({@link HeldBackWindows}), the network candidates fitted
 * ({@link NetworkFitting}), every candidate (statistical methods included) scored on the same held-back windows and
 * one chosen ({@link Selection}), intervals calibrated from its held-back residuals ({@link IntervalCalibrator}),
 * the version's manifest and files ({@link VersionDraft}) registered.
 */
final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /** What the trainer reports while it works and asks whether to go on. */
    interface Monitor {
        void progress(Progress progress);

        /** Throws to stop the training (cancellation, time limit). */
        void checkpoint();
    }

    /**
     * A request checked against its data, ready to train: {@code columns} are the target and the past-only features,
     * {@code known} what it knows about the future.
     */
    record Prepared(String model, DatasetInfo dataset, List<String> columns, TrainingSettings settings, ModelVersion parent,
            List<List<Integer>> networkLayers, TrainingRequest request, KnownFuture known) {

        Prepared(String model, DatasetInfo dataset, List<String> columns, TrainingSettings settings, ModelVersion parent,
                List<List<Integer>> networkLayers, TrainingRequest request) {
            this(model, dataset, columns, settings, parent, networkLayers, request, KnownFuture.NONE);
        }
    }

    private final DatasetService datasets;
    private final ModelRegistry registry;
    private final VersionLoader loader;
    private final SettingsResolver resolver;
    private final Map<String, String> libraries;
    private final List<Integer> autoLayerSizes;
    private final int seriesThreads;
    private final int ownNetworkPoints;

    Trainer(DatasetService datasets, ModelRegistry registry, ForesightProperties properties, Map<String, String> libraries) {
        this.datasets = datasets;
        this.registry = registry;
        this.loader = new VersionLoader(registry);
        this.resolver = new SettingsResolver(properties.limits());
        this.autoLayerSizes = autoLayerSizes(properties);
        this.seriesThreads = properties.training().seriesThreads();
        this.ownNetworkPoints = properties.training().seriesNetworkPoints();
        this.libraries = Map.copyOf(libraries);
    }

    /** {@code foresight.training.auto-layer-sizes}, checked against the layer limit. */
    static List<Integer> autoLayerSizes(ForesightProperties properties) {
        List<Integer> sizes = properties.training().autoLayerSizes();
        if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1 || s > properties.limits().maxLayerSize())) {
            throw new IllegalStateException("foresight.training.auto-layer-sizes must list 1 or more sizes from 1 to "
                    + "foresight.limits.max-layer-size (" + properties.limits().maxLayerSize() + "); got " + sizes);
        }
        return sizes;
    }

    /**
     * The versions a version's provenance records: Foresight's and its libraries' (from {@code info.foresight.*}
     * properties, "unknown" when {@code property} has none), and Java's.
     */
    static Map<String, String> libraries(java.util.function.Function<String, String> property) {
        Map<String, String> libraries = new LinkedHashMap<>();
        for (String library : List.of("version", "dl4j", "tablesaw", "spring-boot")) {
            String value = property.apply("info.foresight." + library);
            libraries.put(library.equals("version") ? "foresight" : library, value == null ? "unknown" : value);
        }
        libraries.put("java", System.getProperty("java.version"));
        return libraries;
    }

    /** Validates a request synchronously so that a bad one is refused before it is queued. */
    Prepared prepare(String model, TrainingRequest request) {
        registry.checkName("model name", model);
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            throw ForesightException.badInput("'datasetId' is required: upload a CSV as a dataset first, or send the CSV"
                    + " as part 'file' of a multipart training request.").remedy(ForesightException.Remedy.UPLOAD_DATASET, null);
        }
        DatasetInfo dataset = datasets.find(request.datasetId()).orElseThrow(() -> ForesightException.badInput(
                "There is no dataset '" + request.datasetId() + "'.").remedy(ForesightException.Remedy.LIST_DATASETS, null));
        if (dataset.manySeries()) {
            if (request.warmStartFrom() != null) {
                throw ForesightException.badInput("'warmStartFrom' continues the networks of a single-series model;"
                        + " dataset '" + dataset.id() + "' holds " + dataset.series() + " series: train without it.");
            }
            // the settings every series starts from, resolved on the longest; each series resolves its own again
            return fresh(model, dataset, request, longest(resolver, request, datasets.loadPanel(dataset.id())));
        }
        TimeSeries all = datasets.load(dataset.id());
        TimeSeries series = all.throughLastValueOf(resolver.columns(request, all).get(0));
        // refused before a job is queued (a panel's series without one fails alone, in its job)
        TrainingData.checkFeatures(series, request.features(), request.futureFeatures());
        if (request.warmStartFrom() == null) {
            return fresh(model, dataset, request, series);
        }
        List<String> columns = resolver.columns(request, series);
        KnownFuture known = resolver.knownFuture(request, series);
        double[] target = TrainingData.of(series, columns.subList(0, 1)).channels()[0];
        ModelVersion parent = parent(model, request, columns);
        if (!parent.data().knownFuture().equals(known)) {
            throw ForesightException.badInput("'warmStartFrom': version " + parent.version() + " knows the future "
                    + describe(parent.data().knownFuture()) + "; this request asks for " + describe(known)
                    + ". A warm start keeps the parent's inputs.");
        }
        TrainingSettings merged = inherit(parent.settings(), request,
                resolver.resolve(request.withHorizon(parent.settings().horizon()), series, target));
        WindowPlan.split(series.size(), merged.window(), merged.horizon(), merged.validationShare());
        return new Prepared(model, dataset, columns, merged, parent, List.of(merged.layers()), request, known);
    }

    /**
     * The longest series of {@code panel} through its target's last value (the rows after it are its plan, or nothing
     * to train on), on which a job's settings are resolved; a series without a target value is left out (training
     * records its failure).
     *
     * @throws ForesightException (bad input) when no series has a target value, or the request names columns the
     *                            data lack
     */
    static TimeSeries longest(SettingsResolver resolver, TrainingRequest request, Panel panel) {
        TimeSeries longest = null;
        String target = null;
        for (Panel.Member member : panel.series()) {
            target = resolver.columns(request, member.data()).get(0);
            TimeSeries series = PanelDraft.throughLastValue(member.data(), target);
            if (series != null) {
                longest = longest == null || series.size() > longest.size() ? series : longest;
            }
        }
        if (longest == null) {
            throw ForesightException.badInput("The target '" + target + "' has no value in any of the " + panel.size()
                    + " series.");
        }
        return longest;
    }

    private static String describe(KnownFuture known) {
        return known.isEmpty() ? "(nothing)" : "(futureFeatures " + known.columns() + ", calendar " + known.calendar()
                + ", holidays " + known.holidays() + ")";
    }

    /** A request without a warm start, its settings resolved on {@code series}. */
    private Prepared fresh(String model, DatasetInfo dataset, TrainingRequest request, TimeSeries series) {
        return fresh(model, dataset, request, series, resolver, autoLayerSizes);
    }

    /** A request without a warm start, its settings resolved on {@code series}; AUTO's layer sizes from {@code autoLayerSizes}. */
    static Prepared fresh(String model, DatasetInfo dataset, TrainingRequest request, TimeSeries series,
            SettingsResolver resolver, List<Integer> autoLayerSizes) {
        List<String> columns = resolver.columns(request, series);
        KnownFuture known = resolver.knownFuture(request, series);
        double[] target = TrainingData.of(series, columns.subList(0, 1)).channels()[0];
        TrainingSettings settings = resolver.resolve(request, series, target);
        if (settings.architecture() != Architecture.AUTO || request.layers() != null) {
            return new Prepared(model, dataset, columns, settings, null, List.of(settings.layers()), request, known);
        }
        // AUTO without layers: one-layer networks of each configured size; the settings record the first
        List<List<Integer>> sizes = autoLayerSizes.stream().map(List::of).toList();
        return new Prepared(model, dataset, columns, settings.withLayers(sizes.get(0)), null, sizes, request, known);
    }

    /**
     * A warm start's settings: the parent's shape and data handling, the request's training schedule (epochs, early
     * stopping, patience; the learning rate and seed when it names them, else the parent's).
     */
    private static TrainingSettings inherit(TrainingSettings inherited, TrainingRequest request, TrainingSettings resolved) {
        return new TrainingSettings(inherited.architecture(), inherited.representation(), inherited.window(),
                inherited.horizon(), inherited.layers(), resolved.epochs(), inherited.batchSize(),
                request.learningRate() != null ? resolved.learningRate() : inherited.learningRate(), inherited.dropout(),
                request.seed() != null ? resolved.seed() : inherited.seed(), resolved.earlyStopping(), resolved.patience(),
                inherited.seasonalPeriod(), inherited.validationShare());
    }

    /** The version a warm start continues from; its networks, columns and shape must fit the request. */
    private ModelVersion parent(String model, TrainingRequest request, List<String> columns) {
        ModelVersion parent;
        try {
            parent = registry.version(model, request.warmStartFrom());
        } catch (ForesightException e) {
            throw ForesightException.badInput("'warmStartFrom': " + e.getMessage());
        }
        if (parent.members().isEmpty()) {
            throw ForesightException.badInput("'warmStartFrom': version " + parent.version() + " forecasts with "
                    + parent.method() + ", which has no network to train further; train without warmStartFrom.");
        }
        List<String> parentColumns = new ArrayList<>();
        parentColumns.add(parent.data().target());
        parentColumns.addAll(parent.data().features());
        if (!parentColumns.equals(columns)) {
            throw ForesightException.badInput("'warmStartFrom': version " + parent.version() + " was trained on columns "
                    + parentColumns + " (target first); this request uses " + columns + ".");
        }
        if (request.horizon() != null && request.horizon() != parent.settings().horizon()) {
            throw ForesightException.badInput("'warmStartFrom': version " + parent.version() + " has horizon "
                    + parent.settings().horizon() + "; a warm start keeps it.");
        }
        if (request.window() != null || request.layers() != null || request.architecture() != null
                || request.representation() != null || request.dropout() != null || request.batchSize() != null) {
            throw ForesightException.badInput("'warmStartFrom' keeps the parent's window, layers, architecture, "
                    + "representation, dropout and batchSize; send only epochs, learningRate, patience, earlyStopping or seed.");
        }
        return parent;
    }

    ModelVersion train(String jobId, Prepared prepared, Monitor monitor) {
        if (prepared.dataset().manySeries()) {
            return trainPanel(jobId, prepared, monitor);
        }
        Instant started = Instant.now();
        Phases phases = new Phases();
        TimeSeries series = datasets.load(prepared.dataset().id());
        VersionDraft draft = draft(prepared, series, monitor, loader, phases,
                () -> provenance(jobId, started, prepared.parent()));
        monitor.checkpoint();
        ModelVersion registered = registry.register(draft.manifest(), draft.files());
        phases.end("registry");
        if (log.isInfoEnabled()) {
            log.info("Training job {} ({}): {}", jobId, prepared.settings().architecture(), phases);
        }
        return registered;
    }

    /**
     * The steps of a single-series job up to what the registry stores: its windows, networks, the choice, intervals and
     * the version's files, in one place for a job and the start-up warm-up ({@link TrainingWarmUp}), which stores
     * nothing. {@code loader} reads a warm start's parent; {@code provenance} is the caller's, taken when the files are made.
     */
    static VersionDraft draft(Prepared prepared, TimeSeries series, Monitor monitor, VersionLoader loader, Phases phases,
            Supplier<ModelVersion.Provenance> provenance) {
        TrainingSettings settings = prepared.settings();
        ModelVersion parent = prepared.parent();
        TrainingData data = TrainingData.of(series, prepared.columns(), prepared.known());
        HeldBackWindows windows = HeldBackWindows.of(data.channels(), settings, prepared.known().channels());
        phases.end("data and windows");
        NetworkFitting fitting = new NetworkFitting(settings, windows, monitor);
        List<NetworkPlan> plans = parent == null ? NetworkPlan.plans(settings, windows.plan(), prepared.networkLayers())
                : NetworkPlan.continuing(parent, settings);
        // the parent is scored on its networks alone, as before the loader was shared: for a COMBINED parent that is
        // not the forecaster it serves (loader.forecaster(parent)); changing it would change promotion decisions
        Candidate parentScore = parent == null ? null
                : Candidate.parent(parent, EnsembleForecaster.of(loader.networks(parent)), windows);
        Choice choice = fitAndChoose(settings, windows, fitting, plans,
                parent == null ? i -> null : i -> loader.network(parent, parent.members().get(i)), parentScore);
        Selection selection = choice.selection();
        HeldBackWindows origins = choice.origins();
        phases.end("networks, statistical candidates and selection");
        Candidate.Rolling rolling = selection.winner().rolling();
        // a statistical winner's intervals come from its errors at every rolling origin, a network's from the held-back part
        IntervalCalibrator.Calibrated intervals = rolling != null
                ? IntervalCalibrator.calibrate(settings.representation(), origins, rolling.forecasts())
                : IntervalCalibrator.calibrate(settings.representation(), windows, selection.winner().forecasts());
        ModelVersion.HeldBack heldBack;
        try {
            heldBack = intervals.heldBack(data, windows.plan(), selection.winner().forecaster());
        } catch (ArithmeticException e) {
            throw tooLarge(e.getMessage());
        }
        phases.end("intervals");
        VersionDraft draft = VersionDraft.of(prepared, data, selection, intervals, heldBack, provenance.get());
        String nonFinite = draft.manifest().firstNonFinite();
        if (nonFinite != null) {
            throw tooLarge(nonFinite);
        }
        phases.end("version files");
        return draft;
    }

    /**
     * A single-series job's candidates, fitted ({@code plans}; {@code warm} gives the network a warm start's plan
     * continues, else null) and chosen among, in one place for the job and KnownFutureCostTest. AUTO scores every
     * statistical method on the rolling origins as well ({@code origins} of the result). A fresh AUTO job with a known
     * future chooses in two stages ({@link #chooseWithDrivers}), so that where the drivers do not clearly help its
     * version is the one trained without them. A warm start with a known future keeps its networks' inputs and has
     * the regression on them among its statistical candidates. A network asked for by name (reading the known future
     * when the request names one) is scored against the naive baselines only: it chooses nothing.
     */
    static Choice fitAndChoose(TrainingSettings settings, HeldBackWindows windows, NetworkFitting fitting,
            List<NetworkPlan> plans, IntFunction<NetworkForecaster> warm, Candidate parentScore) {
        boolean auto = settings.architecture() == Architecture.AUTO;
        if (auto && parentScore == null && windows.knownFuture() > 0) {
            return chooseWithDrivers(settings, windows, fitting, plans);
        }
        List<Candidate> networks = fitting.fit(plans, warm);
        HeldBackWindows origins = auto ? windows.rolling(HeldBackWindows.ROLLING_HORIZONS) : null;
        List<Candidate> statistical = new ArrayList<>();
        if (auto) {
            statistical.addAll(Candidate.statistical(windows, origins));
            statistical.addAll(Candidate.regressions(windows, statistical));
        } else {
            statistical.addAll(Candidate.naive(windows));
        }
        return new Choice(Selection.choose(settings.architecture(), windows, networks, parentScore, statistical, origins),
                origins);
    }

    /**
     * AUTO's choice with a known future, in two stages. First exactly the choice of a job trained without it: the
     * networks of every plan on the channels before the known-future ones (same plans, same seeds; named
     * {@link NetworkFitting#WITHOUT_DRIVERS}) and the statistical methods, chosen among by {@link Selection#choose}.
     * Then the candidates that read the known future: the regression on it, scored on the rolling origins one horizon
     * apart ({@link Candidate#spreadRegressions}: its remainder method refitted there only) and compared there, on every
     * origin only when it replaces the choice, the best
     * network plan of the first stage fitted again with it (one fit, not every plan; none when the held-back windows are
     * too few to show that it helps), and that network combined with the statistical methods as COMBINED. One of them replaces the first choice only when it validates better by more
     * than one standard error than both that choice and the same method without the known future (the regression's
     * remainder method, the same network plan; {@link Selection#withDrivers}); else the version is the one trained
     * without the known future, forecast for forecast.
     */
    static Choice chooseWithDrivers(TrainingSettings settings, HeldBackWindows windows, NetworkFitting fitting,
            List<NetworkPlan> plans) {
        HeldBackWindows past = windows.withoutKnownFuture();
        HeldBackWindows origins = past.rolling(HeldBackWindows.ROLLING_HORIZONS);
        List<Candidate> statistical = Candidate.statistical(past, origins);
        NetworkFitting.Drivers networks = fitting.withAndWithout(plans, statistical);
        Selection without = Selection.choose(Architecture.AUTO, past, networks.without(), null, statistical, origins);
        // the same rolling origins with the known-future channels, which the regression reads
        // scored on the rolling origins one horizon apart, and on every one only when it replaces the choice
        HeldBackWindows rolling = windows.rolling(HeldBackWindows.ROLLING_HORIZONS);
        List<Candidate> reading = new ArrayList<>(Candidate.spreadRegressions(windows, rolling, statistical));
        List<Candidate> counterparts = new ArrayList<>(remainders(reading, statistical));
        reading.addAll(networks.reading());
        counterparts.addAll(networks.counterparts());
        return new Choice(without.withDrivers(reading, counterparts, windows, origins, statistical,
                r -> Candidate.regressions(windows, rolling, statistical).get(0), c -> false), origins);
    }

    /** The counterpart without the known future of each regression on it: its remainder method, among {@code statistical}. */
    static List<Candidate> remainders(List<Candidate> regressions, List<Candidate> statistical) {
        return regressions.stream().map(r -> statistical.stream().filter(c -> c.method() == r.remainder()).findFirst()
                .orElseThrow()).toList();
    }

    /** {@link #fitAndChoose}'s result: the selection and the rolling origins AUTO's statistical choice was made on (or null). */
    record Choice(Selection selection, HeldBackWindows origins) {
    }

    /** Wall-clock seconds per phase of a job, for the log (docs/BENCHMARK.md, "The training job around the loop"). */
    static final class Phases {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void end(String phase) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(phase).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.2f s", (now - last) / 1e9));
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /**
     * A many-series job ({@link PanelTraining}): every series of the dataset, the ones it left out as too short
     * recorded with their reason.
     */
    private ModelVersion trainPanel(String jobId, Prepared prepared, Monitor monitor) {
        Instant started = Instant.now();
        Panel panel = datasets.loadPanel(prepared.dataset().id());
        PanelTraining.Result result = new PanelTraining(prepared, panel, resolver, monitor, seriesThreads,
                ownNetworkPoints).train();
        List<SeriesModel> series = new ArrayList<>(result.series());
        for (ShortSeries skipped : prepared.dataset().tooShort()) {
            series.add(SeriesModel.failed(skipped.id(), skipped.rows(), skipped.reason()));
        }
        VersionDraft draft = PanelDraft.of(prepared.model(), panel.idColumns(), new PanelTraining.Result(series,
                result.networks(), result.settings()), PanelDraft.data(prepared, panel), provenance(jobId, started, null));
        String nonFinite = draft.manifest().firstNonFinite();
        if (nonFinite != null) {
            throw tooLarge(nonFinite);
        }
        monitor.checkpoint();
        return registry.register(draft.manifest(), draft.files());
    }

    private ModelVersion.Provenance provenance(String jobId, Instant started, ModelVersion parent) {
        Instant finished = Instant.now();
        return new ModelVersion.Provenance(jobId, started, finished, (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                libraries, parent == null ? null : parent.version());
    }

    /**
     * A version is stored only when every number of its manifest is finite, so that it never answers a forecast or
     * a backtest with Infinity or NaN (docs/BAD_INPUT.md).
     */
    static TrainingFailedException tooLarge(String what) {
        return new TrainingFailedException("Training produced numbers too large to represent (" + what + "): the series'"
                + " values are too large or change too abruptly for these methods. Nothing was registered; rescale the"
                + " column (e.g. to thousands) and train again.");
    }
}
