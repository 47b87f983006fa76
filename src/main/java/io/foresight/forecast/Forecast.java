package io.foresight.forecast;

import java.util.List;
import java.util.Map;

/** A forecast: one point per future step, with intervals keyed by level in percent ("80", "95"). */
public record Forecast(String model, int version, String method, int horizon, List<Point> points) {

    public record Point(String timestamp, double value, Map<String, Double> lower, Map<String, Double> upper) {
    }
}
