package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.foresight.model.Accuracy;
import io.foresight.model.Baselines;
import io.foresight.model.EnsembleForecaster;
import io.foresight.model.Forecaster;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;
import io.foresight.model.RegressionForecaster;
import io.foresight.model.ThetaForecaster;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Scaler;

/**
 * One candidate of a training job, fitted and scored: what forecasts ({@code forecaster}: a network as the version
 * serves it, a statistical method as it was scored at the held-back origins, where ETS keeps its form and ARIMA its
 * order and coefficients; the version refits them in full), its forecasts from the held-back origins and their score, and the networks a version of it stores
 * (none for a statistical method). Networks, their ensemble, COMBINED, a warm start's parent and the statistical
 * methods are all candidates; {@link Selection} chooses among them.
 */
record Candidate(String name, Method method, String representation, int epochs, List<FittedNetwork> networks,
        Forecaster forecaster, double[][] forecasts, Accuracy accuracy, Method remainder, Rolling rolling) {

    /** A candidate that is not a regression on the known future. */
    Candidate(String name, Method method, String representation, int epochs, List<FittedNetwork> networks,
            Forecaster forecaster, double[][] forecasts, Accuracy accuracy) {
        this(name, method, representation, epochs, networks, forecaster, forecasts, accuracy, null, null);
    }

    /** A candidate scored on the held-back windows only. */
    Candidate(String name, Method method, String representation, int epochs, List<FittedNetwork> networks,
            Forecaster forecaster, double[][] forecasts, Accuracy accuracy, Method remainder) {
        this(name, method, representation, epochs, networks, forecaster, forecasts, accuracy, remainder, null);
    }

    /**
     * The origins this candidate was scored on when not all of its rolling origins ({@link Rolling#on}: the regression,
     * one horizon apart, {@link #spreadRegressions}), else null.
     */
    HeldBackWindows someOrigins() {
        return rolling == null ? null : rolling.on();
    }

    /** Whether this is a regression on the known future whose effects multiply the target ({@link RegressionForecaster}). */
    boolean multiplicative() {
        return forecaster instanceof RegressionForecaster regression && regression.multiplicative();
    }

    /**
     * A statistical candidate's scores on the rolling origins it is chosen on ({@link HeldBackWindows#rolling}):
     * its forecasts from every origin, their MASE, the MASE per fold of one horizon, what it fitted on the whole
     * series ({@code form}: ETS's form, else null) and, for a combination, its members and combiner. {@code on}: the
     * origins it was scored on when not all of them ({@link #spreadRegressions}: one horizon apart), else null.
     */
    record Rolling(double[][] forecasts, double mase, double[] foldMase, String form, List<Method> members,
            String combiner, HeldBackWindows on) {

        /** Scores on every rolling origin. */
        Rolling(double[][] forecasts, double mase, double[] foldMase, String form, List<Method> members,
                String combiner) {
            this(forecasts, mase, foldMase, form, members, combiner, null);
        }
    }

    /** One fitted network: its architecture, seed and the scaler it was trained with. */
    record FittedNetwork(Method method, long seed, Scaler scaler, NetworkForecaster forecaster) {
    }

    Candidate {
        networks = List.copyOf(networks);
    }

    double mase() {
        return accuracy.mase();
    }

    /** The same candidate under another name (a global network's, as its series sees it). */
    Candidate named(String other) {
        return new Candidate(other, method, representation, epochs, networks, forecaster, forecasts, accuracy, remainder,
                rolling);
    }

    /** The seeds of its networks, in order. */
    List<Long> seeds() {
        return networks.stream().map(FittedNetwork::seed).toList();
    }

    /** The manifest's entry for it. */
    ModelVersion.CandidateScore score(boolean chosen) {
        return rolling == null
                ? new ModelVersion.CandidateScore(name, method, representation, seeds(), epochs, mase(), chosen)
                : new ModelVersion.CandidateScore(name, method, representation, seeds(), epochs, mase(), chosen,
                        rolling.mase(), rolling.foldMase(), rolling.form(), rolling.members(), rolling.combiner());
    }

    /** A network plan's fitted networks ({@code epochs}: the latest best epoch), forecasting with their mean. */
    static Candidate network(NetworkPlan plan, List<FittedNetwork> networks, int epochs, HeldBackWindows windows) {
        Forecaster forecaster = EnsembleForecaster.of(networks.stream().map(FittedNetwork::forecaster).toList());
        double[][] forecasts = windows.forecast(forecaster);
        return new Candidate(plan.name(), plan.method(), plan.representation().name(), epochs, networks, forecaster,
                forecasts, windows.score(forecasts));
    }

    /** The mean of {@code top} (the best network candidates); their held-back forecasts are already computed. */
    static Candidate ensemble(List<Candidate> top, HeldBackWindows windows) {
        double[][] forecasts = EnsembleForecaster.mean(top.stream().map(Candidate::forecasts).toList(), windows.horizon());
        return new Candidate("ENSEMBLE of " + top.stream().map(Candidate::name).toList(), Method.ENSEMBLE, "mixed", 0,
                top.stream().flatMap(c -> c.networks().stream()).toList(),
                new EnsembleForecaster(top.stream().map(Candidate::forecaster).toList()), forecasts, windows.score(forecasts));
    }

    /**
     * The equal-weight mean of {@code networks} (a network candidate) and {@link Baselines#COMBINED_WITH}, whose
     * held-back forecasts are among {@code statistical}.
     */
    static Candidate combined(Candidate networks, List<Candidate> statistical, HeldBackWindows windows) {
        List<double[][]> parts = new ArrayList<>();
        parts.add(networks.forecasts());
        Baselines.COMBINED_WITH.forEach(method -> parts.add(statistical.stream().filter(c -> c.method() == method)
                .findFirst().orElseThrow().forecasts()));
        double[][] forecasts = EnsembleForecaster.mean(parts, windows.horizon());
        return new Candidate("COMBINED: mean of " + networks.name() + " and " + Baselines.COMBINED_WITH, Method.COMBINED,
                "mixed", 0, networks.networks(), Baselines.combined(networks.forecaster(), windows.period(), windows.horizon()),
                forecasts, windows.score(forecasts));
    }

    /** A warm start's parent version, scored on the new held-back windows (what promotion compares with). */
    static Candidate parent(ModelVersion parent, Forecaster forecaster, HeldBackWindows windows) {
        double[][] forecasts = windows.forecast(forecaster);
        return new Candidate(ModelVersion.PARENT_CANDIDATE_PREFIX + parent.version(), parent.method(), "parent", 0,
                List.of(), forecaster, forecasts, windows.score(forecasts));
    }

    /**
     * Every statistical method for the series' season. Each refits at every held-back origin. Whether Theta, DAMPED
     * and AUTOREGRESSIVE adjust for the season is decided as for the final forecast, on the whole series: at
     * held-back origins a short series' history may be too short for the seasonal test, and the methods would be
     * scored without the season they will forecast with. ETS chooses its form at the earliest origin and refits its
     * parameters at later ones (the version itself chooses afresh on the history it forecasts from).
     */
    static List<Candidate> statistical(HeldBackWindows windows) {
        return scored(windows, Baselines.statistical(windows.period()));
    }

    /**
     * The naive baselines alone ({@link Baselines#NAIVE_BASELINES}): what a network asked for by name is scored
     * against. Such a job chooses nothing, so the other statistical methods (Holt-Winters, Theta, damped trend, the
     * autoregression and ETS, each refitted at every held-back origin: about 6 of the 10 seconds of the bench's LSTM
     * job, docs/BENCHMARK.md) are not scored; the manifest's {@code backtest} still compares the network with naive
     * and seasonal naive.
     */
    static List<Candidate> naive(HeldBackWindows windows) {
        return scored(windows, Baselines.NAIVE_BASELINES);
    }

    private static List<Candidate> scored(HeldBackWindows windows, List<Method> methods) {
        int period = windows.period();
        int horizon = windows.horizon();
        boolean seasonalAdjustment = seasonalAdjustment(windows);
        List<Candidate> candidates = new ArrayList<>();
        for (Method method : methods) {
            Forecaster scoring = Baselines.of(method, period, horizon, seasonalAdjustment);
            double[][] forecasts = windows.forecast(scoring);
            candidates.add(new Candidate(method.name(), method, "-", 0, List.of(), scoring, forecasts, windows.score(forecasts)));
        }
        return candidates;
    }

    /**
     * {@link #statistical}, each method scored on the rolling origins {@code origins} ({@link HeldBackWindows#rolling}
     * of {@code windows}) as well: its held-back forecasts are the rows of the held-back origins among them.
     */
    static List<Candidate> statistical(HeldBackWindows windows, HeldBackWindows origins) {
        int period = windows.period();
        int horizon = windows.horizon();
        boolean seasonalAdjustment = seasonalAdjustment(windows);
        List<Candidate> candidates = new ArrayList<>();
        for (Method method : Baselines.statistical(period)) {
            Forecaster scoring = Baselines.of(method, period, horizon, seasonalAdjustment);
            double[][] all = origins.forecast(scoring);
            double[][] forecasts = origins.rowsOf(all, windows);
            String form = method == Method.ETS
                    ? Baselines.etsForm(windows.channels()[0], period, horizon) : null;
            candidates.add(new Candidate(method.name(), method, "-", 0, List.of(), scoring, forecasts,
                    windows.score(forecasts), null, new Rolling(all, origins.score(all).mase(), origins.foldMase(all), form,
                            null, null)));
        }
        return candidates;
    }

    /**
     * The {@code median} or mean of {@code members} (statistical candidates scored on {@code origins}), on the held-back
     * windows and the rolling origins alike: AUTO's {@link Method#COMBINATION} when no member validated clearly better.
     */
    static Candidate combination(List<Candidate> members, boolean median, HeldBackWindows windows,
            HeldBackWindows origins) {
        int horizon = windows.horizon();
        List<Method> methods = members.stream().map(Candidate::method).toList();
        double[][] forecasts = median ? EnsembleForecaster.median(members.stream().map(Candidate::forecasts).toList(), horizon)
                : EnsembleForecaster.mean(members.stream().map(Candidate::forecasts).toList(), horizon);
        List<double[][]> rollingParts = members.stream().map(c -> c.rolling().forecasts()).toList();
        double[][] all = median ? EnsembleForecaster.median(rollingParts, horizon) : EnsembleForecaster.mean(rollingParts, horizon);
        List<Forecaster> scoring = members.stream().map(Candidate::forecaster).toList();
        String combiner = median ? "median" : "mean";
        return new Candidate(Method.COMBINATION + " (" + combiner + " of " + methods + ")", Method.COMBINATION, "-", 0,
                List.of(), median ? EnsembleForecaster.median(scoring) : new EnsembleForecaster(scoring), forecasts,
                windows.score(forecasts), null, new Rolling(all, origins.score(all).mase(), origins.foldMase(all), null,
                        methods, combiner));
    }

    /**
     * With a known future ({@code windows.knownFuture()} channels): the statistical method that validates best without
     * it ({@code statistical}: the candidates of {@link #statistical}) on the remainder of a regression on the
     * known-future channels ({@link RegressionForecaster}), named e.g. {@code REGRESSION + THETA}, so that AUTO
     * compares the same method with and without the known future; none without one. One candidate, not one per
     * method: each costs as much as its method's own scoring, and the drivers are what is being compared.
     */
    static List<Candidate> regressions(HeldBackWindows windows, List<Candidate> statistical) {
        return regressions(windows, null, statistical);
    }

    /**
     * {@link #regressions}; with {@code origins} (the rolling origins of {@code windows}, null: none) scored on them as
     * well, as the statistical methods are ({@link #statistical(HeldBackWindows, HeldBackWindows)}): like them the
     * regression refits at every origin, so that it can be compared with the statistical choice on the same evidence.
     */
    static List<Candidate> regressions(HeldBackWindows windows, HeldBackWindows origins, List<Candidate> statistical) {
        return regressions(windows, origins, statistical, false);
    }

    /**
     * {@link #regressions} scored on the rolling origins {@code origins} one horizon apart only ({@link HeldBackWindows#spread}:
     * its {@link Rolling#on}; its held-back forecasts and score those of the held-back windows spread likewise, the
     * latest of them), which is what AUTO's second stage compares it on ({@link Selection#withDrivers}): its remainder
     * method refitted at every rolling origin costs as much as that method's own scoring (0.8 of the 0.9 s the
     * regression took on taylor's 759 origins, benchmark/drivers/ABOUT.md), at a horizon-th of them about nothing, and
     * origins a horizon apart are independent forecasts, which consecutive ones are not. The version that replaces the
     * choice is the regression scored on every origin ({@link #regressions}), as the statistical methods are.
     */
    static List<Candidate> spreadRegressions(HeldBackWindows windows, HeldBackWindows origins,
            List<Candidate> statistical) {
        return regressions(windows, origins, statistical, true);
    }

    private static List<Candidate> regressions(HeldBackWindows windows, HeldBackWindows origins,
            List<Candidate> statistical, boolean spread) {
        if (windows.knownFuture() == 0) {
            return List.of();
        }
        Method method = statistical.stream().min(java.util.Comparator.comparingDouble(Candidate::mase)).orElseThrow()
                .method();
        int period = windows.period();
        int horizon = windows.horizon();
        boolean seasonalAdjustment = seasonalAdjustment(windows);
        double[] target = windows.channels()[0];
        // effects that multiply a positive target, as the networks read it on the log scale (Scaler.positive)
        boolean multiplicative = Scaler.positive(target, target.length);
        RegressionForecaster scoring = new RegressionForecaster(Baselines.of(method, period, horizon, seasonalAdjustment),
                windows.knownFuture(), multiplicative);
        String name = Method.REGRESSION + " + " + method.name();
        RegressionForecaster serving = new RegressionForecaster(Baselines.of(method, period, horizon), windows.knownFuture(),
                multiplicative);
        if (origins == null) {
            double[][] forecasts = windows.forecast(scoring);
            return List.of(new Candidate(name, Method.REGRESSION, "-", 0, List.of(), serving, forecasts,
                    windows.score(forecasts), method));
        }
        if (spread) {
            HeldBackWindows on = origins.spread();
            HeldBackWindows heldBack = windows.spread();
            double[][] all = on.forecast(scoring);
            double[][] forecasts = on.rowsAt(all, heldBack);
            return List.of(new Candidate(name, Method.REGRESSION, "-", 0, List.of(), serving, forecasts,
                    heldBack.score(forecasts), method, new Rolling(all, on.score(all).mase(), on.foldMase(all), null, null,
                            null, on)));
        }
        double[][] all = origins.forecast(scoring);
        double[][] forecasts = origins.rowsOf(all, windows);
        return List.of(new Candidate(name, Method.REGRESSION, "-", 0, List.of(), serving, forecasts,
                windows.score(forecasts), method, new Rolling(all, origins.score(all).mase(), origins.foldMase(all), null,
                        null, null)));
    }

    /** Whether Theta, DAMPED and AUTOREGRESSIVE adjust for the season: decided once, on the whole series (see {@link #statistical}). */
    private static boolean seasonalAdjustment(HeldBackWindows windows) {
        double[] target = windows.channels()[0];
        int size = target.length;
        return ThetaForecaster.seasonal(Arrays.copyOfRange(target, Math.max(0, size - ThetaForecaster.MAX_HISTORY), size),
                windows.period());
    }
}
