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
        double[][] b = new ThetaForecaster(period, horizon).forecast(channels, ends);
        double[][] c = new DampedTrendForecaster(period, horizon).forecast(channels, ends);
        for (int i = 0; i < ends.length; i++) {
            for (int k = 0; k < horizon; k++) {
                assertThat(combined[i][k]).isCloseTo((a[i][k] + b[i][k] + c[i][k]) / 3, within(1e-9));
            }
        }
        assertThat(Baselines.COMBINED_WITH).containsExactly(Method.THETA, Method.DAMPED);
        assertThat(Baselines.of(Method.DAMPED, period, horizon)).isInstanceOf(DampedTrendForecaster.class);
    }
}
