package io.foresight.forecast;

import java.util.List;
import java.util.Map;

/**
 * A forecast request. {@code history} (optional) holds the most recent observations to forecast from, oldest
 * first, each with its timestamp and a value for the target and every feature column (null = missing);
 * {@code quantiles} (optional) the probabilities whose quantiles each point should carry; {@code future}
 * (optional) the values of the model's future features at the steps to forecast (a scenario: they replace the
 * values stored with the training data).
 */
public record ForecastQuery(String model, Integer horizon, List<Observation> history, Integer version, String alias,
        List<Double> levels, List<Double> quantiles, List<Observation> future) {

    /** A request without future values. */
    public ForecastQuery(String model, Integer horizon, List<Observation> history, Integer version, String alias,
            List<Double> levels, List<Double> quantiles) {
        this(model, horizon, history, version, alias, levels, quantiles, null);
    }

    /** A request without quantiles. */
    public ForecastQuery(String model, Integer horizon, List<Observation> history, Integer version, String alias,
            List<Double> levels) {
        this(model, horizon, history, version, alias, levels, null);
    }

    public record Observation(String timestamp, Map<String, Double> values) {
    }
}
