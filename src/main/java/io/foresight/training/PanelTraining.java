package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.ForesightException;
import io.foresight.dataset.Panel;
import io.foresight.model.Architecture;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.VersionLoader;
import io.foresight.window.Scaler;

/**
 * Trains every series of a many-series dataset into one version, in three steps that each run over the series in
 * parallel ({@code foresight.training.series-workers}):
 * <ol>
 * <li>each series is prepared as a single series would be (its own settings, season and held-back windows) and its
 * statistical candidates are scored;</li>
 * <li><b>global networks</b> are fitted on the training windows of all series at once, each window encoded by its
 * own series' scaler (as a network of one series is), early-stopped on the latest windows of every series;</li>
 * <li>each series scores the global networks on its own held-back windows, which no network was fitted or
 * early-stopped on, and chooses among them and its statistical methods by the same rule as one series
 * ({@link Selection}); its intervals are calibrated from its own held-back residuals.</li>
 * </ol>
 * A series that cannot be trained (too short, a failure of its own) is recorded with the reason and does not fail the
 * job. Cancelling the job stops every step.
 */
final class PanelTraining {

    private static final Logger log = LoggerFactory.getLogger(PanelTraining.class);

    /** Prefix of the global network candidates' names. */
    static final String GLOBAL = "GLOBAL ";

    /** A series after step 1, or why it has no model. */
    record SeriesWork(Panel.Member member, TrainingData data, TrainingSettings settings, HeldBackWindows windows,
            List<Candidate> statistical, List<Candidate> own, String failure) {
    }

    /** A series' outcome and the networks its chosen candidate forecasts with (their order is its placeholders'). */
    private record Chosen(SeriesModel model, List<Candidate.FittedNetwork> networks) {
    }

    /** What the job produced: the series and the global networks (in the order of the version's members). */
    record Result(List<SeriesModel> series, List<Candidate.FittedNetwork> networks, TrainingSettings settings) {
    }

    private final Trainer.Prepared job;
    private final Panel panel;
    private final SettingsResolver resolver;
    private final Trainer.Monitor monitor;
    private final int threads;
    /** Points from which a series also gets networks of its own ({@code foresight.training.series-network-points}). */
    private final int ownNetworkPoints;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    PanelTraining(Trainer.Prepared job, Panel panel, SettingsResolver resolver, Trainer.Monitor monitor, int threads,
            int ownNetworkPoints) {
        this.job = job;
        this.panel = panel;
        this.resolver = resolver;
        this.monitor = monitor;
        this.threads = Math.max(1, threads);
        this.ownNetworkPoints = ownNetworkPoints;
    }

