package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DampedTrendForecasterTest {

    @Test
    void aConstantSeriesIsForecastAsThatConstant() {
        double[] y = new double[40];
        java.util.Arrays.fill(y, 7.5);
        double[] forecast = new DampedTrendForecaster(1, 6, null).forecast(y);
        for (double v : forecast) {
            assertThat(v).isCloseTo(7.5, within(1e-9));
        }
    }

    @Test
    void aLinearTrendIsContinuedAndDampedNotReversed() {
        double[] y = new double[60];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 2 * t;
        }
        double[] forecast = new DampedTrendForecaster(1, 10, null).forecast(y);
        double last = y[y.length - 1];
        // the first step is the slope damped once (phi between 0.8 and 0.98)
        assertThat(forecast[0] - last).isBetween(0.8 * 2 - 1e-9, 2.0 + 1e-9);
        for (int k = 1; k < forecast.length; k++) {
            double step = forecast[k] - forecast[k - 1];
            assertThat(step).isPositive().isLessThanOrEqualTo(2.0 + 1e-9);
        }
        // damping: ten steps ahead is below the undamped line but well above the last value
        assertThat(forecast[9]).isLessThan(last + 20 + 1e-9).isGreaterThan(last + 10);
    }

    @Test
    void aMultiplicativeSeasonIsCarriedIntoTheForecast() {
        int period = 12;
        double[] y = new double[120];
        double[] season = new double[period];
        for (int j = 0; j < period; j++) {
            season[j] = 1 + 0.3 * Math.sin(2 * Math.PI * j / period);
        }
        for (int t = 0; t < y.length; t++) {
            y[t] = (200 + t) * season[t % period];
        }
        double[] forecast = new DampedTrendForecaster(period, 12, null).forecast(y);
        for (int k = 0; k < 12; k++) {
            double expected = (200 + y.length + k) * season[(y.length + k) % period];
            assertThat(forecast[k]).isCloseTo(expected, within(0.03 * expected));
        }
        // without the season the same data is forecast badly: the seasonal adjustment does the work
        double[] flat = new DampedTrendForecaster(1, 12, null).forecast(y);
        double seasonalError = 0;
        double flatError = 0;
        for (int k = 0; k < 12; k++) {
            double expected = (200 + y.length + k) * season[(y.length + k) % period];
            seasonalError += Math.abs(forecast[k] - expected);
            flatError += Math.abs(flat[k] - expected);
        }
        assertThat(seasonalError).isLessThan(flatError / 5);
    }

    @Test
    void forecastsFromEveryEndUseOnlyThePastAndAreReproducible() {
        double[] y = new double[80];
        java.util.Random random = new java.util.Random(3);
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + t * 0.5 + random.nextGaussian() * 3;
        }
        DampedTrendForecaster damped = new DampedTrendForecaster(1, 5, null);
        double[][] channels = {y};
        double[][] a = damped.forecast(channels, new int[] {40, 60});
        double[] changedFuture = y.clone();
        for (int t = 40; t < y.length; t++) {
            changedFuture[t] = -1000;
        }
        double[][] b = damped.forecast(new double[][] {changedFuture}, new int[] {40});
        assertThat(b[0]).containsExactly(a[0]);
        assertThat(damped.forecast(channels, new int[] {40, 60})).isDeepEqualTo(a);
    }
}
