package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;

class KnownFutureTest {

    private static TimeSeries series(String frequency) {
        Frequency f = Frequency.parse(frequency);
        List<LocalDateTime> times = new ArrayList<>();
        LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0);
        for (int i = 0; i < 10; i++) {
            times.add(t);
            t = f.plus(t, 1);
        }
        return new TimeSeries(times, List.of(new SeriesColumn("y", new double[10]), new SeriesColumn("promo", new double[10])),
                f, false);
    }

    @Test
    void calendarEncodingsThatDoNotVaryAtTheFrequencyAreRefused() {
        assertThatThrownBy(() -> KnownFuture.of(null, List.of("hourOfDay"), null, series("P1D"), List.of("y")))
                .isInstanceOf(ForesightException.class).hasMessageContaining("hourOfDay needs data finer than daily");
        assertThatThrownBy(() -> KnownFuture.of(null, List.of("dayOfWeek"), null, series("P1M"), List.of("y")))
                .hasMessageContaining("dayOfWeek needs data finer than weekly");
        assertThatThrownBy(() -> KnownFuture.of(null, List.of("month"), null, series("P1Y"), List.of("y")))
                .hasMessageContaining("month needs data finer than yearly");
        assertThatThrownBy(() -> KnownFuture.of(null, null, "GB", series("P1M"), List.of("y")))
                .hasMessageContaining("'holidays' needs daily or finer data");
        assertThatThrownBy(() -> KnownFuture.of(null, List.of("weekday"), null, series("P1D"), List.of("y")))
                .hasMessageContaining("the calendar encodings are [hourOfDay, dayOfWeek, dayOfYear, weekOfYear, month]");
        assertThatThrownBy(() -> KnownFuture.of(null, List.of("month", "month"), null, series("P1D"), List.of("y")))
                .hasMessageContaining("twice");
        assertThat(KnownFuture.of(null, List.of("month"), null, series("P1M"), List.of("y")).channels()).isEqualTo(2);
        assertThat(KnownFuture.of(null, List.of("hourOfDay", "dayOfWeek"), "DE-BY", series("PT1H"), List.of("y"))
                .channelNames()).containsExactly("hourOfDay.sin", "hourOfDay.cos", "dayOfWeek.sin", "dayOfWeek.cos",
                        "holiday", "daysToHoliday", "daysFromHoliday");
    }

    @Test
    void futureFeaturesMustBeOtherColumnsThanTheTargetAndFeatures() {
        assertThatThrownBy(() -> KnownFuture.of(List.of("y"), null, null, series("P1D"), List.of("y")))
                .hasMessageContaining("'futureFeatures' must name distinct columns other than the target");
        assertThatThrownBy(() -> KnownFuture.of(List.of("price"), null, null, series("P1D"), List.of("y")))
                .hasMessageContaining("no numeric column 'price'");
    }

    @Test
    void cyclicEncodingsMeetAtTheEndOfTheirCycle() {
        KnownFuture hours = new KnownFuture(null, List.of("hourOfDay"), null);
        double[][] channels = hours.generate(LocalDateTime.of(2024, 3, 1, 0, 0), Frequency.parse("PT1H"), 25);
        assertThat(channels[0][0]).isCloseTo(channels[0][24], within(1e-12));
        assertThat(channels[1][6]).isCloseTo(0, within(1e-12)); // 06:00: a quarter of the day
        assertThat(channels[0][6]).isCloseTo(1, within(1e-12));
    }
}
