package io.foresight.forecast;

import java.util.List;

/** A forecast of one series of a many-series model: one point per future step, with intervals keyed by level. */
public record SeriesForecast(String model, int version, String series, String method, int horizon,
        List<Forecast.Point> points) {
}
