package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void combinedIsTheEqualWeightMeanOfTheNetworksThetaAndDamped() {
        int period = 12;
        int horizon = 6;
        double[] y = new double[90];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + t + 10 * Math.sin(2 * Math.PI * t / period) + (t % 5);
        }
        double[][] channels = {y};
        int[] ends = {60, 75, 90};
        Forecaster networks = Baselines.seasonalNaive(period, horizon); // stands in for the networks
        double[][] combined = Baselines.combined(networks, period, horizon).forecast(channels, ends);
        double[][] a = networks.forecast(channels, ends);
        double[][] b = new ThetaForecaster(period, horizon, null).forecast(channels, ends);
        double[][] c = new DampedTrendForecaster(period, horizon, null).forecast(channels, ends);
        for (int i = 0; i < ends.length; i++) {
            for (int k = 0; k < horizon; k++) {
                assertThat(combined[i][k]).isCloseTo((a[i][k] + b[i][k] + c[i][k]) / 3, within(1e-9));
            }
        }
        assertThat(Baselines.COMBINED_WITH).containsExactly(Method.THETA, Method.DAMPED);
        assertThat(Baselines.of(Method.DAMPED, period, horizon)).isInstanceOf(DampedTrendForecaster.class);
    }

    @Test
    void aPositiveSeriesIsNotForecastBelowZero() {
        // falling by 3 a step to 13: a trend carried on would cross zero within the horizon
        double[] y = new double[30];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 - 3 * t;
        }
        for (Method method : new Method[] {Method.THETA, Method.DAMPED, Method.AUTOREGRESSIVE}) {
            double[] forecast = Baselines.of(method, 1, 12).forecast(new double[][] {y}, new int[] {y.length})[0];
            assertThat(java.util.Arrays.stream(forecast).min().getAsDouble()).as(method.name()).isGreaterThanOrEqualTo(0.0);
            assertThat(forecast[11]).as(method.name()).isZero();
        }
        // a series that is not positive everywhere may be forecast below zero
        double[] signed = y.clone();
        signed[0] = -1;
        assertThat(Baselines.of(Method.AUTOREGRESSIVE, 1, 12).forecast(new double[][] {signed}, new int[] {signed.length})[0][11])
                .isNegative();
    }
}
