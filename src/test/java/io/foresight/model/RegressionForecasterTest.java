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
        RegressionForecaster.Fit fit = RegressionForecaster.fit(channels, channels[0], 1, 0, 140);
        assertThat(fit.beta()[0]).isCloseTo(30, within(1.5));
        assertThat(fit.beta()[1]).isCloseTo(-12, within(0.5));
        assertThat(fit.beta()[2]).isZero();
    }

    @Test
    void forecastsTheRemainderWithItsMethodAndAddsEachStepsOwnDriverEffects() {
        double[][] channels = series(2);
        RegressionForecaster regression = new RegressionForecaster(Baselines.naive(7), 3, false);
        double[] forecast = regression.forecast(channels, 140);
        RegressionForecaster.Fit fit = RegressionForecaster.fit(channels, channels[0], 1, 0, 140);
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
        double[] before = new RegressionForecaster(Baselines.naive(7), 3, false).forecast(channels, 140);
        channels[1][143] = 1 - channels[1][143];
        double[] after = new RegressionForecaster(Baselines.naive(7), 3, false).forecast(channels, 140);
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
        double[] forecast = new RegressionForecaster(Baselines.naive(7), 3, false).forecast(channels, 5);
        assertThat(forecast).containsOnly(channels[0][4]);
    }

    /** A level with noise, times 1.35 on promotion days and 0.95 per degree above 20 (log-linear effects). */
    private static double[][] sales(long seed) {
        double[][] channels = series(seed);
        Random random = new Random(seed + 100);
        for (int t = 0; t < channels[0].length; t++) {
            channels[0][t] = 500 * Math.exp(Math.log(1.35) * channels[1][t] + Math.log(0.95) * (channels[2][t] - 20)
                    + 0.01 * random.nextGaussian());
        }
        return channels;
    }

    @Test
    void multiplicativeEffectsAreFittedOnTheLogsAndMultiplyTheRemaindersForecast() {
        double[][] channels = sales(5);
        double[] forecast = new RegressionForecaster(Baselines.naive(7), 3, true).forecast(channels, 140);
        double[] logs = new double[140];
        for (int t = 0; t < 140; t++) {
            logs[t] = Math.log(channels[0][t]);
        }
        RegressionForecaster.Fit fit = RegressionForecaster.fit(channels, logs, 1, 0, 140);
        assertThat(fit.beta()[0]).isCloseTo(Math.log(1.35), within(0.01));
        assertThat(fit.beta()[1]).isCloseTo(Math.log(0.95), within(0.005));
        assertThat(fit.beta()[2]).isZero();
        double lastRemainder = channels[0][139] / Math.exp(fit.effect(channels, 1, 139));
        for (int k = 0; k < 7; k++) {
            assertThat(forecast[k]).isCloseTo(lastRemainder * Math.exp(fit.effect(channels, 1, 140 + k)), within(1e-9));
            assertThat(forecast[k] / channels[0][140 + k]).isCloseTo(1, within(0.05));
        }
    }

    @Test
    void aMultiplicativePromotionLiftsItsStepByAShareOfTheForecast() {
        double[][] channels = sales(6);
        RegressionForecaster regression = new RegressionForecaster(Baselines.naive(7), 3, true);
        double[] before = regression.forecast(channels, 140);
        channels[1][143] = 1 - channels[1][143];
        double[] after = regression.forecast(channels, 140);
        for (int k = 0; k < 7; k++) {
            if (k == 3) {
                double lift = channels[1][143] == 1 ? after[k] / before[k] : before[k] / after[k];
                assertThat(lift).isCloseTo(1.35, within(0.02));
            } else {
                assertThat(after[k]).isEqualTo(before[k]);
            }
        }
    }

    @Test
    void aHistoryWithAValueNotPositiveTakesTheEffectsAsAdditiveThere() {
        double[][] channels = sales(7);
        channels[0][60] = 0;
        double[] multiplicative = new RegressionForecaster(Baselines.naive(7), 3, true).forecast(channels, 140);
        double[] additive = new RegressionForecaster(Baselines.naive(7), 3, false).forecast(channels, 140);
        assertThat(multiplicative).containsExactly(additive);
        // the history from the origin after the zero is positive again: multiplicative there
        double[][] later = new double[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            later[c] = java.util.Arrays.copyOfRange(channels[c], 61, channels[c].length);
        }
        assertThat(new RegressionForecaster(Baselines.naive(7), 3, true).forecast(later, 79))
                .isNotEqualTo(new RegressionForecaster(Baselines.naive(7), 3, false).forecast(later, 79));
    }

    @Test
    void aBatchOfOriginsKeepsTheRemaindersChoiceFromTheEarliestAsItsOwnScoringDoes() {
        double[][] channels = sales(8);
        int[] ends = {130, 100, 115}; // in any order: the earliest settles the choice
        Forecaster scoringEts = Baselines.of(Method.ETS, 1, 7, false);
        double[][] batch = new RegressionForecaster(scoringEts, 3, true).forecast(channels, ends);
        // the remainder at the earliest origin, and ETS with the form chosen there
        double[] logs = new double[100];
        for (int t = 0; t < 100; t++) {
            logs[t] = Math.log(channels[0][t]);
        }
        RegressionForecaster.Fit fit = RegressionForecaster.fit(channels, logs, 1, 0, 100);
        double[] earliest = new double[100];
        for (int t = 0; t < 100; t++) {
            earliest[t] = channels[0][t] / Math.exp(fit.effect(channels, 1, t));
        }
        Forecaster settled = scoringEts.settled(earliest);
        RegressionForecaster kept = new RegressionForecaster(settled, 3, true);
        for (int i = 0; i < ends.length; i++) {
            assertThat(batch[i]).containsExactly(kept.forecast(channels, ends[i]), within(1e-9));
        }
        // one origin alone (a version serving a forecast) makes the full choice there
        assertThat(new RegressionForecaster(scoringEts, 3, true).forecast(channels, 130))
                .containsExactly(new RegressionForecaster(Baselines.of(Method.ETS, 1, 7), 3, true).forecast(channels, 130),
                        within(1e-9));
    }

    @Test
    void aBatchOfMoreThanTwentyOriginsFitsTheCoefficientsAtMostTwentyTimes() {
        double[][] channels = series(9);
        int[] ends = new int[41]; // step 3: coefficients fitted at the 1st, 4th, 7th .. origin
        for (int i = 0; i < ends.length; i++) {
            ends[i] = 140 - ends.length + 1 + i;
        }
        RegressionForecaster regression = new RegressionForecaster(Baselines.naive(7), 3, false);
        double[][] batch = regression.forecast(channels, ends);
        int fitted = 0;
        int between = 0;
        for (int i = 0; i < ends.length; i++) {
            int at = ends[i - i % 3]; // the run's first origin
            RegressionForecaster.Fit fit = RegressionForecaster.fit(channels, channels[0], 1, 0, at);
            double remainder = channels[0][ends[i] - 1] - fit.effect(channels, 1, ends[i] - 1);
            for (int k = 0; k < 7; k++) {
                assertThat(batch[i][k]).isCloseTo(remainder + fit.effect(channels, 1, ends[i] + k), within(1e-9));
            }
            if (i % 3 == 0) {
                fitted++;
                assertThat(batch[i]).containsExactly(regression.forecast(channels, ends[i]), within(1e-9));
            } else if (!java.util.Arrays.equals(batch[i], regression.forecast(channels, ends[i]))) {
                between++; // not what a fit at that origin gives
            }
        }
        assertThat(fitted).isEqualTo(14);
        assertThat(between).isEqualTo(27);
        // twenty origins or fewer: every one fitted, as a forecast from it alone
        int[] twenty = java.util.Arrays.copyOfRange(ends, 21, 41);
        double[][] each = regression.forecast(channels, twenty);
        for (int i = 0; i < twenty.length; i++) {
            assertThat(each[i]).containsExactly(regression.forecast(channels, twenty[i]), within(1e-12));
        }
    }
}
