package io.foresight.model;

import io.foresight.window.Scaler;

/**
 * A statistical method that works on the series seasonally adjusted by {@link #seasonalIndices} (when the season
 * is significant): {@link #forecastAdjusted} forecasts the adjusted series and the season is put back. What
 * {@link ThetaForecaster}, {@link DampedTrendForecaster} and {@link AutoRegressiveForecaster} share.
 */
abstract class SeasonallyAdjustedForecaster extends StatisticalForecaster {

    /** {@code seasonal}: as for {@link Baselines#of(Method, int, int, Boolean)}; null tests each history. */
    SeasonallyAdjustedForecaster(int period, int horizon, Boolean seasonal) {
        super(period, horizon, seasonal);
    }

    /** The next {@link #horizon} adjusted values after the seasonally adjusted {@code x}. */
    abstract double[] forecastAdjusted(double[] x);

    /**
     * {@link #forecastAdjusted} on {@code y} divided by its seasonal indices, the season put back; a positive
     * series is not forecast below zero.
     */
    @Override
    final double[] forecast(double[] y) {
        double[] seasonal = seasonalIndices(y);
        double[] forecast = forecastAdjusted(adjust(y, seasonal, period));
        if (seasonal != null) {
            for (int k = 0; k < forecast.length; k++) {
                forecast[k] = forecast[k] * seasonal[(y.length + k) % period];
            }
        }
        if (Scaler.positive(y, y.length)) {
            // a positive series (counts, prices, demand) is not forecast below zero, where a trend or cycle can lead
            for (int k = 0; k < forecast.length; k++) {
                forecast[k] = Math.max(forecast[k], 0);
            }
        }
        return forecast;
    }

}
