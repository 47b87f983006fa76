package io.foresight.training;

import java.util.List;

import io.foresight.model.Architecture;

/**
 * What a user asks to train. Only {@code datasetId}, {@code target} and {@code horizon} are required; every
 * other setting is derived from the data when omitted. {@code dropout} is the probability of dropping an
 * activation (as in Keras), {@code earlyStopping} stops after {@code patience} epochs without a better
 * validation loss. {@code warmStartFrom} names a version of the same model whose networks are trained further
 * on the new data (its settings are kept) and which the new version is compared with. {@code futureFeatures} are
 * columns whose future values are known (in the dataset after the last target value, or sent with a forecast),
 * {@code calendar} calendar encodings ({@code dayOfWeek}, {@code hourOfDay}, {@code month}, {@code weekOfYear},
 * {@code dayOfYear}) and {@code holidays} a country's public holidays ({@code "GB"}, {@code "GB-SCT"}): the known
 * future, which the model reads at the steps it predicts.
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
        Integer warmStartFrom,
        List<String> futureFeatures,
        List<String> calendar,
        String holidays) {

    /** A request without a warm start. */
    public TrainingRequest(String datasetId, String target, List<String> features, Integer horizon,
            Architecture architecture, Integer window, List<Integer> layers, Integer epochs, Integer batchSize,
            Double learningRate, Double dropout, Long seed, Boolean earlyStopping, Integer patience,
            String representation) {
        this(datasetId, target, features, horizon, architecture, window, layers, epochs, batchSize, learningRate,
                dropout, seed, earlyStopping, patience, representation, null);
    }

    /** A request without known future inputs. */
    public TrainingRequest(String datasetId, String target, List<String> features, Integer horizon,
            Architecture architecture, Integer window, List<Integer> layers, Integer epochs, Integer batchSize,
            Double learningRate, Double dropout, Long seed, Boolean earlyStopping, Integer patience,
            String representation, Integer warmStartFrom) {
        this(datasetId, target, features, horizon, architecture, window, layers, epochs, batchSize, learningRate,
                dropout, seed, earlyStopping, patience, representation, warmStartFrom, null, null, null);
    }

    /** Whether it asks for any known future input. */
    boolean knowsFuture() {
        return futureFeatures != null && !futureFeatures.isEmpty() || calendar != null && !calendar.isEmpty()
                || holidays != null;
    }

    TrainingRequest withHorizon(Integer h) {
        return new TrainingRequest(datasetId, target, features, h, architecture, window, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, representation, warmStartFrom, futureFeatures,
                calendar, holidays);
    }

    public TrainingRequest withDatasetId(String id) {
        return new TrainingRequest(id, target, features, horizon, architecture, window, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, representation, warmStartFrom, futureFeatures,
                calendar, holidays);
    }
}
