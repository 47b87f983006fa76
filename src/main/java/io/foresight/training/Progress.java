package io.foresight.training;

/**
 * Where a job is. During {@code AUTO} training several candidates are fitted one after another;
 * {@code candidate} names the one the epoch figures belong to.
 */
public record Progress(int epoch, int maxEpochs, Double trainLoss, Double validationLoss, int trainWindows,
        int validationWindows, String candidate, int candidateIndex, int candidates) {

    static Progress none() {
        return new Progress(0, 0, null, null, 0, 0, null, 0, 0);
    }
}
