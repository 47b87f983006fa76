package io.foresight.model;

import java.util.Objects;
import java.util.Random;

import io.foresight.window.Windows;

/**
 * Fits one network of a given {@link Method} on encoded windows: Adam on shuffled mini-batches
 * ({@link RecurrentTraining}, the plain-Java step), the loss on the validation windows after every epoch, early
 * stopping on it (the parameters of the best epoch are kept), and {@link DivergedException} when the loss stops
 * being finite. It knows nothing of series: the windows may come from one series (a training job) or from many,
 * each encoded by its own series' {@link io.foresight.window.Scaler} (a global network); see
 * {@link NetworkForecaster#withScaler} for forecasting each series with the fitted network.
 */
public final class NetworkFit {

    /**
     * Most windows one epoch visits for a single series: long series get a fresh random subset every epoch, so that
     * an epoch costs the same on a 4,000-point series as on a 1,000-point one.
     */
    public static final int SINGLE_SERIES_WINDOWS_PER_EPOCH = 1024;

    private NetworkFit() {
    }

    /** Called after every epoch; throwing from it (e.g. on cancellation) stops the training. */
    public interface EpochListener {
        void epochEnded(int epoch, int maxEpochs, double trainLoss, double validationLoss);

        /** Called after every mini-batch, so that a stop is noticed within one batch. */
        default void batchEnded() {
        }

        EpochListener NONE = (epoch, maxEpochs, trainLoss, validationLoss) -> {
        };
    }

    /** What one fit produced: the network with its best epoch's parameters. */
    public record Result(Network network, int epochsRun, int bestEpoch, double bestValidationLoss) {
    }

    /** The loss stopped being finite; the message says so in the request's terms. */
    public static final class DivergedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        DivergedException(String message) {
            super(message);
        }
    }

    /**
     * Fits {@code initial} further when given (a warm start), else a new network of {@code method}
     * ({@link Networks#initial}, seeded with {@code seed}).
     *
     * @param settings        layers, horizon, epochs, batch size, learning rate, dropout, early stopping and patience
     *                        (window and channels come from the windows themselves)
     * @param train           encoded windows: inputs [window][channel][step], targets [window][horizon step]
     * @param validation      windows early stopping watches (at least one)
     * @param windowsPerEpoch most training windows one epoch visits (a fresh shuffled subset each epoch when fewer
     *                        than {@code train.count()}): {@link #SINGLE_SERIES_WINDOWS_PER_EPOCH} for one series,
     *                        {@code Integer.MAX_VALUE} for every window every epoch
     * @throws DivergedException when the training or validation loss is not finite after an epoch
     */
    public static Result fit(Method method, TrainingSettings settings, long seed, Windows train, Windows validation,
            int windowsPerEpoch, EpochListener listener, Network initial) {
        Objects.requireNonNull(listener, "listener");
        if (train.count() == 0 || validation.count() == 0) {
            throw new IllegalArgumentException("training and validation windows must not be empty");
        }
        int channels = train.inputs()[0].length;
        Network network = initial != null ? initial : Networks.initial(method, channels, settings, seed);
        RecurrentTraining training = RecurrentTraining.of(network, settings.dropout(), seed);
        Random random = new Random(seed);
        int available = train.count();
        int n = Math.min(available, windowsPerEpoch);
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
                throw new DivergedException("Training diverged: the loss became " + trainLoss + " (train) / "
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
        return new Result(training.network(), epoch, bestEpoch, best);
    }

    /** Fisher-Yates with {@code random}: the order a seed gives is part of a training's reproducibility. */
    public static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
