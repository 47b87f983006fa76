package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThetaForecasterTest {

    @Test
    void aConstantSeriesIsForecastAsThatConstant() {
        double[] y = new double[40];
        java.util.Arrays.fill(y, 7.5);
        double[] forecast = new ThetaForecaster(1, 5, null).forecast(new double[][] {y}, 40);
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
        double[] forecast = new ThetaForecaster(1, 4, null).forecast(new double[][] {y}, 50);
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
        ThetaForecaster theta = new ThetaForecaster(4, 8, null);
        assertThat(theta.seasonalIndices(y)).isNotNull();
        double[] forecast = theta.forecast(new double[][] {y}, 48);
        for (int k = 0; k < 8; k++) {
            assertThat(forecast[k]).isCloseTo(100 * pattern[k % 4], within(1e-6));
        }
    }

    @Test
    void aSeasonDecidedOnALongerHistoryIsUsedWhereTheShortHistoryCannotTestIt() {
        // 30 months (two and a half seasons) of a strong monthly season with noise: too short for the seasonal test
        java.util.Random random = new java.util.Random(3);
        double[] y = new double[48];
        for (int t = 0; t < y.length; t++) {
            y[t] = 100 + 30 * Math.sin(2 * Math.PI * t / 12) + random.nextGaussian();
        }
        double[] shortHistory = java.util.Arrays.copyOf(y, 30);
        assertThat(ThetaForecaster.seasonalIndices(shortHistory, 12, null)).isNull();
        assertThat(ThetaForecaster.seasonalIndices(shortHistory, 12, false)).isNull();
        double[] decided = ThetaForecaster.seasonalIndices(shortHistory, 12, true);
        assertThat(decided).isNotNull();
        // the indices follow the season: highest in month 3 (sin peak), lowest in month 9
        assertThat(decided[3]).isGreaterThan(1.2);
        assertThat(decided[9]).isLessThan(0.8);
        // two seasons or fewer hold too little for the decomposition, decided or not
        assertThat(ThetaForecaster.seasonalIndices(java.util.Arrays.copyOf(y, 24), 12, true)).isNull();

        // the forecasts from the short history: with the decided season they follow it, tested they are flat
        double[][] channels = {y};
        double[] withSeason = new ThetaForecaster(12, 18, true).forecast(channels, 30);
        double[] tested = new ThetaForecaster(12, 18, null).forecast(channels, 30);
        double withSeasonError = 0;
        double testedError = 0;
        for (int k = 0; k < 18; k++) {
            withSeasonError += Math.abs(withSeason[k] - y[30 + k]);
            testedError += Math.abs(tested[k] - y[30 + k]);
        }
        assertThat(withSeasonError).isLessThan(testedError / 3);
        // a decided "no" is never seasonal, even on four seasons of a strong one
        assertThat(new ThetaForecaster(12, 18, false).forecast(channels, 48)).isEqualTo(
                new ThetaForecaster(1, 18, null).forecast(channels, 48));
    }
}
