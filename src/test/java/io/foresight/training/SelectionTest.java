package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

import io.foresight.model.Architecture;
import io.foresight.model.Baselines;
import io.foresight.model.Method;
import io.foresight.registry.ModelVersion;
import io.foresight.window.WindowPlan;

/** The choice rule, in one place: ensemble, COMBINED, the one-standard-error rule against the statistical methods. */
class SelectionTest {

    static final int WINDOWS = 20;
    static final double ACTUAL = 10;
    static final HeldBackWindows HELD_BACK = heldBack();

    static HeldBackWindows heldBack() {
        double[][] actual = new double[WINDOWS][];
        int[] ends = new int[WINDOWS];
        for (int i = 0; i < WINDOWS; i++) {
            actual[i] = new double[] {ACTUAL};
            ends[i] = 20 + i;
        }
        return new HeldBackWindows(new double[1][40], new WindowPlan(40, 2, 1, 20), 1, ends, actual, 1.0, 0);
    }

    /** A candidate whose held-back forecast at window {@code i} is {@code ACTUAL + error(i)}. */
    static Candidate candidate(String name, Method method, IntToDoubleFunction error) {
        double[][] forecasts = new double[WINDOWS][];
        for (int i = 0; i < WINDOWS; i++) {
            forecasts[i] = new double[] {ACTUAL + error.applyAsDouble(i)};
        }
        return new Candidate(name, method, "-", 0, List.of(), Baselines.naive(1), forecasts, HELD_BACK.score(forecasts));
    }

    /** THETA misses by 1 everywhere, the others by more. */
    static List<Candidate> statistical() {
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(candidate("NAIVE", Method.NAIVE, i -> 2));
        candidates.add(candidate("SEASONAL_NAIVE", Method.SEASONAL_NAIVE, i -> 3));
        candidates.add(candidate("THETA", Method.THETA, i -> 1));
        candidates.add(candidate("DAMPED", Method.DAMPED, i -> 1.5));
        return candidates;
    }

    static String chosen(Selection selection) {
        return selection.scores().stream().filter(ModelVersion.CandidateScore::chosen).map(ModelVersion.CandidateScore::name)
                .findFirst().orElseThrow();
    }

    @Test
    void onFewerThanTwoIndependentWindowsAGainIsTakenOnAnyMarginButNotShown() {
        // 10 windows at horizon 7: about 1.4 independent ones; the model is better by a hair at every window
        double[][] actual = new double[10][7];
        double[][] model = new double[10][7];
        double[][] baseline = new double[10][7];
        for (double[] row : baseline) {
            java.util.Arrays.fill(row, 0.01);
        }
        assertThat(Selection.clearlyBetter(actual, model, baseline, 7)).isTrue();
        assertThat(Selection.shownBetter(actual, model, baseline, 7)).isFalse();
        // 20 windows (about 2.9 independent) with the same steady gain: shown
        double[][] more = new double[20][7];
        double[][] moreBaseline = new double[20][7];
        for (double[] row : moreBaseline) {
            java.util.Arrays.fill(row, 0.01);
        }
        assertThat(Selection.shownBetter(more, new double[20][7], moreBaseline, 7)).isTrue();
    }

    @Test
    void aNetworkClearlyBetterThanTheBestStatisticalMethodWins() {
        Candidate network = candidate("LSTM/RELATIVE/seeds [1, 2, 3]", Method.LSTM, i -> 0.5);
        Selection selection = Selection.choose(Architecture.AUTO, HELD_BACK, List.of(network), null, statistical());
        assertThat(selection.winner().name()).isEqualTo(network.name());
        assertThat(chosen(selection)).isEqualTo(network.name());
        // the network, COMBINED (mean of 10.5, 11 and 11.5: worse), then the statistical methods
        assertThat(selection.scores()).extracting(ModelVersion.CandidateScore::method).containsExactly(Method.LSTM,
                Method.COMBINED, Method.NAIVE, Method.SEASONAL_NAIVE, Method.THETA, Method.DAMPED);
        assertThat(selection.validation().model().mase()).isEqualTo(0.5);
        assertThat(selection.validation().beatsNaive()).isTrue();
        assertThat(selection.reason()).startsWith(network.name() + " chosen: lowest validation MASE (0.5000) of 6 candidates");
    }

