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
import io.foresight.model.Method;
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
 * With a known future, AUTO runs steps 2 and 3 in two stages ({@link #twoStages}): the global networks without it, then
 * the best plan again with it, each series keeping its choice without it unless a candidate reading it is clearly
 * better ({@link Selection#withDrivers}).
 * A series that cannot be trained (too short, a failure of its own) is recorded with the reason and does not fail the
 * job. Cancelling the job stops every step.
 */
final class PanelTraining {

    private static final Logger log = LoggerFactory.getLogger(PanelTraining.class);

    /** Prefix of the global network candidates' names. */
    static final String GLOBAL = SeriesModel.GLOBAL;

    /**
     * A series after step 1, or why it has no model: its statistical candidates and networks of its own; with AUTO's
     * two stages ({@link #twoStages}) those are without the known future, and {@code reading} the candidates of its
     * own that read it (the regression on it; its own networks fitted with it when the job has future columns,
     * {@link #ownReading}), each with its counterpart without it in {@code counterparts}.
     */
    record SeriesWork(Panel.Member member, TrainingData data, TrainingSettings settings, HeldBackWindows windows,
            List<Candidate> statistical, List<Candidate> own, List<Candidate> reading, List<Candidate> counterparts,
            String failure) {

        static SeriesWork failed(Panel.Member member, String failure) {
            return new SeriesWork(member, null, null, null, null, List.of(), List.of(), List.of(), failure);
        }
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
    /**
     * AUTO with a known future chooses in two stages for every series, as a single series does
     * ({@link Trainer#chooseWithDrivers}): first exactly the choice without the known future (the global networks of
     * every plan fitted without it), then the candidates reading it, each of which must beat both that choice and
     * its counterpart without it ({@link Selection#withDrivers}).
     */
    private final boolean twoStages;
    /**
     * Whether, in AUTO's two stages, a series' own networks ({@link #ownNetworkPoints}) are fitted again with the
     * known future: only when it has columns ({@code futureFeatures}), whose values differ from series to series. A
     * calendar and holidays alone are the same channels for every series of the panel: the global network fitted
     * with them learns their effect from every series' windows, and fitting each long series' best network shape
     * again with them was most of what they added to a many-series job's time (benchmark/drivers/ABOUT.md).
     */
    private final boolean ownReading;
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
        this.twoStages = job.settings().architecture() == Architecture.AUTO && job.known().channels() > 0;
        this.ownReading = !job.known().columns().isEmpty();
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
            List<GlobalNetworks.Global> globals = global == null ? List.of()
                    : fitting.fit(pool, prepared, global, scales, !twoStages, null, 0);
            List<Candidate.FittedNetwork> members = new ArrayList<>();
            Map<String, Integer> memberIndex = new HashMap<>();
            addMembers(globals, false, members, memberIndex);
            List<Scored> scored = parallel(pool, prepared, p -> score(p, globals, scales.get(p.member().id())));
            String pooled = job.settings().architecture() == Architecture.AUTO ? pooledCandidate(scored) : null;
            // the second stage's global network: the plan the series validate best on without the known future (none
            // when no series scored one), fitted again with it
            String best = twoStages ? lowestMedian(scored, name -> name.startsWith(GLOBAL), false) : null;
            GlobalNetworks.Global plain = globals.stream().filter(g -> name(g, false).equals(best)).findFirst()
                    .orElse(null);
            if (plain != null) {
                Map<String, Scaler> readingScales = new HashMap<>();
                int before = globals.stream().mapToInt(g -> g.plan().seeds().size()).sum();
                List<GlobalNetworks.Global> reading = fitting.fit(pool, prepared, global, readingScales, true, plain.plan(),
                        before);
                addMembers(reading, true, members, memberIndex);
                if (!reading.isEmpty()) { // one plan: the best one's
                    scored = parallel(pool, scored, s -> reading(s, reading.get(0),
                            readingScales.get(s.work().member().id())));
                }
            }
            long networks = System.nanoTime();
            java.util.Set<String> helps = helpAcrossSeries(scored, job.settings().horizon());
            List<Chosen> chosen = parallel(pool, scored, s -> choose(s, memberIndex, pooled, helps));
            List<SeriesModel> series = numberOwnNetworks(chosen, members);
            log.info("Model '{}': {} series on {} threads: statistical candidates {} s, global networks {} s, choice {} s",
                    job.model(), panel.size(), threads, seconds(start, statistical), seconds(statistical, networks),
                    seconds(networks, System.nanoTime()));
            return new Result(series, members, global != null ? global : job.settings());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The version's members for {@code globals} (after those in {@code members}), each under its key in {@code index}
     * ({@link #key}; {@code knownFuture}: whether they read the known future).
     */
    private static void addMembers(List<GlobalNetworks.Global> globals, boolean knownFuture,
            List<Candidate.FittedNetwork> members, Map<String, Integer> index) {
        for (GlobalNetworks.Global g : globals) {
            for (int s = 0; s < g.networks().size(); s++) {
                long seed = g.plan().seeds().get(s);
                index.put(key(g.plan().method(), seed, knownFuture), members.size());
                members.add(new Candidate.FittedNetwork(g.plan().method(), seed, null, g.networks().get(s)));
            }
        }
    }

    /** A global network's key among the version's members: its method and seed, and whether it reads the known future. */
    private static String key(Method method, long seed, boolean knownFuture) {
        return method + "/" + seed + (knownFuture ? " reading the known future" : "");
    }

    /** A global network candidate's name: without the known future in AUTO's first stage when the job has one. */
    private String name(GlobalNetworks.Global g, boolean knownFuture) {
        return GLOBAL + g.plan().name() + (twoStages && !knownFuture ? NetworkFitting.WITHOUT_DRIVERS : "");
    }

    /** Step 1: the series' own settings, held-back windows and statistical candidates. */
    private SeriesWork prepare(Panel.Member member) {
        monitor.checkpoint();
        try {
            // with a known future the series ends at its last target value (TrainingData), the rows after it its plan
            TrainingData data = TrainingData.of(member.data(), job.columns(), job.known());
            TrainingSettings settings = resolver.resolve(job.request(), data.series(), data.channels()[0]);
            HeldBackWindows windows = HeldBackWindows.of(data.channels(), settings, job.known().channels());
            boolean ownNetworks = data.size() >= ownNetworkPoints && windows.plan().networks();
            // a long series carries enough windows for networks of its own, fitted as a single series' are
            NetworkFitting fitting = new NetworkFitting(settings, windows, checkpointsOnly());
            List<NetworkPlan> plans = ownNetworks ? NetworkPlan.plans(settings, windows.plan(), job.networkLayers())
                    : List.of();
            if (twoStages) {
                List<Candidate> statistical = Candidate.statistical(windows.withoutKnownFuture());
                // a series' own networks are fitted again with the known future only when it has columns of its own
                // (planned drivers, whose values are the series'); a calendar and holidays are the same channels for
                // every series, which the global network fitted with them learns from all of them (ownReading)
                NetworkFitting.Drivers own = !ownNetworks ? new NetworkFitting.Drivers(List.of(), List.of(), List.of())
                        : ownReading ? fitting.withAndWithout(plans, statistical)
                                : new NetworkFitting.Drivers(fitting.without(plans), List.of(), List.of());
                // the regression compared on the held-back windows a horizon apart, as a single series' on its rolling
                // origins: its remainder method refitted at each of them costs what that method's own scoring does
                List<Candidate> reading = new ArrayList<>(Candidate.spreadRegressions(windows, windows, statistical));
                List<Candidate> counterparts = new ArrayList<>(Trainer.remainders(reading, statistical));
                reading.addAll(own.reading());
                counterparts.addAll(own.counterparts());
                return new SeriesWork(member, data, settings, windows, statistical, own.without(), reading, counterparts,
                        null);
            }
            List<Candidate> own = ownNetworks ? fitting.fit(plans, i -> null) : List.of();
            List<Candidate> statistical = new ArrayList<>(Candidate.statistical(windows));
            statistical.addAll(Candidate.regressions(windows, statistical));
            return new SeriesWork(member, data, settings, windows, statistical, own, List.of(), List.of(), null);
        } catch (ForesightException | TrainingFailedException | IllegalArgumentException | ArithmeticException e) {
            return SeriesWork.failed(member, e.getMessage());
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

    /**
     * A series after step 3a, or why it has no model: its network candidates (its own, then the global ones) scored
     * with the global networks' {@code scale}; in AUTO's two stages those are without the known future, and the global
     * network reading it is among {@code reading} (its own candidates' first, its counterparts in the same order),
     * scored with {@code readingScale}.
     */
    private record Scored(SeriesWork work, List<Candidate> networks, Scaler scale, List<Candidate> reading,
            List<Candidate> counterparts, Scaler readingScale, String failure) {
    }

    /** Step 3a: the series' network candidates (its own and the global networks with its scaler) on its held-back windows. */
    private Scored score(SeriesWork p, List<GlobalNetworks.Global> globals, Scaler scale) {
        monitor.checkpoint();
        if (p.failure() != null) {
            return new Scored(p, List.of(), scale, List.of(), List.of(), null, p.failure());
        }
        try {
            List<Candidate> networks = new ArrayList<>(p.own());
            if (scale != null) {
                HeldBackWindows windows = twoStages ? p.windows().withoutKnownFuture() : p.windows();
                for (GlobalNetworks.Global g : globals) {
                    networks.add(global(g, scale, windows, false));
                }
            }
            return new Scored(p, networks, scale, p.reading(), p.counterparts(), null, null);
        } catch (ForesightException | TrainingFailedException | IllegalArgumentException | ArithmeticException e) {
            return new Scored(p, List.of(), scale, List.of(), List.of(), null, e.getMessage());
        }
    }

    /** Global network {@code g} as a series' candidate: with the series' {@code scale}, scored on its {@code windows}. */
    private Candidate global(GlobalNetworks.Global g, Scaler scale, HeldBackWindows windows, boolean knownFuture) {
        List<Candidate.FittedNetwork> fitted = new ArrayList<>();
        for (int s = 0; s < g.networks().size(); s++) {
            fitted.add(new Candidate.FittedNetwork(g.plan().method(), g.plan().seeds().get(s), scale,
                    g.networks().get(s).withScaler(scale)));
        }
        return Candidate.network(g.plan(), fitted, g.epochs(), windows).named(name(g, knownFuture));
    }

    /**
     * Step 3a of AUTO's second stage: the global network {@code g} reading the known future (with the series'
     * {@code scale}) and its COMBINED among the series' candidates reading it, each against the same plan without it.
     */
    private Scored reading(Scored scored, GlobalNetworks.Global g, Scaler scale) {
        monitor.checkpoint();
        if (scored.failure() != null || scale == null) {
            return scored;
        }
        SeriesWork p = scored.work();
        try {
            String plain = name(g, false);
            Candidate without = scored.networks().stream().filter(c -> c.name().equals(plain)).findFirst().orElseThrow();
            NetworkFitting.Drivers global = NetworkFitting.Drivers.of(List.of(), global(g, scale, p.windows(), true),
                    without, p.statistical(), p.windows());
            List<Candidate> reading = new ArrayList<>(scored.reading());
            List<Candidate> counterparts = new ArrayList<>(scored.counterparts());
            reading.addAll(global.reading());
            counterparts.addAll(global.counterparts());
            return new Scored(p, scored.networks(), scored.scale(), reading, counterparts, scale, null);
        } catch (ForesightException | TrainingFailedException | IllegalArgumentException | ArithmeticException e) {
            return new Scored(p, List.of(), scored.scale(), List.of(), List.of(), null, e.getMessage());
        }
    }

    /**
     * AUTO's second stage on the panel's evidence: the kinds of candidate reading the known future ({@link #kind}) that,
     * over the held-back windows of every series that scored them together (each series' errors on its own MASE
     * scale), are better than their counterparts without it by {@link Selection#shownBetter} (on at least two
     * independent windows, as a series' own evidence must be): for a series whose own
     * windows are too few to show it, what the panel shows ({@link Selection#withDrivers}), as a series with too few
     * windows takes the panel's choice in the first stage ({@link #pooledCandidate}).
     */
    static java.util.Set<String> helpAcrossSeries(List<Scored> scored, int horizon) {
        Map<String, Pooled> pooled = new java.util.TreeMap<>();
        for (Scored s : scored) {
            if (s.failure() != null) {
                continue;
            }
            HeldBackWindows windows = s.work().windows();
            double scale = windows.maseScale();
            for (int i = 0; i < s.reading().size(); i++) {
                Candidate candidate = s.reading().get(i);
                // where the series' own comparison is made: the regression's held-back windows a horizon apart
                Selection.Compared compared = Selection.compared(candidate, s.counterparts().get(i), windows, null);
                Pooled kind = pooled.computeIfAbsent(kind(candidate), k -> new Pooled(new ArrayList<>(), new ArrayList<>(),
                        new ArrayList<>(), candidate.someOrigins() != null ? 1 : horizon));
                double[][] actual = compared.windows().actual();
                for (int w = 0; w < actual.length; w++) {
                    kind.actual().add(scaled(actual[w], scale));
                    kind.with().add(scaled(compared.candidate()[w], scale));
                    kind.without().add(scaled(compared.other()[w], scale));
                }
            }
        }
        java.util.Set<String> helps = new java.util.TreeSet<>();
        pooled.forEach((kind, p) -> {
            if (Selection.shownBetter(p.actual().toArray(double[][]::new), p.with().toArray(double[][]::new),
                    p.without().toArray(double[][]::new), p.overlap())) {
                helps.add(kind);
            }
        });
        return helps;
    }

    /**
     * One kind's held-back windows over the series, each on its series' MASE scale: actual values and both forecasts;
     * {@code overlap}: how many consecutive windows one forecast overlaps (1 for windows a horizon apart).
     */
    private record Pooled(List<double[]> actual, List<double[]> with, List<double[]> without, int overlap) {
    }

    /** What a candidate reading the known future is pooled as across series: the regression (whatever its remainder), else its name. */
    private static String kind(Candidate candidate) {
        return candidate.method() == Method.REGRESSION ? Method.REGRESSION.name() : candidate.name();
    }

    private static double[] scaled(double[] values, double scale) {
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k] / scale;
        }
        return out;
    }

    /** Step 3b: one candidate chosen, intervals, the forecast. */
    private Chosen choose(Scored scored, Map<String, Integer> memberIndex, String pooled, java.util.Set<String> helps) {
        monitor.checkpoint();
        SeriesWork p = scored.work();
        Chosen chosen;
        try {
            chosen = scored.failure() != null ? new Chosen(SeriesModel.failed(p.member().id(), p.member().data().size(),
                    scored.failure()), List.of()) : chosen(scored, memberIndex, pooled, helps);
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
        return lowestMedian(scored, name -> true, true);
    }

    /**
     * Of the candidates named as {@code names} accepts among the series' statistical candidates and global networks,
     * the one with the lowest median held-back MASE over the series that scored it; with {@code half}, only among
     * those at least half of the trained series scored.
     */
    private static String lowestMedian(List<Scored> scored, java.util.function.Predicate<String> names, boolean half) {
        Map<String, List<Double>> scores = new HashMap<>();
        int trained = 0;
        for (Scored s : scored) {
            if (s.failure() != null) {
                continue;
            }
            trained++;
            java.util.stream.Stream.concat(s.work().statistical().stream(),
                    s.networks().stream().filter(c -> c.name().startsWith(GLOBAL))).filter(c -> names.test(c.name()))
                    .forEach(c -> scores.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c.mase()));
        }
        String best = null;
        double lowest = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, List<Double>> e : new java.util.TreeMap<>(scores).entrySet()) {
            double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted[sorted.length / 2];
            if ((!half || 2 * sorted.length >= trained) && median < lowest) {
                lowest = median;
                best = e.getKey();
            }
        }
        return best;
    }

    private Chosen chosen(Scored scored, Map<String, Integer> memberIndex, String pooled, java.util.Set<String> helps) {
        SeriesWork p = scored.work();
        Scaler scale = scored.scale();
        HeldBackWindows windows = p.windows();
        List<Candidate> networks = scored.networks();
        HeldBackWindows first = twoStages ? windows.withoutKnownFuture() : windows;
        Selection selection = Selection.choose(job.settings().architecture(), first, networks, null, p.statistical());
        if (pooled != null && !Selection.enoughEvidence(windows)) {
            Candidate candidate = java.util.stream.Stream.concat(networks.stream(), p.statistical().stream())
                    .filter(c -> c.name().equals(pooled)).findFirst().orElse(null);
            if (candidate != null) {
                selection = selection.pooled(candidate, first, p.statistical());
            }
        }
        if (twoStages) {
            // a regression that replaces the choice is the version as scored on every held-back window
            selection = selection.withDrivers(scored.reading(), scored.counterparts(), windows, null, p.statistical(),
                    c -> Candidate.regressions(windows, p.statistical()).get(0), c -> helps.contains(kind(c)));
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
        Scaler networkScale = null;
        for (int i = 0; i < winner.networks().size(); i++) {
            Candidate.FittedNetwork n = winner.networks().get(i);
            boolean reads = n.scaler() != null && n.scaler() == scored.readingScale();
            if (reads || (n.scaler() != null && n.scaler() == scale)) {
                members.add(memberIndex.get(key(n.method(), n.seed(), reads)));
                networkScale = n.scaler();
            } else {
                members.add(-1 - i);
            }
        }
        Map<String, Double> candidates = new LinkedHashMap<>();
        selection.scores().forEach(c -> candidates.put(c.name(), c.validationMase()));
        return new Chosen(new SeriesModel(p.member().id(), null, winner.method(), winner.name(), selection.reason(),
                members, networkScale, p.settings().representation(), selection.validation(), candidates,
                intervals.scale(), IntervalCalibrator.absoluteResiduals(intervals.scale(), windows.actual(), winner.forecasts()),
                size, p.data().timestamp(size - 1), tail, forecast, winner.remainder(), winner.multiplicative(),
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
