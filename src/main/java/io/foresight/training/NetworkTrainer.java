package io.foresight.training;

import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import io.foresight.model.Method;
import io.foresight.model.Networks;
import io.foresight.model.RecurrentTraining;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Windows;

/**
 * Fits one network: Adam on shuffled mini-batches ({@link RecurrentTraining}, DL4J's step in plain Java),
 * validation loss after every epoch, early stopping on it (the parameters of the best epoch are kept), and a
 * clear failure when the loss stops being finite.
 */
final class NetworkTrainer {

    /** Called after every epoch; throwing from it (e.g. on cancellation) stops the training. */
    interface EpochListener {
        void epochEnded(int epoch, int maxEpochs, double trainLoss, double validationLoss);

        /** Called after every mini-batch, so that a stop is noticed within one batch. */
        default void batchEnded() {
        }
    }

    /** What one fit produced. */
    record Fit(MultiLayerNetwork network, int epochsRun, int bestEpoch, double bestValidationLoss) {
    }

    /**
     * Most windows one epoch visits: long series get a fresh random subset every epoch, so that an epoch
     * costs the same on a 4,000-point series as on a 1,000-point one.
     */
    static final int MAX_WINDOWS_PER_EPOCH = 1024;

    private NetworkTrainer() {
    }

    static Fit fit(Method method, TrainingSettings settings, long seed, Windows train, Windows validation,
            EpochListener listener) {
        return fit(method, settings, seed, train, validation, listener, null);
    }

    /** Fits {@code initial} further when given (a warm start), else a new network. */
    static Fit fit(Method method, TrainingSettings settings, long seed, Windows train, Windows validation,
            EpochListener listener, MultiLayerNetwork initial) {
        int channels = train.inputs()[0].length;
        MultiLayerNetwork network = initial != null ? initial : Networks.build(method, channels, settings, seed);
        RecurrentTraining training = RecurrentTraining.of(network, settings.dropout(), seed);
        Random random = new Random(seed);
        int available = train.count();
        int n = Math.min(available, MAX_WINDOWS_PER_EPOCH);
        int[] order = new int[available];
        for (int i = 0; i < available; i++) {
            order[i] = i;
        }
        double best = Double.POSITIVE_INFINITY;
        float[][] bestParams = training.snapshot();
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < settings.epochs()) {
            epoch++;
            shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < n; start += settings.batchSize()) {
                int size = Math.min(settings.batchSize(), n - start);
                float[][][] x = new float[size][][];
                float[][] y = new float[size][];
                for (int i = 0; i < size; i++) {
                    x[i] = train.inputs()[order[start + i]];
                    y[i] = train.targets()[order[start + i]];
                }
                lossSum += training.fit(x, y);
                batches++;
                listener.batchEnded();
            }
            double trainLoss = lossSum / batches;
            double validationLoss = training.loss(validation.inputs(), validation.targets());
            if (!Double.isFinite(trainLoss) || !Double.isFinite(validationLoss)) {
                throw new TrainingFailedException("Training diverged: the loss became " + trainLoss + " (train) / "
                        + validationLoss + " (validation) in epoch " + epoch
                        + "; lower the learningRate or check the data for extreme values.");
            }
            if (validationLoss < best) {
                best = validationLoss;
                bestParams = training.snapshot();
                bestEpoch = epoch;
            }
            listener.epochEnded(epoch, settings.epochs(), trainLoss, validationLoss);
            if (settings.earlyStopping() && epoch - bestEpoch >= settings.patience()) {
                break;
            }
        }
        training.restore(bestParams);
        return new Fit(training.network(), epoch, bestEpoch, best);
    }

    /** Fisher-Yates with {@code random}: the order a seed gives is part of a training's reproducibility. */
    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
