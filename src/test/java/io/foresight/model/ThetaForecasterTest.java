package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThetaForecasterTest {

    @Test
    void aConstantSeriesIsForecastAsThatConstant() {
        double[] y = new double[40];
        java.util.Arrays.fill(y, 7.5);
        double[] forecast = new ThetaForecaster(1, 5).forecast(new double[][] {y}, 40);
        for (double v : forecast) {
            assertThat(v).isCloseTo(7.5, within(1e-9));
        }
    }

    @Test
    void aTrendIsContinuedAtHalfItsSlopeFromTheSmoothedLevel() {
        double[] y = new double[50];
        for (int t = 0; t < 50; t++) {
            y[t] = 10 + 2 * t;
        }
        double[] forecast = new ThetaForecaster(1, 4).forecast(new double[][] {y}, 50);
        // theta = 0 and theta = 2 lines averaged: the forecast rises by half the slope per step
        assertThat(forecast[1] - forecast[0]).isCloseTo(1.0, within(1e-9));
        assertThat(forecast[0]).isBetween(y[49], y[49] + 2);
    }

    @Test
    void anExactMultiplicativeSeasonIsReproduced() {
        double[] pattern = {0.8, 1.0, 1.3, 0.9};
        double[] y = new double[48];
        for (int t = 0; t < 48; t++) {
            y[t] = 100 * pattern[t % 4];
        }
        ThetaForecaster theta = new ThetaForecaster(4, 8);
        assertThat(theta.seasonalIndices(y)).isNotNull();
        double[] forecast = theta.forecast(new double[][] {y}, 48);
        for (int k = 0; k < 8; k++) {
            assertThat(forecast[k]).isCloseTo(100 * pattern[k % 4], within(1e-6));
        }
    }
}
