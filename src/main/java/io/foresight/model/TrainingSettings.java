package io.foresight.model;

import java.util.List;

import io.foresight.window.Representation;

/**
 * Every setting a training used, after defaults were derived from the data: what a version records so that
 * it can be reproduced.
 */
public record TrainingSettings(
        Architecture architecture,
        Representation representation,
        int window,
        int horizon,
        List<Integer> layers,
        int epochs,
        int batchSize,
        double learningRate,
        double dropout,
        long seed,
        boolean earlyStopping,
        int patience,
        int seasonalPeriod,
        double validationShare) {

    public TrainingSettings {
        layers = List.copyOf(layers);
    }

    public TrainingSettings withLayers(List<Integer> layers) {
        return new TrainingSettings(architecture, representation, window, horizon, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, seasonalPeriod, validationShare);
    }

    public TrainingSettings with(Architecture architecture, Representation representation, long seed) {
        return new TrainingSettings(architecture, representation, window, horizon, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, seasonalPeriod, validationShare);
    }
}
