package io.foresight.training;

/**
 * Where a job is. During {@code AUTO} training several networks are fitted one after another (three seeds per
 * candidate); {@code candidate} names the network the epoch figures belong to (architecture, encoding, seed),
 * {@code candidateIndex} counts the networks from 1 and {@code candidates} is how many there are.
 */
public record Progress(int epoch, int maxEpochs, Double trainLoss, Double validationLoss, int trainWindows,
        int validationWindows, String candidate, int candidateIndex, int candidates) {

    static Progress none() {
        return new Progress(0, 0, null, null, 0, 0, null, 0, 0);
    }
}
