package io.foresight.forecast;

import java.time.LocalDateTime;

/**
 * The forecast of one observation made from everything before it, as a forecast from the end of the data would have
 * been made just before it arrived ({@link ForecastService#oneStepAhead}).
 *
 * @param actual   the observed value
 * @param expected the one-step-ahead forecast
 * @param lower    the lower bound of the interval at the level asked for
 * @param upper    the upper bound of that interval
 */
public record OneStepAhead(LocalDateTime timestamp, double actual, double expected, double lower, double upper) {
}
