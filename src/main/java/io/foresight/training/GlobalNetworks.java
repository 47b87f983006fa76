package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;
import io.foresight.window.Windows;

/**
 * Step 2 of a many-series job ({@link PanelTraining}): the global networks, each fitted once on the training windows of
 * every series, each window encoded by its own series' scaler, early-stopped on the latest windows of every series
 * (never on a series' held-back part), on the plain-Java step (docs/BENCHMARK.md: faster than DL4J's native paths at
 * every batch size measured).
 */
final class GlobalNetworks {

    /** Most early-stopping windows a global network watches (a sample of the latest windows of every series). */
    static final int STOPPING_WINDOWS = 1024;

    /** Passes over the training windows a global network makes at most (an epoch visits 1,024 windows). */
    static final int PASSES = 3;

    /** Most epochs of a global network when the request names none. */
    static final int MAX_EPOCHS = 400;

    /** One global network candidate: its plan, its fitted networks (one per seed, without a scaler) and best epoch. */
    record Global(NetworkPlan plan, List<NetworkForecaster> networks, int epochs) {
    }

    private final Trainer.Prepared job;
    private final Trainer.Monitor monitor;
    private final Consumer<Progress> report;

    GlobalNetworks(Trainer.Prepared job, Trainer.Monitor monitor, Consumer<Progress> report) {
        this.job = job;
        this.monitor = monitor;
        this.report = report;
    }

    /**
     * The global networks' settings: the job's, with the input window most series use and one encoding for all
     * (on the log scale only when every series is positive); null when no series has network windows.
     */
    TrainingSettings settings(List<PanelTraining.SeriesWork> prepared) {
        Map<Integer, Integer> windows = new HashMap<>();
        boolean positive = true;
        int eligible = 0;
        for (PanelTraining.SeriesWork p : prepared) {
            if (p.failure() == null && p.windows().plan().networks()) {
                windows.merge(p.settings().window(), 1, Integer::sum);
                positive &= Scaler.positive(p.data().channels()[0], p.windows().plan().trainEnd());
                eligible++;
            }
        }
        if (eligible == 0) {
            return null;
        }
        int window = windows.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
        TrainingSettings s = job.settings();
        Representation representation = positive ? Representation.LOG_RELATIVE : Representation.RELATIVE;
        return new TrainingSettings(s.architecture(), representation, window, s.horizon(), s.layers(), s.epochs(),
                s.batchSize(), s.learningRate(), s.dropout(), s.seed(), s.earlyStopping(), s.patience(), 1,
                s.validationShare());
    }

