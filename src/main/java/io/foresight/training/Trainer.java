package io.foresight.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.model.Accuracy;
import io.foresight.model.Architecture;
import io.foresight.model.Baselines;
import io.foresight.model.EnsembleForecaster;
import io.foresight.model.Forecaster;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;
import io.foresight.model.Networks;
import io.foresight.model.ThetaForecaster;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Interpolation;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;
import io.foresight.window.Windows;

/**
 * Turns a training request into a registered model version: windows over the dataset, the candidate
 * networks fitted with early stopping, everything (baselines included) scored on the same held-back windows,
 * intervals calibrated from the chosen method's held-back residuals.
 */
@Component
class Trainer {

    /** What the trainer reports while it works and asks whether to go on. */
    interface Monitor {
        void progress(Progress progress);

        /** Throws to stop the training (cancellation, time limit). */
        void checkpoint();
    }

    /** A request checked against its data, ready to train. */
    record Prepared(String model, DatasetInfo dataset, List<String> columns, TrainingSettings settings, ModelVersion parent,
            List<List<Integer>> networkLayers) {
    }

    private final DatasetService datasets;
    private final ModelRegistry registry;
    private final SettingsResolver resolver;
    private final Map<String, String> libraries;
    private final List<Integer> autoLayerSizes;

    Trainer(DatasetService datasets, ModelRegistry registry, ForesightProperties properties, Environment environment) {
        this.datasets = datasets;
        this.registry = registry;
        this.resolver = new SettingsResolver(properties.limits());
        this.autoLayerSizes = properties.training().autoLayerSizes();
        if (autoLayerSizes.isEmpty() || autoLayerSizes.stream().anyMatch(s -> s < 1 || s > properties.limits().maxLayerSize())) {
            throw new IllegalStateException("foresight.training.auto-layer-sizes must list 1 or more sizes from 1 to "
                    + "foresight.limits.max-layer-size (" + properties.limits().maxLayerSize() + "); got " + autoLayerSizes);
        }
        this.libraries = new LinkedHashMap<>();
        for (String library : List.of("version", "dl4j", "tablesaw", "spring-boot")) {
            libraries.put(library.equals("version") ? "foresight" : library,
                    environment.getProperty("info.foresight." + library, "unknown"));
        }
        libraries.put("java", System.getProperty("java.version"));
    }

