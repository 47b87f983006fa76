package io.foresight.forecast;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A forecast: one point per future step, with intervals keyed by level in percent ("80", "95"). */
public record Forecast(String model, int version, String method, int horizon, List<Point> points) {

    /**
     * One step: the point forecast, the interval bounds by level and, when the request asked for them, the
     * {@code quantiles} by probability ({@code "0.1"}, {@code "0.9"}; absent otherwise).
     */
    public record Point(String timestamp, double value, Map<String, Double> lower, Map<String, Double> upper,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> quantiles) {

        public Point(String timestamp, double value, Map<String, Double> lower, Map<String, Double> upper) {
            this(timestamp, value, lower, upper, null);
        }
    }
}
