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
        assertThat(ProtocolRules.horizon("PT10M")).isEqualTo(10);

        assertThat(ProtocolRules.seasonalPeriod("P1M", 100)).isEqualTo(12);
        assertThat(ProtocolRules.seasonalPeriod("P3M", 100)).isEqualTo(4);
        assertThat(ProtocolRules.seasonalPeriod("PT30M", 4000)).isEqualTo(336);
        assertThat(ProtocolRules.seasonalPeriod("P1D", 365)).isEqualTo(7);
        assertThat(ProtocolRules.seasonalPeriod("B", 500)).isEqualTo(1);
        assertThat(ProtocolRules.seasonalPeriod("P1Y", 100)).isEqualTo(1);
        assertThat(ProtocolRules.seasonalPeriod("PT1H", 744)).isEqualTo(24);
        assertThat(ProtocolRules.seasonalPeriod("PT10M", 100)).isEqualTo(1);
        // weekly: the yearly season only when the series spans three years of weeks
        assertThat(ProtocolRules.seasonalPeriod("P1W", 156)).isEqualTo(52);
        assertThat(ProtocolRules.seasonalPeriod("P1W", 155)).isEqualTo(1);
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