    /** Validates a request synchronously so that a bad one is refused before it is queued. */
    Prepared prepare(String model, TrainingRequest request) {
        registry.checkName("model name", model);
        if (request.datasetId() == null || request.datasetId().isBlank()) {
            throw ForesightException.badInput("'datasetId' is required: upload a CSV to POST /api/v1/datasets first, "
                    + "or send the CSV as part 'file' of a multipart training request.");
        }
        DatasetInfo dataset = datasets.find(request.datasetId()).orElseThrow(() -> ForesightException.badInput(
                "There is no dataset '" + request.datasetId() + "'; GET /api/v1/datasets lists them."));
        TimeSeries series = datasets.load(dataset.id());
        List<String> columns = resolver.columns(request, series);
        double[] target = series.column(columns.get(0)).values().clone();
        Interpolation.fill(target);
        if (request.warmStartFrom() == null) {
            TrainingSettings settings = resolver.resolve(request, series, target);
            if (settings.architecture() != Architecture.AUTO || request.layers() != null) {
                return new Prepared(model, dataset, columns, settings, null, List.of(settings.layers()));
            }
            // AUTO without layers: one-layer networks of each configured size; the settings record the first
            List<List<Integer>> sizes = autoLayerSizes.stream().map(List::of).toList();
            return new Prepared(model, dataset, columns, settings.withLayers(sizes.get(0)), null, sizes);
        }
        ModelVersion parent = parent(model, request, columns);
        TrainingSettings settings = resolver.resolve(request.withHorizon(parent.settings().horizon()), series, target);
        TrainingSettings inherited = parent.settings();
        TrainingSettings merged = new TrainingSettings(inherited.architecture(), inherited.representation(),
                inherited.window(), inherited.horizon(), inherited.layers(), settings.epochs(), inherited.batchSize(),
                request.learningRate() != null ? settings.learningRate() : inherited.learningRate(), inherited.dropout(),
                request.seed() != null ? settings.seed() : inherited.seed(), settings.earlyStopping(), settings.patience(),
                inherited.seasonalPeriod(), inherited.validationShare());
        WindowPlan.split(series.size(), merged.window(), merged.horizon(), merged.validationShare());
        return new Prepared(model, dataset, columns, merged, parent, List.of(merged.layers()));
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

    /** A network candidate: architecture, encoding, seed, layer sizes ({@code named}: whether its name shows them). */
    record Plan(Method method, Representation representation, List<Long> seeds, List<Integer> layers, boolean named) {

        Plan {
            seeds = List.copyOf(seeds);
        }

        String name() {
            return method + "/" + representation + (named ? "/" + layers : "")
                    + (seeds.size() == 1 ? "/seed " + seeds.get(0) : "/seeds " + seeds);
        }
    }

    /** A fitted and scored candidate: one network per seed, forecasting with their mean. */
    private record Scored(Plan plan, List<NetworkForecaster> networks, Forecaster forecaster, Scaler scaler, int epochs,
            double[][] forecasts, Accuracy accuracy) {
    }

    ModelVersion train(String jobId, Prepared prepared, Monitor monitor) {
        Instant started = Instant.now();
        TrainingSettings settings = prepared.settings();
        TimeSeries series = datasets.load(prepared.dataset().id());
        List<String> columns = prepared.columns();
        double[][] channels = new double[columns.size()][];
        int filled = 0;
        for (int c = 0; c < channels.length; c++) {
            channels[c] = series.column(columns.get(c)).values().clone();
            filled += Interpolation.fill(channels[c]);
        }
        int size = channels[0].length;
        int horizon = settings.horizon();
        int period = settings.seasonalPeriod();
        WindowPlan plan = WindowPlan.forSeries(size, settings.window(), horizon, settings.validationShare(), period);
        Scaler intervalScaler = Scaler.fit(settings.representation().log() ? Representation.LOG_RELATIVE : Representation.RELATIVE,
                channels, plan.trainEnd());
        int[] ends = new int[plan.validationWindows()];
        double[][] actual = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = plan.firstValidationEnd() + i;
            actual[i] = Arrays.copyOfRange(channels[0], ends[i], ends[i] + horizon);
        }
        double maseScale = Accuracy.maseScale(channels[0], plan.trainEnd(), period);

        ModelVersion parent = prepared.parent();
        List<Plan> plans = parent == null ? plans(settings, plan, prepared.networkLayers()) : parent.members().stream()
                .map(m -> new Plan(m.method(), m.scaler().representation(), List.of(m.seed()), settings.layers(), false)).toList();
        List<Scored> networks = new ArrayList<>();
        int count = plans.stream().mapToInt(p -> p.seeds().size()).sum();
        int fitted = 0;
        for (int i = 0; i < plans.size(); i++) {
            ModelVersion.Member from = parent == null ? null : parent.members().get(i);
            networks.add(fit(plans.get(i), fitted, count, settings, channels, plan, ends, actual, maseScale, monitor,
                    from == null ? null : new Warm(parentNetwork(parent, from), from.scaler())));
            fitted += plans.get(i).seeds().size();
        }
        List<ModelVersion.Candidate> candidates = new ArrayList<>();
        for (Scored n : networks) {
            candidates.add(new ModelVersion.Candidate(n.plan().name(), n.plan().method(), n.plan().representation().name(),
                    n.plan().seeds(), n.epochs(), n.accuracy().mase(), false));
        }
        List<Scored> ranked = networks.stream().sorted(Comparator.comparingDouble(n -> n.accuracy().mase())).toList();
        // every forecaster's held-back forecasts are computed once: the statistical ones refit at every end
        Map<Method, double[][]> statistical = new LinkedHashMap<>();
        // whether Theta, DAMPED and AUTOREGRESSIVE adjust for the season is decided as for the final forecast, on
        // the whole series: at held-back origins a short series' history may be too short for the seasonal test, and
        // the methods would be scored without the season they will forecast with
        boolean seasonalAdjustment = ThetaForecaster.seasonal(
                Arrays.copyOfRange(channels[0], Math.max(0, size - ThetaForecaster.MAX_HISTORY), size), period);
        for (Method method : Baselines.statistical(period)) {
            statistical.put(method, Baselines.of(method, period, horizon, seasonalAdjustment).forecast(channels, ends));
        }
        // the networks' best (null when the series is too short for network windows)
        List<Scored> members = ranked.isEmpty() ? List.of() : List.of(ranked.get(0));
        Forecaster chosen = ranked.isEmpty() ? null : ranked.get(0).forecaster();
        Method chosenMethod = ranked.isEmpty() ? null : ranked.get(0).plan().method();
        Accuracy chosenAccuracy = ranked.isEmpty() ? null : ranked.get(0).accuracy();
        String chosenName = ranked.isEmpty() ? null : ranked.get(0).plan().name();
        double[][] chosenForecasts = ranked.isEmpty() ? null : ranked.get(0).forecasts();
        if (ranked.size() > 1) {
            List<Scored> top = ranked.subList(0, Math.min(ENSEMBLE_SIZE, ranked.size()));
            EnsembleForecaster ensemble = new EnsembleForecaster(top.stream().map(Scored::forecaster).toList());
            // the members' held-back forecasts are already computed: the ensemble's are their mean
            double[][] ensembleForecasts = EnsembleForecaster.mean(top.stream().map(Scored::forecasts).toList(), horizon);
            Accuracy accuracy = Accuracy.of(actual, ensembleForecasts, maseScale);
            String name = "ENSEMBLE of " + top.stream().map(n -> n.plan().name()).toList();
            candidates.add(new ModelVersion.Candidate(name, Method.ENSEMBLE, "mixed",
                    top.stream().flatMap(n -> n.plan().seeds().stream()).toList(), 0, accuracy.mase(), false));
            if (accuracy.mase() <= chosenAccuracy.mase()) {
                members = top;
                chosen = ensemble;
                chosenForecasts = ensembleForecasts;
                chosenMethod = Method.ENSEMBLE;
                chosenAccuracy = accuracy;
                chosenName = name;
            }
        }
        if (settings.architecture() == Architecture.AUTO && chosen != null) {
            // the mean of the networks and the statistical methods: combining learned and statistical forecasts
            // is the field's most reliable gain; it replaces the networks alone when it validates better.
            // (Choosing it whenever the held-back part is short was measured and is worse: docs/BACKTEST.md.)
            List<double[][]> parts = new ArrayList<>();
            parts.add(chosenForecasts);
            Baselines.COMBINED_WITH.forEach(method -> parts.add(statistical.get(method)));
            double[][] combinedForecasts = EnsembleForecaster.mean(parts, horizon);
            Accuracy accuracy = Accuracy.of(actual, combinedForecasts, maseScale);
            String name = "COMBINED: mean of " + chosenName + " and " + Baselines.COMBINED_WITH;
            candidates.add(new ModelVersion.Candidate(name, Method.COMBINED, "mixed",
                    members.stream().flatMap(n -> n.plan().seeds().stream()).toList(), 0, accuracy.mase(), false));
            if (accuracy.mase() < chosenAccuracy.mase()) {
                chosen = Baselines.combined(chosen, period, horizon);
                chosenForecasts = combinedForecasts;
                chosenMethod = Method.COMBINED;
                chosenAccuracy = accuracy;
                chosenName = name;
            }
        }
        if (parent != null) {
            List<NetworkForecaster> parentMembers = new ArrayList<>();
            for (ModelVersion.Member member : parent.members()) {
                parentMembers.add(new NetworkForecaster(parentNetwork(parent, member), member.scaler(), settings.window(), horizon));
            }
            Forecaster parentForecaster = parentMembers.size() == 1 ? parentMembers.get(0) : new EnsembleForecaster(parentMembers);
            Accuracy parentAccuracy = Accuracy.of(actual, parentForecaster.forecast(channels, ends), maseScale);
            candidates.add(new ModelVersion.Candidate(ModelVersion.PARENT_CANDIDATE_PREFIX + parent.version(), parent.method(), "parent", List.of(),
                    0, parentAccuracy.mase(), false));
        }
        Map<Method, Accuracy> baselines = new LinkedHashMap<>();
        statistical.forEach((method, forecasts) -> baselines.put(method, Accuracy.of(actual, forecasts, maseScale)));
        Accuracy naive = baselines.get(Method.NAIVE);
        Accuracy seasonal = baselines.get(Method.SEASONAL_NAIVE);
        baselines.forEach((method, accuracy) -> candidates.add(
                new ModelVersion.Candidate(method.name(), method, "-", List.of(), 0, accuracy.mase(), false)));
        Map.Entry<Method, Accuracy> bestBaseline = baselines.entrySet().stream()
                .min(Comparator.comparingDouble(e -> e.getValue().mase())).orElseThrow();
        String selection;
        boolean networkClearlyBetter = chosen != null
                && clearlyBetter(actual, chosenForecasts, statistical.get(bestBaseline.getKey()), horizon);
        if (settings.architecture() == Architecture.AUTO && !networkClearlyBetter) {
            Method baseline = bestBaseline.getKey();
            selection = chosen == null
                    ? String.format(Locale.ROOT, "%s chosen: lowest validation MASE (%.4f) of the statistical methods; the "
                            + "series (%d points) is too short for a network at horizon %d, which needs %d", baseline,
                            bestBaseline.getValue().mase(), size, horizon, WindowPlan.minimumSize(2, horizon))
                    : String.format(Locale.ROOT, "%s chosen: validation MASE %.4f against the best network's (%s) %.4f; "
                    + "a network is chosen only when it beats the best statistical method by more than one standard error "
                    + "of the per-window difference", baseline, bestBaseline.getValue().mase(), chosenName, chosenAccuracy.mase());
            chosenMethod = baseline;
            chosenName = baseline.name();
            chosen = Baselines.of(baseline, period, horizon);
            chosenForecasts = statistical.get(baseline);
            chosenAccuracy = bestBaseline.getValue();
            members = List.of();
        } else {
            selection = settings.architecture() == Architecture.AUTO
                    ? String.format(Locale.ROOT, "%s chosen: lowest validation MASE (%.4f) of %d candidates", chosenName,
                            chosenAccuracy.mase(), candidates.size())
                    : String.format(Locale.ROOT, "%s requested explicitly; validation MASE %.4f", chosenName, chosenAccuracy.mase());
        }
        String winner = chosenName;
        candidates.replaceAll(c -> c.name().equals(winner)
                ? new ModelVersion.Candidate(c.name(), c.method(), c.representation(), c.seeds(), c.epochs(), c.validationMase(), true)
                : c);

        if (intervalScaler.representation().log()
                && !Arrays.stream(chosenForecasts).allMatch(row -> Scaler.positive(row, row.length))) {
            // log-scale errors need positive forecasts: a statistical method may forecast a positive series at or
            // below zero, whose log error would be unbounded
            intervalScaler = Scaler.fit(Representation.RELATIVE, channels, plan.trainEnd());
        }
        ModelVersion.Intervals intervals = Intervals.calibrate(intervalScaler, actual, chosenForecasts);
        ModelVersion.HeldBack heldBack;
        try {
            heldBack = heldBack(series, channels, plan, chosen, intervalScaler, intervals,
                    settings.representation().log() ? 0 : Double.NEGATIVE_INFINITY);
        } catch (ArithmeticException e) {
            throw tooLarge(e.getMessage());
        }
        ModelVersion.Backtest backtest = new ModelVersion.Backtest(ends.length, plan.trainWindows(), period, maseScale,
                chosenAccuracy, naive, seasonal, chosenAccuracy.mase() < naive.mase(), chosenAccuracy.mase() < seasonal.mase());

        int history = chosenMethod == Method.COMBINED || chosenMethod.refitsHistory() ? ThetaForecaster.MAX_HISTORY : chosen.window();
        int tailLength = Math.min(size, Math.max(history, period));
        List<String> tailTimes = new ArrayList<>(tailLength);
        double[][] tailValues = new double[channels.length][];
        for (int t = size - tailLength; t < size; t++) {
            tailTimes.add(format(series, t));
        }
        for (int c = 0; c < channels.length; c++) {
            tailValues[c] = Arrays.copyOfRange(channels[c], size - tailLength, size);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<ModelVersion.Member> stored = new ArrayList<>();
        for (Scored member : members) {
            for (int j = 0; j < member.networks().size(); j++) {
                String config = "network-" + stored.size() + ".json";
                String params = "params-" + stored.size() + ".bin";
                files.put(config, Networks.configBytes(member.networks().get(j).network()));
                files.put(params, Networks.paramBytes(member.networks().get(j).network()));
                stored.add(new ModelVersion.Member(member.plan().method(), member.scaler(), member.plan().seeds().get(j),
                        config, params));
            }
        }
        DatasetInfo dataset = prepared.dataset();
        ModelVersion.Data data = new ModelVersion.Data(dataset.id(), dataset.name(), dataset.sha256(), columns.get(0),
                columns.subList(1, columns.size()), series.frequency().code(), series.dateOnly(), size, filled,
                format(series, 0), format(series, size - 1));
        Instant finished = Instant.now();
        ModelVersion.Provenance provenance = new ModelVersion.Provenance(jobId, started, finished,
                (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, libraries,
                parent == null ? null : parent.version());
        ModelVersion draft = new ModelVersion(ModelVersion.SCHEMA_VERSION, prepared.model(), 0, finished, chosenMethod,
                settings, intervalScaler, stored, data, backtest, candidates, selection, intervals, heldBack,
                new ModelVersion.Tail(tailTimes, tailValues), provenance, null, Map.of());
        String nonFinite = draft.firstNonFinite();
        if (nonFinite != null) {
            throw tooLarge(nonFinite);
        }
        monitor.checkpoint();
        return registry.register(draft, files);
    }

    /**
     * A version is stored only when every number of its manifest is finite, so that it never answers a forecast or
     * a backtest with Infinity or NaN (docs/BAD_INPUT.md).
     */
    private static TrainingFailedException tooLarge(String what) {
        return new TrainingFailedException("Training produced numbers too large to represent (" + what + "): the series'"
                + " values are too large or change too abruptly for these methods. Nothing was registered; rescale the"
                + " column (e.g. to thousands) and train again.");
    }

    /** Independent held-back windows (windows / horizon) needed before the one-standard-error rule applies. */
    static final int MIN_INDEPENDENT_WINDOWS = 2;

    /**
     * Networks (seeds) behind each AUTO candidate, which forecasts with their mean: averaging networks that differ
     * only in their random start is what makes R's nnetar work. One candidate of three seeds instead of three
     * candidates adds no choice, so no winner's curse (docs/BACKTEST.md has the measurements).
     */
    static final int SEEDS_PER_NETWORK = 3;

    /** Networks in an ensemble when several candidates were trained. */
    static final int ENSEMBLE_SIZE = 3;

    /**
     * What to fit. An explicit architecture gets one network with the requested representation and layers.
     * {@code AUTO} gets nothing on a series too short for network windows (statistical methods only), otherwise
     * for each of {@code layers} LSTM and SimpleRNN, each on the window-relative encoding and, for seasonal series
     * with enough data, on seasonal differences, each the mean of {@link #SEEDS_PER_NETWORK} networks with their
     * own seeds; the best three candidates are also tried as an ensemble.
     */
    static List<Plan> plans(TrainingSettings settings, WindowPlan plan, List<List<Integer>> layers) {
        if (settings.architecture() != Architecture.AUTO) {
            return List.of(new Plan(Method.of(settings.architecture()), settings.representation(), List.of(settings.seed()),
                    settings.layers(), false));
        }
        if (!plan.networks()) {
            return List.of();
        }
        List<Representation> representations = new ArrayList<>();
        representations.add(settings.representation());
        int period = settings.seasonalPeriod();
        if (period > 1 && !settings.representation().seasonal() && plan.trainEnd() > 2 * period
                && plan.trainWindows(settings.window() + period) >= WindowPlan.MIN_TRAIN_WINDOWS) {
            representations.add(settings.representation().log() ? Representation.LOG_SEASONAL : Representation.SEASONAL);
        }
        List<Plan> plans = new ArrayList<>();
        long seed = settings.seed();
        for (List<Integer> size : layers) {
            for (Representation representation : representations) {
                for (Method method : List.of(Method.LSTM, Method.SIMPLE_RNN)) {
                    List<Long> seeds = new ArrayList<>();
                    for (int j = 0; j < SEEDS_PER_NETWORK; j++) {
                        seeds.add(seed++);
                    }
                    plans.add(new Plan(method, representation, seeds, size, layers.size() > 1));
                }
            }
        }
        return plans;
    }

    /** A network to train further and the scaler it was trained with. */
    private record Warm(MultiLayerNetwork network, Scaler scaler) {
    }

    private MultiLayerNetwork parentNetwork(ModelVersion parent, ModelVersion.Member member) {
        return Networks.restore(registry.read(parent, member.configFile()), registry.read(parent, member.paramsFile()));
    }

    /**
     * Fits one candidate: a new network per seed, or when {@code warm} is given that network further, keeping the
     * scaler it was trained with so that its inputs mean what they meant. {@code first} networks of {@code count}
     * were fitted before (for the progress reports).
     */
    private Scored fit(Plan candidate, int first, int count, TrainingSettings settings, double[][] channels, WindowPlan plan,
            int[] ends, double[][] actual, double maseScale, Monitor monitor, Warm warm) {
        Scaler scaler = warm != null ? warm.scaler()
                : Scaler.fit(candidate.representation(), settings.seasonalPeriod(), channels, plan.trainEnd());
        Windows windows = plan.trainingWindows(channels, scaler);
        // early stopping watches the latest training windows, not the held-back part: the held-back windows then
        // score every candidate (networks and statistical methods alike) without having steered any of them
        int stopping = Math.max(1, (int) Math.round(windows.count() * EARLY_STOPPING_SHARE));
        Windows train;
        Windows validation;
        if (windows.count() - stopping >= WindowPlan.MIN_TRAIN_WINDOWS) {
            train = slice(windows, 0, windows.count() - stopping);
            validation = slice(windows, windows.count() - stopping, windows.count());
        } else {
            train = windows;
            validation = plan.validationWindows(channels, scaler);
        }
        List<NetworkForecaster> fittedNetworks = new ArrayList<>();
        int epochs = 0;
        for (int j = 0; j < candidate.seeds().size(); j++) {
            long seed = candidate.seeds().get(j);
            String name = candidate.method() + "/" + candidate.representation() + "/seed " + seed;
            int number = first + j + 1;
            NetworkTrainer.Fit fit = NetworkTrainer.fit(candidate.method(), settings.withLayers(candidate.layers()), seed,
                    train, validation, new NetworkTrainer.EpochListener() {
                        @Override
                        public void epochEnded(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                            monitor.progress(new Progress(epoch, maxEpochs, trainLoss, validationLoss, train.count(),
                                    validation.count(), name, number, count));
                            monitor.checkpoint();
                        }

                        @Override
                        public void batchEnded() {
                            monitor.checkpoint();
                        }
                    }, warm == null ? null : warm.network());
            fittedNetworks.add(new NetworkForecaster(fit.network(), scaler, settings.window(), settings.horizon()));
            epochs = Math.max(epochs, fit.bestEpoch());
        }
        Forecaster forecaster = fittedNetworks.size() == 1 ? fittedNetworks.get(0) : new EnsembleForecaster(fittedNetworks);
        double[][] forecasts = forecaster.forecast(channels, ends);
        return new Scored(candidate, fittedNetworks, forecaster, scaler, epochs, forecasts, Accuracy.of(actual, forecasts, maseScale));
    }

    /** Share of the training windows (the latest) that early stopping watches. */
    static final double EARLY_STOPPING_SHARE = 0.15;

    private static Windows slice(Windows windows, int from, int to) {
        return new Windows(Arrays.copyOfRange(windows.inputs(), from, to), Arrays.copyOfRange(windows.targets(), from, to),
                Arrays.copyOfRange(windows.ends(), from, to));
    }

    /**
     * The one-standard-error rule for choosing a network over a simpler method: the network's mean absolute
     * error per held-back window must be lower by more than the standard error of the per-window difference.
     * Windows one step apart overlap, so about {@code windows / horizon} of them count as independent.
     */
    static boolean clearlyBetter(double[][] actual, double[][] model, double[][] baseline, int horizon) {
        int n = actual.length;
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double m = 0;
            double b = 0;
            for (int k = 0; k < actual[i].length; k++) {
                m += Math.abs(actual[i][k] - model[i][k]);
                b += Math.abs(actual[i][k] - baseline[i][k]);
            }
            d[i] = (b - m) / actual[i].length;
            mean += d[i];
        }
        mean /= n;
        double var = 0;
        for (double x : d) {
            var += (x - mean) * (x - mean);
        }
        double effective = (double) n / horizon;
        if (effective < MIN_INDEPENDENT_WINDOWS) {
            return mean > 0;
        }
        double standardError = Math.sqrt(var / (n - 1)) / Math.sqrt(effective);
        return mean > standardError;
    }

    /** Consecutive one-horizon forecasts across the held-back part, with 80 % and 95 % intervals. */
    static ModelVersion.HeldBack heldBack(TimeSeries series, double[][] channels, WindowPlan plan, Forecaster forecaster,
            Scaler scaler, ModelVersion.Intervals intervals, double floor) {
        int from = plan.trainEnd();
        int length = plan.size() - from;
        int horizon = plan.horizon();
        List<String> timestamps = new ArrayList<>(length);
        double[] actual = Arrays.copyOfRange(channels[0], from, plan.size());
        double[] predicted = new double[length];
        Map<String, double[]> lower = new LinkedHashMap<>();
        Map<String, double[]> upper = new LinkedHashMap<>();
        List<String> keys = List.of("80", "95");
        double[] levels = {80, 95};
        for (String level : keys) {
            lower.put(level, new double[length]);
            upper.put(level, new double[length]);
        }
        double[] lowerBounds = new double[levels.length];
        double[] upperBounds = new double[levels.length];
        for (int origin = from; origin < plan.size(); origin += horizon) {
            double[] forecast = forecaster.forecast(channels, origin);
            for (int k = 0; k < horizon && origin + k < plan.size(); k++) {
                int i = origin + k - from;
                predicted[i] = forecast[k];
                intervals.bounds(scaler, floor, k, forecast[k], levels, lowerBounds, upperBounds);
                for (int j = 0; j < levels.length; j++) {
                    lower.get(keys.get(j))[i] = lowerBounds[j];
                    upper.get(keys.get(j))[i] = upperBounds[j];
                }
            }
        }
        for (int t = from; t < plan.size(); t++) {
            timestamps.add(format(series, t));
        }
        return new ModelVersion.HeldBack(timestamps, actual, predicted, lower, upper);
    }

    private static String format(TimeSeries series, int index) {
        return TimestampFormat.format(series.timestamps().get(index), series.dateOnly());
    }
}
