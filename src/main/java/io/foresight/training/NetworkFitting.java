package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.foresight.model.NetworkForecaster;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;
import io.foresight.window.Windows;

/**
 * Fits network candidates: a new network per seed on the training windows with early stopping, or a warm start's
 * network further, reporting progress to the job's monitor; each fitted candidate is scored on the held-back
 * windows.
 */
final class NetworkFitting {

    /** Share of the training windows (the latest) that early stopping watches. */
    static final double EARLY_STOPPING_SHARE = 0.15;

    private final TrainingSettings settings;
    private final HeldBackWindows heldBack;
    private final Trainer.Monitor monitor;

    NetworkFitting(TrainingSettings settings, HeldBackWindows heldBack, Trainer.Monitor monitor) {
        this.settings = settings;
        this.heldBack = heldBack;
        this.monitor = monitor;
    }

    /**
     * Fits every plan in order; {@code warm} gives the network plan {@code i} continues (a warm start: that
     * network further, with the scaler it was trained with, so that its inputs mean what they meant), or null.
     */
    List<Candidate> fit(List<NetworkPlan> plans, IntFunction<NetworkForecaster> warm) {
        return fit(plans, warm, 0);
    }

    /** {@link #fit(List, IntFunction)} after {@code before} networks of the job (its progress counts on from them). */
    private List<Candidate> fit(List<NetworkPlan> plans, IntFunction<NetworkForecaster> warm, int before) {
        List<Candidate> candidates = new ArrayList<>();
        int count = before + plans.stream().mapToInt(p -> p.seeds().size()).sum();
        int fitted = before;
        for (int i = 0; i < plans.size(); i++) {
            candidates.add(fit(plans.get(i), fitted, count, warm.apply(i)));
            fitted += plans.get(i).seeds().size();
        }
        return candidates;
    }

    /** What the name of a network candidate fitted without the known-future channels ends with. */
    static final String WITHOUT_DRIVERS = ModelVersion.CandidateScore.WITHOUT_KNOWN_FUTURE;

    /**
     * The same fitting on the held-back windows without the known-future channels ({@link HeldBackWindows#withoutKnownFuture}):
     * its networks' scalers cover the channels before the known-future ones, which they ignore.
     */
    NetworkFitting withoutKnownFuture() {
        return new NetworkFitting(settings, heldBack.withoutKnownFuture(), monitor);
    }

    /**
     * Network candidates for AUTO's two stages with a known future ({@link Selection#withDrivers}): {@code without}, the
     * networks of the first stage, fitted without the known future; {@code reading}, candidates that read it, each with
     * its counterpart without it in {@code counterparts} (the same plan, its COMBINED).
     */
    record Drivers(List<Candidate> without, List<Candidate> reading, List<Candidate> counterparts) {

        /**
         * {@code network} (reading the known future) and its COMBINED with the statistical methods, against
         * {@code plain} (the same plan without it) and its COMBINED; {@code without} the first stage's networks.
         */
        static Drivers of(List<Candidate> without, Candidate network, Candidate plain, List<Candidate> statistical,
                HeldBackWindows windows) {
            return new Drivers(without, List.of(network, Candidate.combined(network, statistical, windows)),
                    List.of(plain, Candidate.combined(plain, statistical, windows.withoutKnownFuture())));
        }
    }

    /**
     * Every plan fitted without the known-future channels (named with {@link #WITHOUT_DRIVERS}, same plans and seeds),
     * then the best of them fitted again with them ({@link Drivers#of}; one fit, not every plan) when the held-back
     * windows hold enough evidence to show that the known future helps ({@link Selection#enoughEvidence}): with fewer
     * a network reading it could not be chosen, so it is not fitted. {@code statistical}: the methods COMBINED takes.
     */
    Drivers withAndWithout(List<NetworkPlan> plans, List<Candidate> statistical) {
        HeldBackWindows past = heldBack.withoutKnownFuture();
        List<Candidate> without = without(plans);
        if (without.isEmpty() || !Selection.enoughEvidence(past)) {
            return new Drivers(without, List.of(), List.of());
        }
        NetworkPlan best = best(plans, without);
        // the progress counts on from the first stage's networks
        Candidate network = fit(List.of(best), i -> null, plans.stream().mapToInt(p -> p.seeds().size()).sum()).get(0);
        return Drivers.of(without, network, without.get(plans.indexOf(best)), statistical, heldBack);
    }

    /** Every plan fitted without the known-future channels, named with {@link #WITHOUT_DRIVERS} (same plans and seeds). */
    List<Candidate> without(List<NetworkPlan> plans) {
        return withoutKnownFuture().fit(plans, i -> null).stream().map(c -> c.named(c.name() + WITHOUT_DRIVERS)).toList();
    }

    /** The plan of the candidate with the lowest held-back MASE among {@code fitted} (fitted from {@code plans} in order). */
    static NetworkPlan best(List<NetworkPlan> plans, List<Candidate> fitted) {
        int best = 0;
        for (int i = 1; i < fitted.size(); i++) {
            if (fitted.get(i).mase() < fitted.get(best).mase()) {
                best = i;
            }
        }
        return plans.get(best);
    }

    /** {@code first} networks of {@code count} were fitted before (for the progress reports). */
    private Candidate fit(NetworkPlan candidate, int first, int count, NetworkForecaster warm) {
        double[][] channels = heldBack.channels();
        WindowPlan plan = heldBack.plan();
        Scaler scaler = warm != null ? warm.scaler()
                : Scaler.fit(candidate.representation(), settings.seasonalPeriod(), channels, plan.trainEnd(),
                        heldBack.knownFuture(), settings.horizon());
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
        List<Candidate.FittedNetwork> networks = new ArrayList<>();
        int epochs = 0;
        for (int j = 0; j < candidate.seeds().size(); j++) {
            long seed = candidate.seeds().get(j);
            String name = candidate.method() + "/" + candidate.representation() + "/seed " + seed;
            int number = first + j + 1;
            NetworkTrainer.Fit fit = NetworkTrainer.fit(candidate.method(), settings.withLayers(candidate.layers()), seed,
                    train, validation, reporting(monitor::progress, monitor, train, validation, name, number, count),
                    warm == null ? null : warm.network());
            networks.add(new Candidate.FittedNetwork(candidate.method(), seed, scaler,
                    new NetworkForecaster(fit.network(), scaler, settings.window(), settings.horizon())));
            epochs = Math.max(epochs, fit.bestEpoch());
        }
        return Candidate.network(candidate, networks, epochs, heldBack);
    }

    /**
     * A listener that reports each epoch of network {@code number} of {@code count} ({@code name}) to {@code report}
     * and gives the job's monitor a checkpoint after every epoch and mini-batch (where a cancel is noticed).
     */
    static NetworkTrainer.EpochListener reporting(Consumer<Progress> report, Trainer.Monitor monitor, Windows train,
            Windows validation, String name, int number, int count) {
        return new NetworkTrainer.EpochListener() {
            @Override
            public void epochEnded(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                report.accept(new Progress(epoch, maxEpochs, trainLoss, validationLoss, train.count(), validation.count(),
                        name, number, count));
                monitor.checkpoint();
            }

            @Override
            public void batchEnded() {
                monitor.checkpoint();
            }
        };
    }

    private static Windows slice(Windows windows, int from, int to) {
        return new Windows(Arrays.copyOfRange(windows.inputs(), from, to), Arrays.copyOfRange(windows.targets(), from, to),
                Arrays.copyOfRange(windows.ends(), from, to));
    }
}
