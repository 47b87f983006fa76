package io.foresight.model;

import java.util.List;

import io.foresight.window.Representation;

/**
 * Every setting a training used, after defaults were derived from the data: what a version records so that
 * it can be reproduced. {@code seasonalPeriod} is the season the service's test chose (the networks, the naive
 * baselines and most statistical methods use it); {@code etsSeasonalPeriod} the season ETS was given, the frequency's
 * own as R's {@code ets} takes it, whose AICc then decides whether to use it (null in versions stored before it was
 * recorded, in warm starts and in many-series versions: ETS had {@code seasonalPeriod}; see {@link #etsPeriod}).
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
        double validationShare,
        Integer etsSeasonalPeriod) {

    public TrainingSettings {
        layers = List.copyOf(layers);
    }

    /** Settings in which ETS has the same season as the other methods ({@code etsSeasonalPeriod} null). */
    public TrainingSettings(Architecture architecture, Representation representation, int window, int horizon,
            List<Integer> layers, int epochs, int batchSize, double learningRate, double dropout, long seed,
            boolean earlyStopping, int patience, int seasonalPeriod, double validationShare) {
        this(architecture, representation, window, horizon, layers, epochs, batchSize, learningRate, dropout, seed,
                earlyStopping, patience, seasonalPeriod, validationShare, null);
    }

    /** The season ETS is fitted with: {@code etsSeasonalPeriod}, or {@code seasonalPeriod} where none was recorded. */
    public int etsPeriod() {
        return etsSeasonalPeriod != null ? etsSeasonalPeriod : seasonalPeriod;
    }

    /** The same settings with ETS given {@code period} (null: the same season as the other methods). */
    public TrainingSettings withEtsSeasonalPeriod(Integer period) {
        return new TrainingSettings(architecture, representation, window, horizon, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, seasonalPeriod, validationShare, period);
    }

    public TrainingSettings withLayers(List<Integer> layers) {
        return new TrainingSettings(architecture, representation, window, horizon, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, seasonalPeriod, validationShare,
                etsSeasonalPeriod);
    }

    public TrainingSettings with(Architecture architecture, Representation representation, long seed) {
        return new TrainingSettings(architecture, representation, window, horizon, layers, epochs, batchSize,
                learningRate, dropout, seed, earlyStopping, patience, seasonalPeriod, validationShare,
                etsSeasonalPeriod);
    }
}
