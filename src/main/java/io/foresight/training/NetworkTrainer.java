package io.foresight.training;

import io.foresight.model.Method;
import io.foresight.model.Network;
import io.foresight.model.NetworkFit;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Windows;

/**
 * Fits one network of a training job ({@link NetworkFit}: Adam on shuffled mini-batches, early stopping on the
 * validation windows, the best epoch kept), at most {@link #MAX_WINDOWS_PER_EPOCH} windows an epoch, a diverged
 * loss reported as a failed job.
 */
final class NetworkTrainer {

    /** Called after every epoch; throwing from it (e.g. on cancellation) stops the training. */
    interface EpochListener extends NetworkFit.EpochListener {
    }

    /** What one fit produced. */
    record Fit(Network network, int epochsRun, int bestEpoch, double bestValidationLoss) {
    }

    /** Most windows one epoch visits ({@link NetworkFit#SINGLE_SERIES_WINDOWS_PER_EPOCH}). */
    static final int MAX_WINDOWS_PER_EPOCH = NetworkFit.SINGLE_SERIES_WINDOWS_PER_EPOCH;

    private NetworkTrainer() {
    }

    static Fit fit(Method method, TrainingSettings settings, long seed, Windows train, Windows validation,
            EpochListener listener) {
        return fit(method, settings, seed, train, validation, listener, null);
    }

    /** Fits {@code initial} further when given (a warm start), else a new network. */
    static Fit fit(Method method, TrainingSettings settings, long seed, Windows train, Windows validation,
            EpochListener listener, Network initial) {
        try {
            NetworkFit.Result fit = NetworkFit.fit(method, settings, seed, train, validation, MAX_WINDOWS_PER_EPOCH,
                    listener, initial);
            return new Fit(fit.network(), fit.epochsRun(), fit.bestEpoch(), fit.bestValidationLoss());
        } catch (NetworkFit.DivergedException e) {
            throw new TrainingFailedException(e.getMessage());
        }
    }
}
