package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class RegressionForecasterTest {

    /** A level with noise, plus 30 on promotion days and -12 per degree above 20; 140 points of history, 7 ahead. */
    private static double[][] series(long seed) {
        Random random = new Random(seed);
        int n = 147;
        double[] y = new double[n];
        double[] promo = new double[n];
        double[] temperature = new double[n];
        double[] constant = new double[n];
        for (int t = 0; t < n; t++) {
            promo[t] = random.nextDouble() < 0.3 ? 1 : 0;
            temperature[t] = 20 + 5 * Math.sin(t / 9.0) + random.nextGaussian();
            constant[t] = 1;
            y[t] = 500 + 30 * promo[t] - 12 * (temperature[t] - 20) + random.nextGaussian() * 2;
        }
        return new double[][] {y, promo, temperature, constant};
    }

    @Test
    void recoversTheDriversEffectsAndGivesNoWeightToAConstantOne() {
        double[][] channels = series(1);
        RegressionForecaster.Fit fit = RegressionForecaster.fit(channels, 1, 0, 140);
        assertThat(fit.beta()[0]).isCloseTo(30, within(1.5));
        assertThat(fit.beta()[1]).isCloseTo(-12, within(0.5));
        assertThat(fit.beta()[2]).isZero();
    }

    @Test
    void forecastsTheRemainderWithItsMethodAndAddsEachStepsOwnDriverEffects() {
        double[][] channels = series(2);
        RegressionForecaster regression = new RegressionForecaster(Baselines.naive(7), 3);
        double[] forecast = regression.forecast(channels, 140);
        RegressionForecaster.Fit fit = RegressionForecaster.fit(channels, 1, 0, 140);
        double lastRemainder = channels[0][139] - fit.effect(channels, 1, 139);
        for (int k = 0; k < 7; k++) {
            assertThat(forecast[k]).isCloseTo(lastRemainder + fit.effect(channels, 1, 140 + k), within(1e-9));
            // close to what happened: the drivers explain almost everything here
            assertThat(forecast[k]).isCloseTo(channels[0][140 + k], within(12.0));
        }
        // the remainder keeps the target's level (the drivers' effects are taken about their mean)
        assertThat(lastRemainder).isCloseTo(500, within(40.0));
    }

    @Test
    void aDriverChangedAtOneStepChangesTheForecastAtThatStepOnly() {
        double[][] channels = series(3);
        double[] before = new RegressionForecaster(Baselines.naive(7), 3).forecast(channels, 140);
        channels[1][143] = 1 - channels[1][143];
        double[] after = new RegressionForecaster(Baselines.naive(7), 3).forecast(channels, 140);
        for (int k = 0; k < 7; k++) {
            if (k == 3) {
                assertThat(Math.abs(after[k] - before[k])).isCloseTo(30, within(1.5));
            } else {
                assertThat(after[k]).isEqualTo(before[k]);
            }
        }
    }

    @Test
    void aHistoryTooShortToFitTheDriversLeavesTheRemaindersMethodAlone() {
        double[][] channels = series(4);
        double[] forecast = new RegressionForecaster(Baselines.naive(7), 3).forecast(channels, 5);
        assertThat(forecast).containsOnly(channels[0][4]);
    }
}
