package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class HoltWintersForecasterTest {

    private static final int PERIOD = 12;

    @Test
    void anAdditiveSeasonOnALinearTrendIsContinued() {
        double[] y = new double[96];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 0.5 * t + 8 * Math.sin(2 * Math.PI * t / PERIOD);
        }
        double[] forecast = new HoltWintersForecaster(PERIOD, 12).forecast(y);
        for (int k = 0; k < 12; k++) {
            int t = y.length + k;
            double expected = 50 + 0.5 * t + 8 * Math.sin(2 * Math.PI * t / PERIOD);
            // the damped trend may fall behind the line by at most its slope per step
            assertThat(forecast[k]).isCloseTo(expected, within(0.5 * (k + 1) + 0.5));
        }
    }

    @Test
    void aSeasonThatChangesShapeIsFollowedWhereFixedIndicesAreNot() {
        // the season's amplitude grows from 2 to 30 around a constant level: one set of indices for the whole
        // history (Theta, DAMPED) averages the old small season with the new large one
        double[] y = new double[180];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + (2 + 28.0 * t / y.length) * Math.sin(2 * Math.PI * t / PERIOD);
        }
        int end = 162;
        double[] history = java.util.Arrays.copyOf(y, end);
        double[] holtWinters = new HoltWintersForecaster(PERIOD, 18).forecast(history);
        double[] damped = new DampedTrendForecaster(PERIOD, 18, null).forecast(history);
        double holtWintersError = 0;
        double dampedError = 0;
        for (int k = 0; k < 18; k++) {
            holtWintersError += Math.abs(holtWinters[k] - y[end + k]);
            dampedError += Math.abs(damped[k] - y[end + k]);
        }
        assertThat(holtWintersError).isLessThan(dampedError / 2);
    }

    @Test
    void aMultiplicativeSeasonOnExponentialGrowthIsForecastOnTheLogScale() {
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 * Math.exp(0.01 * t) * (1 + 0.4 * Math.sin(2 * Math.PI * t / PERIOD));
        }
        double[] forecast = new HoltWintersForecaster(PERIOD, 12).forecast(y);
        for (int k = 0; k < 12; k++) {
            int t = y.length + k;
            double expected = 100 * Math.exp(0.01 * t) * (1 + 0.4 * Math.sin(2 * Math.PI * t / PERIOD));
            assertThat(forecast[k]).isCloseTo(expected, within(0.03 * expected));
        }
    }

    @Test
    void aSeriesWithNegativeValuesIsSmoothedAdditively() {
        double[] y = new double[72];
        for (int t = 0; t < y.length; t++) {
            y[t] = 5 * Math.sin(2 * Math.PI * t / PERIOD) - 1;
        }
        double[] forecast = new HoltWintersForecaster(PERIOD, 12).forecast(y);
        for (int k = 0; k < 12; k++) {
            int t = y.length + k;
            assertThat(forecast[k]).isCloseTo(5 * Math.sin(2 * Math.PI * t / PERIOD) - 1, within(0.1));
        }
    }

    @Test
    void withoutTwoSeasonsOfHistoryOrAPeriodItIsDampedTrendSmoothing() {
        Random random = new Random(5);
        double[] shortHistory = new double[2 * PERIOD + 1];
        for (int t = 0; t < shortHistory.length; t++) {
            shortHistory[t] = 20 + t + random.nextGaussian();
        }
        assertThat(new HoltWintersForecaster(PERIOD, 6).forecast(shortHistory))
                .containsExactly(new DampedTrendForecaster(PERIOD, 6, null).forecast(shortHistory));
        double[] longer = new double[60];
        for (int t = 0; t < longer.length; t++) {
            longer[t] = 20 + t + random.nextGaussian();
        }
        assertThat(new HoltWintersForecaster(1, 6).forecast(longer))
                .containsExactly(new DampedTrendForecaster(1, 6, null).forecast(longer));
    }

    @Test
    void forecastsFromEveryEndUseOnlyThePastAndAreReproducible() {
        double[] y = new double[100];
        Random random = new Random(3);
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + t * 0.5 + 6 * Math.cos(2 * Math.PI * t / PERIOD) + random.nextGaussian() * 2;
        }
        HoltWintersForecaster holtWinters = new HoltWintersForecaster(PERIOD, 8);
        double[][] a = holtWinters.forecast(new double[][] {y}, new int[] {60, 90});
        double[] changedFuture = y.clone();
        for (int t = 60; t < y.length; t++) {
            changedFuture[t] = -1000;
        }
        assertThat(holtWinters.forecast(new double[][] {changedFuture}, new int[] {60})[0]).containsExactly(a[0]);
        assertThat(holtWinters.forecast(new double[][] {y}, new int[] {60, 90})).isDeepEqualTo(a);
        assertThat(Baselines.of(Method.HOLT_WINTERS, PERIOD, 8).forecast(new double[][] {y}, new int[] {60, 90}))
                .isDeepEqualTo(a);
    }

    @Test
    void aForecastFromHistoryNeedsThreeSeasonsSoThatTheSeasonIsNotSilentlyDropped() {
        // the seasonal test of Theta and damped smoothing needs three seasons, Holt-Winters two and a bit
        assertThat(new HoltWintersForecaster(PERIOD, 6).window()).isEqualTo(3 * PERIOD);
        assertThat(new ThetaForecaster(PERIOD, 6, null).window()).isEqualTo(3 * PERIOD);
        assertThat(new DampedTrendForecaster(PERIOD, 6, null).window()).isEqualTo(3 * PERIOD);
        assertThat(new DampedTrendForecaster(1, 6, null).window()).isEqualTo(4);
        double[] y = new double[5 * PERIOD];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 30 * Math.sin(2 * Math.PI * t / PERIOD);
        }
        assertThat(ThetaForecaster.seasonal(y, PERIOD)).isTrue();
        // with less than three seasons the same season is not seen
        assertThat(ThetaForecaster.seasonal(java.util.Arrays.copyOf(y, 3 * PERIOD - 1), PERIOD)).isFalse();
    }

    @Test
    void settledOnABatchItSearchesTheGridAtTheEarliestOriginAndRunsThatFitOn() {
        Random random = new Random(11);
        for (boolean positive : new boolean[] {true, false}) {
            double[] y = new double[120];
            for (int t = 0; t < y.length; t++) {
                y[t] = (positive ? 80 : -5) + 0.3 * t + 9 * Math.sin(2 * Math.PI * t / PERIOD) + 3 * random.nextGaussian();
            }
            int first = 96;
            // the data after the earliest origin are what its fit forecast, to the step: its smoothing run on over them
            // meets no error, so the later origin's forecast is the earliest one's, further on
            double[] far = new HoltWintersForecaster(PERIOD, 24).forecast(java.util.Arrays.copyOf(y, first));
            System.arraycopy(far, 0, y, first, y.length - first);
            HoltWintersForecaster holtWinters = new HoltWintersForecaster(PERIOD, 12);
            Forecaster settled = holtWinters.settled(java.util.Arrays.copyOf(y, first));
            double[][] batch = settled.forecast(new double[][] {y}, new int[] {first + 5, first});
            assertThat(batch[1]).containsExactly(holtWinters.forecast(new double[][] {y}, first), within(1e-12));
            for (int k = 0; k < 12; k++) {
                assertThat(batch[0][k]).isCloseTo(far[5 + k], within(1e-9 * (1 + Math.abs(far[5 + k]))));
            }
            if (!positive) {
                // an additive fit run on is linear in the points it runs over: the forecasts after a shock up and after the
                // same shock down average to those without it, which a search of the grid at that origin (a choice that
                // follows the shock) does not give
                double[] up = y.clone();
                double[] down = y.clone();
                for (int t = first; t < first + 5; t++) {
                    up[t] += 40;
                    down[t] -= 40;
                }
                double[] afterUp = settled.forecast(new double[][] {up}, new int[] {first, first + 5})[1];
                double[] afterDown = settled.forecast(new double[][] {down}, new int[] {first, first + 5})[1];
                for (int k = 0; k < 12; k++) {
                    assertThat((afterUp[k] + afterDown[k]) / 2).isCloseTo(batch[0][k], within(1e-9 * (1 + Math.abs(far[5 + k]))));
                }
                assertThat(afterUp).isNotEqualTo(holtWinters.forecast(new double[][] {up}, first + 5));
            }
            // one origin alone, and the forecaster that is not settled: a search at each origin, as before
            assertThat(settled.forecast(new double[][] {y}, new int[] {first + 5})[0])
                    .containsExactly(holtWinters.forecast(new double[][] {y}, first + 5), within(1e-12));
            assertThat(holtWinters.forecast(new double[][] {y}, new int[] {first + 5, first})[0])
                    .containsExactly(holtWinters.forecast(new double[][] {y}, first + 5), within(1e-12));
        }
    }
}