    /**
     * Step 2: every series' training windows in the global window, then each global network fitted on all of them;
     * {@code scales} receives each series' scaler. {@code knownFuture}: whether the networks read the known-future
     * channels (else they are fitted on the channels before them, as AUTO's first stage with a known future fits
     * them); {@code only}: the one plan to fit, or null for every plan; {@code before}: the job's networks fitted before
     * these (its progress counts on from them).
     */
    List<Global> fit(ExecutorService pool, List<PanelTraining.SeriesWork> prepared, TrainingSettings global,
            Map<String, Scaler> scales, boolean knownFuture, NetworkPlan only, int before) {
        int known = knownFuture ? job.known().channels() : 0;
        List<float[][]> inputs = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        List<float[][]> stoppingInputs = new ArrayList<>();
        List<float[]> stoppingTargets = new ArrayList<>();
        for (PanelTraining.SeriesWork p : prepared) {
            if (p.failure() != null || !p.windows().plan().networks()) {
                continue;
            }
            double[][] channels = known == job.known().channels() ? p.data().channels()
                    : Arrays.copyOf(p.data().channels(), p.data().channels().length - job.known().channels());
            int trainEnd = p.windows().plan().trainEnd();
            WindowPlan plan = new WindowPlan(channels[0].length, global.window(), global.horizon(), trainEnd);
            if (plan.trainWindows() < 1) {
                continue;
            }
            // known-future channels read a horizon ahead, as a single series' networks read them
            Scaler scale = Scaler.fit(global.representation(), 1, channels, trainEnd, known, global.horizon());
            scales.put(p.member().id(), scale);
            Windows windows = plan.trainingWindows(channels, scale);
            int stopping = (int) Math.round(windows.count() * NetworkFitting.EARLY_STOPPING_SHARE);
            for (int i = 0; i < windows.count(); i++) {
                boolean late = i >= windows.count() - stopping;
                (late ? stoppingInputs : inputs).add(windows.inputs()[i]);
                (late ? stoppingTargets : targets).add(windows.targets()[i]);
            }
        }
        if (inputs.isEmpty()) {
            return List.of();
        }
        Windows train = new Windows(inputs.toArray(float[][][]::new), targets.toArray(float[][]::new), new int[inputs.size()]);
        Windows stopping = sample(stoppingInputs, stoppingTargets, train);
        // an explicit epochs is taken as asked; else at least the job's own default and enough epochs (of at most 1,024
        // windows each) to pass over every series' windows PASSES times
        int perEpoch = Math.min(train.count(), NetworkTrainer.MAX_WINDOWS_PER_EPOCH);
        int epochs = job.request().epochs() != null ? global.epochs()
                : (int) Math.min(MAX_EPOCHS, Math.max(global.epochs(), (long) PASSES * train.count() / perEpoch));
        TrainingSettings settings = new TrainingSettings(global.architecture(), global.representation(), global.window(),
                global.horizon(), global.layers(), epochs, global.batchSize(), global.learningRate(), global.dropout(),
                global.seed(), global.earlyStopping(), Math.max(global.patience(), 2 * global.patience()), 1,
                global.validationShare());
        List<NetworkPlan> plans = plans(settings).stream().filter(p -> only == null || p.equals(only)).toList();
        List<Callable<NetworkTrainer.Fit>> fits = new ArrayList<>();
        int count = before + plans.stream().mapToInt(p -> p.seeds().size()).sum();
        for (NetworkPlan plan : plans) {
            for (long seed : plan.seeds()) {
                int number = before + fits.size() + 1;
                String name = PanelTraining.GLOBAL + plan.method() + "/" + settings.representation() + "/seed " + seed
                        + (known == 0 && job.known().channels() > 0 ? NetworkFitting.WITHOUT_DRIVERS : "");
                fits.add(() -> NetworkTrainer.fit(plan.method(), settings.withLayers(plan.layers()), seed, train, stopping,
                        NetworkFitting.reporting(report, monitor, train, stopping, name, number, count)));
            }
        }
        List<NetworkTrainer.Fit> fitted = PanelTraining.parallel(pool, fits, Callable::call);
        List<Global> globals = new ArrayList<>();
        int next = 0;
        for (NetworkPlan plan : plans) {
            List<NetworkForecaster> networks = new ArrayList<>();
            int best = 0;
            for (NetworkTrainer.Fit fit : fitted.subList(next, next + plan.seeds().size())) {
                networks.add(new NetworkForecaster(fit.network(), null, settings.window(), settings.horizon()));
                best = Math.max(best, fit.bestEpoch());
            }
            globals.add(new Global(plan, networks, best));
            next += plan.seeds().size();
        }
        return globals;
    }

    /**
     * The global networks to fit: for {@code AUTO} LSTM and SimpleRNN of each requested layer size, each the mean of
     * {@link NetworkPlan#SEEDS_PER_NETWORK} networks; an explicit architecture gets one network.
     */
    private List<NetworkPlan> plans(TrainingSettings settings) {
        if (settings.architecture() != Architecture.AUTO) {
            return List.of(new NetworkPlan(Method.of(settings.architecture()), settings.representation(),
                    List.of(settings.seed()), settings.layers(), false));
        }
        List<NetworkPlan> plans = new ArrayList<>();
        long seed = settings.seed();
        for (List<Integer> layers : job.networkLayers()) {
            for (Method method : List.of(Method.LSTM, Method.SIMPLE_RNN)) {
                List<Long> seeds = new ArrayList<>();
                for (int j = 0; j < NetworkPlan.SEEDS_PER_NETWORK; j++) {
                    seeds.add(seed++);
                }
                plans.add(new NetworkPlan(method, settings.representation(), seeds, layers, job.networkLayers().size() > 1));
            }
        }
        return plans;
    }

    /** At most {@link #STOPPING_WINDOWS} early-stopping windows, evenly spaced; the training windows when there are none. */
    private static Windows sample(List<float[][]> inputs, List<float[]> targets, Windows train) {
        if (inputs.isEmpty()) {
            return train;
        }
        int n = Math.min(STOPPING_WINDOWS, inputs.size());
        float[][][] x = new float[n][][];
        float[][] y = new float[n][];
        for (int i = 0; i < n; i++) {
            int j = (int) ((long) i * inputs.size() / n);
            x[i] = inputs.get(j);
            y[i] = targets.get(j);
        }
        return new Windows(x, y, new int[n]);
    }
}
