package io.foresight.forecast;

import java.util.List;

/**
 * Forecasts of several series of a many-series model in one answer; a series that cannot be forecast (unknown, or
 * without a model since training) is listed in {@code failed} with the reason instead of failing the request.
 */
public record BatchForecast(String model, int version, int horizon, List<Series> series, List<Failure> failed) {

    /** One series' forecast. */
    public record Series(String id, String method, List<Forecast.Point> points) {
    }

    /** A series left out, and why. */
    public record Failure(String id, String detail) {
    }
}
