package io.foresight.training;

import java.util.List;

import io.foresight.model.Architecture;

/**
 * What a user asks to train. Only {@code datasetId}, {@code target} and {@code horizon} are required; every
 * other setting is derived from the data when omitted. {@code dropout} is the probability of dropping an
 * activation (as in Keras), {@code earlyStopping} stops after {@code patience} epochs without a better
 * validation loss. {@code warmStartFrom} names a version of the same model whose networks are trained further
 * on the new data (its settings are kept) and which the new version is compared with.
 */
public record TrainingRequest(
        String datasetId,
        String target,
        List<String> features,
        Integer horizon,
        Architecture architecture,
        Integer window,
        List<Integer> layers,
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Double dropout,
        Long seed,
        Boolean earlyStopping,
        Integer patience,
        String representation,
        Integer warmStartFrom) {

    /** A request without a warm start. */
    public TrainingRequest(String datasetId, String target, List<String> features, Integer horizon,
            Architecture architecture, Integer window, List<Integer> layers, Integer epochs, Integer batchSize,
            Double learningRate, Double dropout, Long seed, Boolean earlyStopping, Integer patience,
            String representation) {
        this(datasetId, target, features, horizon, architecture, window, layers, epochs, batchSize, learningRate,
                dropout, seed, earlyStopping, patience, representation, null);
    }

    TrainingRequest withHorizon(Integer h) {
        return new TrainingRequest(datasetId, target, features, h, architecture, window, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, representation, warmStartFrom);
    }

    public TrainingRequest withDatasetId(String id) {
        return new TrainingRequest(id, target, features, horizon, architecture, window, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, representation, warmStartFrom);
    }
}