    @Test
    void aNetworkWithinOneStandardErrorLosesToTheBestStatisticalMethod() {
        // lower MASE than THETA (0.95 < 1), but the per-window difference (+1, -0.9, ...) is mostly noise
        Candidate network = candidate("LSTM/RELATIVE/seed 1", Method.LSTM, i -> i % 2 == 0 ? 0 : 1.9);
        Selection selection = Selection.choose(Architecture.AUTO, HELD_BACK, List.of(network), null, statistical());
        assertThat(selection.winner().method()).isEqualTo(Method.THETA);
        assertThat(selection.winner().networks()).isEmpty();
        assertThat(chosen(selection)).isEqualTo("THETA");
        assertThat(selection.reason()).startsWith("THETA chosen: validation MASE 1.0000 against the best network's");
    }

    @Test
    void anExplicitArchitectureKeepsItsNetworkEvenWhenAStatisticalMethodIsBetter() {
        Candidate network = candidate("SIMPLE_RNN/RELATIVE/seed 1", Method.SIMPLE_RNN, i -> 5);
        Selection selection = Selection.choose(Architecture.SIMPLE_RNN, HELD_BACK, List.of(network), null, statistical());
        assertThat(selection.winner().name()).isEqualTo(network.name());
        assertThat(selection.reason()).isEqualTo(network.name() + " requested explicitly; validation MASE 5.0000");
        // no COMBINED for an explicit architecture
        assertThat(selection.scores()).extracting(ModelVersion.CandidateScore::method).doesNotContain(Method.COMBINED);
    }

    @Test
    void theEnsembleOfTheBestNetworksReplacesTheBestWhenItValidatesAsWell() {
        Candidate high = candidate("LSTM/RELATIVE/seed 1", Method.LSTM, i -> 0.5);
        Candidate low = candidate("SIMPLE_RNN/RELATIVE/seed 2", Method.SIMPLE_RNN, i -> -0.5);
        Candidate parent = candidate(ModelVersion.PARENT_CANDIDATE_PREFIX + 1, Method.LSTM, i -> 0);
        Selection selection = Selection.choose(Architecture.AUTO, HELD_BACK, List.of(high, low), parent, statistical());
        assertThat(selection.winner().method()).isEqualTo(Method.ENSEMBLE);
        assertThat(selection.winner().name()).isEqualTo("ENSEMBLE of [" + high.name() + ", " + low.name() + "]");
        assertThat(selection.winner().mase()).isZero();
        // the parent is scored (better than anything here) but never chosen
        assertThat(selection.scores()).extracting(ModelVersion.CandidateScore::method).containsExactly(Method.LSTM,
                Method.SIMPLE_RNN, Method.ENSEMBLE, Method.COMBINED, Method.LSTM, Method.NAIVE, Method.SEASONAL_NAIVE,
                Method.THETA, Method.DAMPED);
        assertThat(chosen(selection)).startsWith("ENSEMBLE");
    }

    static final int ORIGINS = 40;
    /** Rolling origins one step apart whose last {@link #WINDOWS} are the held-back windows' (ends 20..39). */
    static final HeldBackWindows ROLLING = rolling();

    static HeldBackWindows rolling() {
        double[][] actual = new double[ORIGINS][];
        int[] ends = new int[ORIGINS];
        for (int i = 0; i < ORIGINS; i++) {
            actual[i] = new double[] {ACTUAL};
            ends[i] = i;
        }
        return new HeldBackWindows(new double[1][40], new WindowPlan(40, 2, 1, 0), 1, ends, actual, 1.0, 0);
    }

    /** A statistical candidate scored on {@link #ROLLING}: its forecast at origin {@code i} is {@code ACTUAL + error(i)}. */
    static Candidate rollingCandidate(String name, Method method, IntToDoubleFunction error) {
        double[][] all = new double[ORIGINS][];
        for (int i = 0; i < ORIGINS; i++) {
            all[i] = new double[] {ACTUAL + error.applyAsDouble(i)};
        }
        double[][] forecasts = ROLLING.rowsOf(all, HELD_BACK);
        return new Candidate(name, method, "-", 0, List.of(), Baselines.naive(1), forecasts, HELD_BACK.score(forecasts), null,
                new Candidate.Rolling(all, ROLLING.score(all).mase(), ROLLING.foldMase(all), null, null, null));
    }

