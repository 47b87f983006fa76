package io.foresight.training;

/**
 * Where a job is. During {@code AUTO} training several networks are fitted one after another (three seeds per
 * candidate); {@code candidate} names the network the epoch figures belong to (architecture, encoding, seed),
 * {@code candidateIndex} counts the networks from 1 and {@code candidates} is how many there are. A many-series job
 * also counts its series ({@code seriesDone} of {@code seriesTotal}, {@code seriesFailed} of them without a model);
 * these are null for one series.
 */
public record Progress(int epoch, int maxEpochs, Double trainLoss, Double validationLoss, int trainWindows,
        int validationWindows, String candidate, int candidateIndex, int candidates, Integer seriesDone,
        Integer seriesFailed, Integer seriesTotal) {

    public Progress(int epoch, int maxEpochs, Double trainLoss, Double validationLoss, int trainWindows, int validationWindows,
            String candidate, int candidateIndex, int candidates) {
        this(epoch, maxEpochs, trainLoss, validationLoss, trainWindows, validationWindows, candidate, candidateIndex,
                candidates, null, null, null);
    }

    static Progress none() {
        return new Progress(0, 0, null, null, 0, 0, null, 0, 0);
    }

    /** The same network figures with the series counted. */
    Progress withSeries(int done, int failed, int total) {
        return new Progress(epoch, maxEpochs, trainLoss, validationLoss, trainWindows, validationWindows, candidate,
                candidateIndex, candidates, done, failed, total);
    }
}