    Result train() {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "series-" + job.model());
            thread.setDaemon(true);
            return thread;
        });
        try {
            long start = System.nanoTime();
            List<SeriesWork> prepared = parallel(pool, panel.series(), this::prepare);
            long statistical = System.nanoTime();
            GlobalNetworks fitting = new GlobalNetworks(job, monitor, this::report);
            TrainingSettings global = fitting.settings(prepared);
            Map<String, Scaler> scales = new HashMap<>();
            List<GlobalNetworks.Global> globals = global == null ? List.of() : fitting.fit(pool, prepared, global, scales);
            long networks = System.nanoTime();
            List<Candidate.FittedNetwork> members = new ArrayList<>();
            Map<String, Integer> memberIndex = new HashMap<>();
            for (GlobalNetworks.Global g : globals) {
                for (int s = 0; s < g.networks().size(); s++) {
                    long seed = g.plan().seeds().get(s);
                    memberIndex.put(g.plan().method() + "/" + seed, members.size());
                    members.add(new Candidate.FittedNetwork(g.plan().method(), seed, null, g.networks().get(s)));
                }
            }
            List<Scored> scored = parallel(pool, prepared, p -> score(p, globals, scales.get(p.member().id())));
            String pooled = job.settings().architecture() == Architecture.AUTO ? pooledCandidate(scored) : null;
            List<Chosen> chosen = parallel(pool, scored, s -> choose(s, memberIndex, pooled));
            List<SeriesModel> series = numberOwnNetworks(chosen, members);
            log.info("Model '{}': {} series on {} threads: statistical candidates {} s, global networks {} s, choice {} s",
                    job.model(), panel.size(), threads, seconds(start, statistical), seconds(statistical, networks),
                    seconds(networks, System.nanoTime()));
            return new Result(series, members, global != null ? global : job.settings());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Step 1: the series' own settings, held-back windows and statistical candidates. */
    private SeriesWork prepare(Panel.Member member) {
        monitor.checkpoint();
        try {
            // with a known future the series ends at its last target value (TrainingData), the rows after it its plan
            TrainingData data = TrainingData.of(member.data(), job.columns(), job.known());
            TrainingSettings settings = resolver.resolve(job.request(), data.series(), data.channels()[0]);
            HeldBackWindows windows = HeldBackWindows.of(data.channels(), settings, job.known().channels());
            List<Candidate> own = List.of();
            if (data.size() >= ownNetworkPoints && windows.plan().networks()) {
                // a long series carries enough windows for networks of its own, fitted as a single series' are
                own = new NetworkFitting(settings, windows, checkpointsOnly()).fit(NetworkPlan.plans(settings,
                        windows.plan(), job.networkLayers()), i -> null);
            }
            List<Candidate> statistical = new ArrayList<>(Candidate.statistical(windows));
            statistical.addAll(Candidate.regressions(windows, statistical));
            return new SeriesWork(member, data, settings, windows, statistical, own, null);
        } catch (ForesightException | TrainingFailedException | IllegalArgumentException | ArithmeticException e) {
            return new SeriesWork(member, null, null, null, null, List.of(), e.getMessage());
        }
    }

    /** The job's monitor without the epoch reports of one series' own networks (the job reports series, not those). */
    private Trainer.Monitor checkpointsOnly() {
        return new Trainer.Monitor() {
            @Override
            public void progress(Progress progress) {
            }

            @Override
            public void checkpoint() {
                monitor.checkpoint();
            }
        };
    }

    /** A series after step 3a: its network candidates (its own, then the global ones) scored, or why it has no model. */
    private record Scored(SeriesWork work, List<Candidate> networks, Scaler scale, String failure) {
    }

    /** Step 3a: the series' network candidates (its own and the global networks with its scaler) on its held-back windows. */
    private Scored score(SeriesWork p, List<GlobalNetworks.Global> globals, Scaler scale) {
        monitor.checkpoint();
        if (p.failure() != null) {
            return new Scored(p, List.of(), scale, p.failure());
        }
        try {
            List<Candidate> networks = new ArrayList<>(p.own());
            if (scale != null) {
                for (GlobalNetworks.Global g : globals) {
                    List<Candidate.FittedNetwork> fitted = new ArrayList<>();
                    for (int s = 0; s < g.networks().size(); s++) {
                        fitted.add(new Candidate.FittedNetwork(g.plan().method(), g.plan().seeds().get(s), scale,
                                g.networks().get(s).withScaler(scale)));
                    }
                    networks.add(Candidate.network(g.plan(), fitted, g.epochs(), p.windows()).named(GLOBAL + g.plan().name()));
                }
            }
            return new Scored(p, networks, scale, null);
        } catch (ForesightException | TrainingFailedException | IllegalArgumentException | ArithmeticException e) {
            return new Scored(p, List.of(), scale, e.getMessage());
        }
    }

    /** Step 3b: one candidate chosen, intervals, the forecast. */
    private Chosen choose(Scored scored, Map<String, Integer> memberIndex, String pooled) {
        monitor.checkpoint();
        SeriesWork p = scored.work();
        Chosen chosen;
        try {
            chosen = scored.failure() != null ? new Chosen(SeriesModel.failed(p.member().id(), p.member().data().size(),
                    scored.failure()), List.of()) : chosen(scored, memberIndex, pooled);
        } catch (ForesightException | TrainingFailedException | IllegalArgumentException | ArithmeticException e) {
            chosen = new Chosen(SeriesModel.failed(p.member().id(), p.member().data().size(), e.getMessage()), List.of());
        }
        (chosen.model().trained() ? done : failed).incrementAndGet();
        report(null);
        return chosen;
    }

    /**
     * The candidate, a statistical method or a global network, with the lowest median held-back MASE over the series
     * that scored it (at least half of the trained series): the panel's pooled evidence, for the series whose own
     * held-back windows are too few to choose by (docs/BACKTEST.md, "Many series").
     */
    static String pooledCandidate(List<Scored> scored) {
        Map<String, List<Double>> scores = new HashMap<>();
        int trained = 0;
        for (Scored s : scored) {
            if (s.failure() != null) {
                continue;
            }
            trained++;
            s.work().statistical().forEach(c -> scores.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c.mase()));
            s.networks().stream().filter(c -> c.name().startsWith(GLOBAL))
                    .forEach(c -> scores.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c.mase()));
        }
        String best = null;
        double lowest = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, List<Double>> e : new java.util.TreeMap<>(scores).entrySet()) {
            double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted[sorted.length / 2];
            if (2 * sorted.length >= trained && median < lowest) {
                lowest = median;
                best = e.getKey();
            }
        }
        return best;
    }

    private Chosen chosen(Scored scored, Map<String, Integer> memberIndex, String pooled) {
        SeriesWork p = scored.work();
        Scaler scale = scored.scale();
        HeldBackWindows windows = p.windows();
        List<Candidate> networks = scored.networks();
        Selection selection = Selection.choose(job.settings().architecture(), windows, networks, null, p.statistical());
        if (pooled != null && !Selection.enoughEvidence(windows)) {
            Candidate candidate = java.util.stream.Stream.concat(networks.stream(), p.statistical().stream())
                    .filter(c -> c.name().equals(pooled)).findFirst().orElse(null);
            if (candidate != null) {
                selection = selection.pooled(candidate, windows, p.statistical());
            }
        }
        Candidate winner = selection.winner();
        if (!Double.isFinite(selection.validation().model().mase())) {
            throw new ArithmeticException("its held-back score is " + selection.validation().model().mase()
                    + ": the series' values are too large or change too abruptly for these methods");
        }
        IntervalCalibrator.Calibrated intervals = IntervalCalibrator.calibrate(p.settings().representation(), windows,
                winner.forecasts(), false);
        double[][] channels = p.data().channels();
        int size = channels[0].length;
        // computed as serving rebuilds it (VersionLoader: the mean of all its networks at once, not a mean of means), so
        // that the stored forecast is the one a request with the series' history gets, to the last bit; none with a
        // known future, whose forecast reads the future values each request supplies or the stored plan
        double[] forecast = !job.known().isEmpty() ? new double[0]
                : VersionLoader.forecaster(winner.method(), windows.period(), windows.horizon(),
                        winner.networks().stream().map(Candidate.FittedNetwork::forecaster).toList()).forecast(channels, size);
        for (double v : forecast) {
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("the forecast is not finite: the series' values are too large or change too"
                        + " abruptly for these methods");
            }
        }
        int length = VersionDraft.tailLength(size, winner, p.settings().seasonalPeriod());
        double[][] tail = new double[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            tail[c] = Arrays.copyOfRange(channels[c], size - length, size);
        }
        // a global network by its member index; a network of the series' own by -1 - its position among the winner's
        // networks, numbered when the version's members are put together ({@link #numberOwnNetworks})
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < winner.networks().size(); i++) {
            Candidate.FittedNetwork n = winner.networks().get(i);
            members.add(n.scaler() == scale && scale != null ? memberIndex.get(n.method() + "/" + n.seed()) : -1 - i);
        }
        boolean usesGlobal = members.stream().anyMatch(m -> m >= 0);
        Map<String, Double> candidates = new LinkedHashMap<>();
        selection.scores().forEach(c -> candidates.put(c.name(), c.validationMase()));
        return new Chosen(new SeriesModel(p.member().id(), null, winner.method(), winner.name(), selection.reason(),
                members, usesGlobal ? scale : null, p.settings().representation(), selection.validation(), candidates,
                intervals.scale(), IntervalCalibrator.absoluteResiduals(intervals.scale(), windows.actual(), winner.forecasts()),
                size, p.data().timestamp(size - 1), tail, forecast, winner.remainder(),
                job.known().columns().isEmpty() ? null : p.data().future()), winner.networks());
    }

    /**
     * The networks of their own that series chose become members of the version after the global ones, in series
     * order; each series' placeholders ({@code -1 - i}: the winner's {@code i}-th network) become their indices.
     */
    private static List<SeriesModel> numberOwnNetworks(List<Chosen> chosen, List<Candidate.FittedNetwork> members) {
        List<SeriesModel> numbered = new ArrayList<>(chosen.size());
        for (Chosen c : chosen) {
            SeriesModel model = c.model();
            if (model.members().stream().noneMatch(m -> m < 0)) {
                numbered.add(model);
                continue;
            }
            List<Integer> indices = new ArrayList<>();
            for (int m : model.members()) {
                if (m >= 0) {
                    indices.add(m);
                } else {
                    indices.add(members.size());
                    members.add(c.networks().get(-1 - m));
                }
            }
            numbered.add(model.withMembers(indices));
        }
        return numbered;
    }

    private static String seconds(long from, long to) {
        return String.format(java.util.Locale.ROOT, "%.1f", (to - from) / 1e9);
    }

    private synchronized void report(Progress progress) {
        Progress current = progress != null ? progress : Progress.none();
        monitor.progress(current.withSeries(done.get() + failed.get(), failed.get(), panel.size()));
    }

    /** {@code task} applied to every item on the pool, in order; the first failure (or a cancellation) stops the rest. */
    static <T, R> List<R> parallel(ExecutorService pool, List<T> items, ThrowingFunction<T, R> task) {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> task.apply(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new TrainingFailedException("The job was interrupted.");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }

    @FunctionalInterface
    interface ThrowingFunction<T, R> {
        R apply(T item) throws Exception;
    }
}
