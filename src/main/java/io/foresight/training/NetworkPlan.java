package io.foresight.training;

import java.util.ArrayList;
import java.util.List;

import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Representation;
import io.foresight.window.WindowPlan;

/**
 * A network candidate to fit: architecture, encoding, seeds (one network each; the candidate forecasts with their
 * mean), layer sizes ({@code named}: whether its name shows them).
 */
record NetworkPlan(Method method, Representation representation, List<Long> seeds, List<Integer> layers, boolean named) {

    /**
     * Networks (seeds) behind each AUTO candidate, which forecasts with their mean: averaging networks that differ
     * only in their random start is what makes R's nnetar work. One candidate of three seeds instead of three
     * candidates adds no choice, so no winner's curse (docs/BACKTEST.md has the measurements).
     */
    static final int SEEDS_PER_NETWORK = 3;

    NetworkPlan {
        seeds = List.copyOf(seeds);
    }

    String name() {
        return method + "/" + representation + (named ? "/" + layers : "")
                + (seeds.size() == 1 ? "/seed " + seeds.get(0) : "/seeds " + seeds);
    }

    /**
     * What to fit. An explicit architecture gets one network with the requested representation and layers.
     * {@code AUTO} gets nothing on a series too short for network windows (statistical methods only), otherwise
     * for each of {@code layers} LSTM and SimpleRNN, each on the window-relative encoding and, for seasonal series
     * with enough data, on seasonal differences, each the mean of {@link #SEEDS_PER_NETWORK} networks with their
     * own seeds.
     */
    static List<NetworkPlan> plans(TrainingSettings settings, WindowPlan plan, List<List<Integer>> layers) {
        if (settings.architecture() != Architecture.AUTO) {
            return List.of(new NetworkPlan(Method.of(settings.architecture()), settings.representation(),
                    List.of(settings.seed()), settings.layers(), false));
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
        List<NetworkPlan> plans = new ArrayList<>();
        long seed = settings.seed();
        for (List<Integer> size : layers) {
            for (Representation representation : representations) {
                for (Method method : List.of(Method.LSTM, Method.SIMPLE_RNN)) {
                    List<Long> seeds = new ArrayList<>();
                    for (int j = 0; j < SEEDS_PER_NETWORK; j++) {
                        seeds.add(seed++);
                    }
                    plans.add(new NetworkPlan(method, representation, seeds, size, layers.size() > 1));
                }
            }
        }
        return plans;
    }

    /** A warm start's plans: each of the parent's networks, trained further with its own encoding and seed. */
    static List<NetworkPlan> continuing(ModelVersion parent, TrainingSettings settings) {
        return parent.members().stream().map(m -> new NetworkPlan(m.method(), m.scaler().representation(),
                List.of(m.seed()), settings.layers(), false)).toList();
    }
}