    @Test
    void theStatisticalChoiceIsMadeOnTheRollingOriginsNotOnTheHeldBackWindowsAlone() {
        // DAMPED misses by 1 at every origin; THETA by 0 on the held-back windows but by 4 at the 20 earlier origins
        List<Candidate> statistical = List.of(rollingCandidate("NAIVE", Method.NAIVE, i -> 3),
                rollingCandidate("SEASONAL_NAIVE", Method.SEASONAL_NAIVE, i -> 3.5),
                rollingCandidate("THETA", Method.THETA, i -> i < 20 ? 4 : 0), rollingCandidate("DAMPED", Method.DAMPED, i -> 1),
                rollingCandidate("ETS", Method.ETS, i -> 2.5));
        Selection selection = Selection.choose(Architecture.AUTO, HELD_BACK, List.of(), null, statistical, ROLLING);
        assertThat(selection.winner().name()).isEqualTo("DAMPED");
        assertThat(chosen(selection)).isEqualTo("DAMPED");
        assertThat(selection.reason()).startsWith("DAMPED chosen. Statistical choice: DAMPED: the lowest MASE over 40 "
                + "rolling origins (about 40.0 independent)").contains("better than the next by more than one standard error");
        ModelVersion.CandidateScore theta = selection.scores().stream().filter(c -> c.name().equals("THETA")).findFirst()
                .orElseThrow();
        assertThat(theta.validationMase()).isZero();
        assertThat(theta.originMase()).isEqualTo(2.0);
        // folds of one horizon (one origin here), earliest first
        assertThat(theta.foldMase()).hasSize(ORIGINS).startsWith(4.0).endsWith(0.0);
    }

    @Test
    void withoutAClearlyBestMethodTheBestAreCombined() {
        // THETA and DAMPED alternate: each is better at half of the origins, neither clearly
        List<Candidate> statistical = List.of(rollingCandidate("NAIVE", Method.NAIVE, i -> 3),
                rollingCandidate("SEASONAL_NAIVE", Method.SEASONAL_NAIVE, i -> 3.5),
                rollingCandidate("THETA", Method.THETA, i -> i % 2 == 0 ? 0.5 : -1.5),
                rollingCandidate("DAMPED", Method.DAMPED, i -> i % 2 == 0 ? 1.6 : -0.4),
                rollingCandidate("ETS", Method.ETS, i -> -2));
        Selection selection = Selection.choose(Architecture.AUTO, HELD_BACK, List.of(), null, statistical, ROLLING);
        Candidate winner = selection.winner();
        assertThat(winner.method()).isEqualTo(Method.COMBINATION);
        int combined = Selection.COMBINING.members;
        assertThat(winner.rolling().members()).containsExactlyElementsOf(List.of(Method.THETA, Method.DAMPED, Method.ETS)
                .subList(0, combined));
        // its held-back forecasts combine the members' (mean or median of THETA, DAMPED, ETS at each window)
        double[] members = {10.5, 11.6, 8};
        double expected = Selection.COMBINING.median ? 10.5 : (10.5 + 11.6 + 8) / 3;
        if (combined == 2) {
            expected = (10.5 + 11.6) / 2;
        }
        assertThat(members).hasSize(3);
        assertThat(winner.forecasts()[0][0]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
        ModelVersion.CandidateScore score = selection.scores().stream().filter(ModelVersion.CandidateScore::chosen)
                .findFirst().orElseThrow();
        assertThat(score.members()).hasSize(combined);
        assertThat(score.combiner()).isIn("mean", "median");
        assertThat(selection.reason()).startsWith(winner.name() + " chosen. Statistical choice: ")
                .contains("no statistical method was better than the next by more than one standard error over 40 rolling "
                        + "origins");
    }

    @Test
    void aNetworkMustBeatTheStatisticalChoiceClearlyOnTheHeldBackWindows() {
        List<Candidate> statistical = List.of(rollingCandidate("NAIVE", Method.NAIVE, i -> 3),
                rollingCandidate("SEASONAL_NAIVE", Method.SEASONAL_NAIVE, i -> 3.5),
                rollingCandidate("THETA", Method.THETA, i -> 2.2), rollingCandidate("DAMPED", Method.DAMPED, i -> 1),
                rollingCandidate("ETS", Method.ETS, i -> 2));
        Candidate noisy = candidate("LSTM/RELATIVE/seed 1", Method.LSTM, i -> i % 2 == 0 ? 0 : 1.9);
        assertThat(Selection.choose(Architecture.AUTO, HELD_BACK, List.of(noisy), null, statistical, ROLLING).winner()
                .name()).isEqualTo("DAMPED");
        Candidate clear = candidate("LSTM/RELATIVE/seed 2", Method.LSTM, i -> 0.2);
        Selection selection = Selection.choose(Architecture.AUTO, HELD_BACK, List.of(clear), null, statistical, ROLLING);
        assertThat(selection.winner().name()).isEqualTo(clear.name());
        assertThat(selection.reason()).startsWith(clear.name() + " chosen: held-back MASE 0.2000, better than the "
                + "statistical choice (DAMPED, 1.0000)");
    }
}
