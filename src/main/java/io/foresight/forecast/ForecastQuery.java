package io.foresight.forecast;

import java.util.List;
import java.util.Map;

/**
 * A forecast request. {@code history} (optional) holds the most recent observations to forecast from, oldest
 * first, each with its timestamp and a value for the target and every feature column (null = missing);
 * {@code quantiles} (optional) the probabilities whose quantiles each point should carry; {@code future}
 * (optional) the values of the model's future features at the steps to forecast (a scenario: they replace the
 * values stored with the training data); for a many-series model each row names its {@code series}.
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

    /**
     * One row of {@code history} or {@code future}: a timestamp and values by column; {@code series} (a {@code future}
     * row for a many-series model) the id of the series the values are for, or null.
     */
    public record Observation(String timestamp, Map<String, Double> values, String series) {

        public Observation(String timestamp, Map<String, Double> values) {
            this(timestamp, values, null);
        }
    }

    /** The same request with {@code future} in place of this one's. */
    public ForecastQuery withFuture(List<Observation> future) {
        return new ForecastQuery(model, horizon, history, version, alias, levels, quantiles, future);
    }
}
