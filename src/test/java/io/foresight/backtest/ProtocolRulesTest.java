package io.foresight.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.model.Architecture;

class ProtocolRulesTest {

    @Test
    void horizonAndSeasonalPeriodFollowTheProtocol() {
        assertThat(ProtocolRules.horizon("P1M")).isEqualTo(18);
        assertThat(ProtocolRules.horizon("P3M")).isEqualTo(8);
        assertThat(ProtocolRules.horizon("P1Y")).isEqualTo(6);
        assertThat(ProtocolRules.horizon("B")).isEqualTo(14);
        assertThat(ProtocolRules.horizon("P1D")).isEqualTo(14);
        assertThat(ProtocolRules.horizon("PT30M")).isEqualTo(48);
        assertThat(ProtocolRules.horizon("PT1H")).isEqualTo(48);
        assertThat(ProtocolRules.horizon("P1W")).isEqualTo(13);
        assertThat(ProtocolRules.horizon("PT15M")).isEqualTo(10);

        double[] any = new double[200];
        assertThat(ProtocolRules.seasonalPeriod("P1M", any)).isEqualTo(12);
        assertThat(ProtocolRules.seasonalPeriod("P3M", any)).isEqualTo(4);
        assertThat(ProtocolRules.seasonalPeriod("PT30M", any)).isEqualTo(336);
        assertThat(ProtocolRules.seasonalPeriod("P1D", any)).isEqualTo(7);
        assertThat(ProtocolRules.seasonalPeriod("P1Y", any)).isEqualTo(1);
        assertThat(ProtocolRules.seasonalPeriod("PT1H", any)).isEqualTo(24);
        // weekly: 52 only when the series spans three years
        assertThat(ProtocolRules.seasonalPeriod("P1W", new double[156])).isEqualTo(52);
        assertThat(ProtocolRules.seasonalPeriod("P1W", new double[155])).isEqualTo(1);
    }

    @Test
    void businessDaysAreWeeklyOnlyWhenTheirChangesShowAWeeklyPattern() {
        java.util.Random random = new java.util.Random(7);
        double[] walk = new double[300];
        double[] weekly = new double[300];
        for (int t = 1; t < walk.length; t++) {
            walk[t] = walk[t - 1] + random.nextGaussian();
            weekly[t] = 100 + (t % 5 == 0 ? 10 : 0) + random.nextGaussian();
        }
        // a random walk is strongly autocorrelated at lag 5 but its changes are not
        assertThat(ProtocolRules.seasonalPeriod("B", walk)).isEqualTo(1);
        assertThat(ProtocolRules.seasonalPeriod("B", weekly)).isEqualTo(5);
        assertThat(ProtocolRules.weeklyPattern(new double[10])).isFalse();
    }

    @Test
    void maseScaleIsTheMeanAbsoluteSeasonalDifferenceWithTheGivenPeriod() {
        double[] y = {1, 2, 4, 7, 11, 16};
        // m = 1: |1|,|2|,|3|,|4|,|5| -> 3
        assertThat(ProtocolRules.maseScale(y, 1)).isCloseTo(3.0, within(1e-12));
        // m = 2: |3|,|5|,|7|,|9| -> 6
        assertThat(ProtocolRules.maseScale(y, 2)).isCloseTo(6.0, within(1e-12));
        // m is kept even for fewer than two seasons (Accuracy.maseScale would fall back to m = 1 here)
        assertThat(ProtocolRules.maseScale(y, 4)).isCloseTo((10 + 14) / 2.0, within(1e-12));
        // missing values drop the differences they take part in
        double[] gappy = {1, Double.NaN, 4, 7};
        assertThat(ProtocolRules.maseScale(gappy, 1)).isCloseTo(3.0, within(1e-12));
        // undefined: no pair, or a series that repeats itself every m steps
        assertThat(ProtocolRules.maseScale(y, 6)).isNaN();
        assertThat(ProtocolRules.maseScale(new double[] {1, 2, 1, 2}, 2)).isNaN();
    }

    @Test
    void benchmarksRepeatTheLastValueAndTheLastSeason() {
        double[] train = {1, 2, 3, 10, 20, 30};
        assertThat(ProtocolRules.naive(train, 4)).containsExactly(30, 30, 30, 30);
        assertThat(ProtocolRules.seasonalNaive(train, 7, 3)).containsExactly(10, 20, 30, 10, 20, 30, 10);
        assertThat(ProtocolRules.seasonalNaive(train, 2, 1)).containsExactly(30, 30);
        double[] gappy = {1, 2, 3, 10, Double.NaN, 30};
        assertThat(ProtocolRules.seasonalNaive(gappy, 3, 3)).containsExactly(10, 2, 30);
    }

    @Test
    void scoresSkipMissingActualsAndCoverageCountsPointsInside() {
        double[] actual = {10, 20, Double.NaN, 40};
        double[] forecast = {12, 20, 99, 30};
        ProtocolRules.Scores s = ProtocolRules.score(actual, forecast, 2.0);
        assertThat(s.points()).isEqualTo(3);
        assertThat(s.mae()).isCloseTo(4.0, within(1e-12));
        assertThat(s.mase()).isCloseTo(2.0, within(1e-12));
        assertThat(s.rmse()).isCloseTo(Math.sqrt((4 + 0 + 100) / 3.0), within(1e-12));
        assertThat(s.smape()).isCloseTo((200 * 2 / 22.0 + 0 + 200 * 10 / 70.0) / 3, within(1e-12));
        assertThat(ProtocolRules.coverage(actual, new double[] {9, 21, 0, 35}, new double[] {11, 30, 0, 40}))
                .isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void optionsParse() {
        BacktestOptions o = BacktestOptions.parse(List.of("--origins=3", "--architecture=lstm", "--epochs=5",
                "--columns=DAX, SMI", "--out=r.csv", "--logging.level.root=INFO", "a.csv", "b.csv"));
        assertThat(o.origins()).isEqualTo(3);
        assertThat(o.architecture()).isEqualTo(Architecture.LSTM);
        assertThat(o.epochs()).isEqualTo(5);
        assertThat(o.horizon()).isNull();
        assertThat(o.columns()).containsExactly("DAX", "SMI");
        assertThat(o.springSettings()).containsEntry("logging.level.root", "INFO");
        assertThat(o.files()).hasSize(2);
        assertThatThrownBy(() -> BacktestOptions.parse(List.of("--origins=0", "a.csv")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BacktestOptions.parse(List.of("--bogus=1", "a.csv")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BacktestOptions.parse(List.of("--epochs=3")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreAcceptableToTheRegistry() {
        assertThat(BacktestCommand.name(2, "EuStockMarkets/DAX", 1)).isEqualTo("bt2-EuStockMarkets_DAX-o1");
    }
}
