package io.foresight.forecast;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Published after a forecast answered from stored data (the end of the training data and the observations since; no
 * {@code history} in the request), so that it can be recorded and scored later against the actual values. One event
 * per request: a batch carries every series it answered.
 *
 * @param levels the interval levels the points carry, ascending (the request's, or the default ones)
 */
public record ForecastsAnswered(String model, int version, String frequency, List<Double> levels, List<Answer> answers) {

    /**
     * One series' forecast.
     *
     * @param series         the series' id ({@code ""} for a single-series model)
     * @param origin         the last timestamp the forecast started from (its first point is one step after it)
     * @param maseScale      the scale of the series' validation MASE (the in-sample naive error it is divided by)
     * @param validationMase the series' validation MASE (the version's for a single-series model)
     */
    public record Answer(String series, LocalDateTime origin, double maseScale, double validationMase,
            List<Forecast.Point> points) {
    }
}
