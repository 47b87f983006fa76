package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyTest {

    @Test
    void computesMaeRmseMaseAndSmape() {
        double[][] actual = {{10, 20}, {30, 40}};
        double[][] predicted = {{12, 18}, {30, 44}};
        Accuracy accuracy = Accuracy.of(actual, predicted, 2.0);
        assertThat(accuracy.mae()).isEqualTo(2.0);
        assertThat(accuracy.rmse()).isCloseTo(Math.sqrt((4 + 4 + 0 + 16) / 4.0), within(1e-12));
        assertThat(accuracy.mase()).isEqualTo(1.0);
        double smape = (200 * 2 / 22.0 + 200 * 2 / 38.0 + 0 + 200 * 4 / 84.0) / 4;
        assertThat(accuracy.smape()).isCloseTo(smape, within(1e-12));
    }

    @Test
    void rmseOfErrorsWhoseSquaresOverflowIsStillFinite() {
        // errors of 3e200 and 4e200: their squares are beyond a double, the RMSE is sqrt(12.5) e200
        double[][] actual = {{3e200, 0}};
        double[][] predicted = {{0, 4e200}};
        Accuracy accuracy = Accuracy.of(actual, predicted, 1.0);
        assertThat(accuracy.rmse()).isCloseTo(Math.sqrt(12.5) * 1e200, within(1e186));
        assertThat(accuracy.mae()).isCloseTo(3.5e200, within(1e186));
        // an infinite error stays infinite: nothing is invented
        assertThat(Accuracy.of(new double[][] {{Double.MAX_VALUE}}, new double[][] {{-Double.MAX_VALUE}}, 1).rmse())
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void maseScaleIsTheInSampleSeasonalNaiveError() {
        double[] values = {1, 2, 3, 4, 6, 8, 10, 12, 100};
        assertThat(Accuracy.maseScale(values, 8, 1)).isCloseTo(11 / 7.0, within(1e-12));
        assertThat(Accuracy.maseScale(values, 8, 2)).isCloseTo((2 + 2 + 3 + 4 + 4 + 4) / 6.0, within(1e-12));
        // fewer than two seasons: falls back to the first difference
        assertThat(Accuracy.maseScale(values, 8, 4)).isCloseTo(11 / 7.0, within(1e-12));
    }

    @Test
    void baselinesRepeatTheLastValueOrTheLastSeason() {
        double[][] channels = {{1, 2, 3, 4, 5, 6, 7}};
        assertThat(Baselines.naive(3).forecast(channels, 5)).containsExactly(5, 5, 5);
        assertThat(Baselines.seasonalNaive(3, 5).forecast(channels, 6)).containsExactly(4, 5, 6, 4, 5);
    }
}
