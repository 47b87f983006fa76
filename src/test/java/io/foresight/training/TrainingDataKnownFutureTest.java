package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;

class TrainingDataKnownFutureTest {

    private static final double NA = Double.NaN;

    private static TimeSeries daily(double[] demand, double[] promo) {
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < demand.length; i++) {
            times.add(LocalDate.of(2025, 4, 14).plusDays(i).atStartOfDay());
        }
        return new TimeSeries(times, List.of(new SeriesColumn("demand", demand), new SeriesColumn("promo", promo)),
                Frequency.parse("P1D"), true);
    }

    @Test
    void theSeriesEndsAtItsLastTargetValueAndTheRowsAfterItAreTheStoredFuture() {
        TimeSeries series = daily(new double[] {10, NA, 14, 15, NA, NA, NA, NA},
                new double[] {0, 1, NA, 0, 1, 0, NA, 1});
        TrainingData data = TrainingData.of(series, List.of("demand"), new KnownFuture(List.of("promo"), null, null));
        assertThat(data.size()).isEqualTo(4);
        assertThat(data.channels()[0]).containsExactly(10, 12, 14, 15); // the gap inside is interpolated
        assertThat(data.channels()[1]).containsExactly(0, 1, 0.5, 0);
        // stored future: the steps after the end as far as every future column has a value
        assertThat(data.future()[0]).containsExactly(1, 0);
        assertThat(data.timestamp(data.size() - 1)).isEqualTo("2025-04-17");
    }

    @Test
    void withoutAKnownFutureTheSeriesEndsAtItsLastTargetValueTooAndAnEmptyFeatureIsNamed() {
        TimeSeries series = daily(new double[] {10, NA, 14, 15, NA, NA}, new double[] {0, 1, 0, 1, 1, 0});
        TrainingData data = TrainingData.of(series, List.of("demand", "promo"));
        assertThat(data.size()).isEqualTo(4);
        assertThat(data.filled()).isEqualTo(1); // the gap inside, not the two rows after the last value
        TimeSeries empty = daily(new double[] {10, 11, 12}, new double[] {NA, NA, NA});
        assertThatThrownBy(() -> TrainingData.of(empty, List.of("demand", "promo"))).isInstanceOf(ForesightException.class)
                .hasMessageContaining("Feature 'promo' has no value up to the last value of 'demand'");
    }

    @Test
    void calendarAndHolidayChannelsFollowTheColumns() {
        TimeSeries series = daily(new double[] {10, 11, 12, 13, 14, 15, 16, 17, NA},
                new double[] {0, 1, 0, 0, 1, 0, 0, 1, 1});
        KnownFuture known = new KnownFuture(List.of("promo"), List.of("dayOfWeek"), "GB-ENG");
        TrainingData data = TrainingData.of(series, List.of("demand"), known);
        assertThat(data.channels()).hasNumberOfRows(1 + 1 + 2 + 3);
        // 2025-04-14 is a Monday: phase 0; Easter Monday 2025 (an English bank holiday) is 2025-04-21, index 7
        assertThat(data.channels()[2][0]).isEqualTo(0.0);
        assertThat(data.channels()[3][0]).isEqualTo(1.0);
        assertThat(data.channels()[4]).containsExactly(0, 0, 0, 0, 1, 0, 0, 1); // Good Friday 18th, Easter Monday 21st
        assertThat(data.channels()[5][0]).isEqualTo(4.0); // days to Good Friday
        assertThat(data.channels()[6][5]).isEqualTo(1.0); // Saturday 19th: a day after Good Friday
    }

    @Test
    void aFeatureWhoseSpreadOverflowsIsNamedAndValuesUpToAbout1e154AreAccepted() {
        // one placeholder of 1e300 among 0/1 promotions: mean and standard deviation would not be finite
        TimeSeries placeholder = daily(new double[] {10, 11, 12, 13}, new double[] {0, 1e300, 0, 1});
        assertThatThrownBy(() -> TrainingData.of(placeholder, List.of("demand"),
                new KnownFuture(List.of("promo"), null, null))).isInstanceOf(ForesightException.class)
                .hasMessageContaining("Future feature 'promo' has values too large to learn from (up to 1.0E300");
        assertThatThrownBy(() -> TrainingData.of(placeholder, List.of("demand", "promo")))
                .hasMessageContaining("Feature 'promo' has values too large");
        assertThatThrownBy(() -> TrainingData.checkFeatures(placeholder, null, List.of("promo")))
                .hasMessageContaining("Future feature 'promo' has values too large");
        // only the rows through the last target value are learned from: a placeholder after it is not checked here
        TimeSeries after = daily(new double[] {10, 11, 12, NA}, new double[] {0, 1, 0, 1e300});
        TrainingData.checkFeatures(after.throughLastValueOf("demand"), List.of("promo"), null);
        // large but standardizable values pass
        TimeSeries large = daily(new double[] {10, 11, 12, 13}, new double[] {0, 1e150, -1e150, 1});
        assertThat(TrainingData.of(large, List.of("demand", "promo")).channels()[1][1]).isEqualTo(1e150);
        TrainingData.checkFeatures(large, List.of("promo"), List.of("promo", "unknown"));
    }

    @Test
    void aTargetWithoutAnyValueIsRefused() {
        TimeSeries series = daily(new double[] {NA, NA}, new double[] {0, 1});
        assertThatThrownBy(() -> series.throughLastValueOf("demand")).isInstanceOf(ForesightException.class)
                .hasMessageContaining("no value");
    }
}
