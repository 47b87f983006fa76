package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The lazy grid of a panel series is the grid DatasetParser builds point by point, for every kind of frequency. */
class RegularTimestampsTest {

    private static List<LocalDateTime> materialised(LocalDateTime start, int size, Frequency frequency) {
        List<LocalDateTime> grid = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            grid.add(frequency.plus(start, k));
        }
        return grid;
    }

    @Test
    void equalsTheMaterialisedGridForMonthEndsBusinessDaysAndFixedSteps() {
        Map<String, String> cases = Map.of(
                "P1M", "2019-01-31T00:00", // month ends stay month ends, across February of a leap year
                "P3M", "2019-11-30T00:00",
                "P1Y", "2020-02-29T00:00",
                "B", "2021-01-01T09:30", // a Friday
                "PT30M", "2021-03-28T00:30",
                "P1W", "2021-01-04T00:00");
        cases.forEach((code, start) -> {
            Frequency frequency = Frequency.parse(code);
            LocalDateTime first = LocalDateTime.parse(start);
            RegularTimestamps lazy = new RegularTimestamps(first, 400, frequency);
            List<LocalDateTime> expected = materialised(first, 400, frequency);
            assertThat(lazy).as(code).isEqualTo(expected);
            assertThat(expected).as(code).isEqualTo(lazy);
            assertThat(lazy.hashCode()).isEqualTo(expected.hashCode());
            assertThat(lazy.range(37, 100)).as(code).isEqualTo(expected.subList(37, 137));
        });
    }

    @Test
    void aTimeSeriesKeepsItInsteadOfCopyingItAndEqualsTheMaterialisedSeries() {
        Frequency monthly = Frequency.parse("P1M");
        LocalDateTime start = LocalDateTime.parse("2019-01-31T00:00");
        RegularTimestamps lazy = new RegularTimestamps(start, 5, monthly);
        SeriesColumn column = new SeriesColumn("v", new double[] {1, 2, 3, 4, 5});
        TimeSeries series = new TimeSeries(lazy, List.of(column), monthly, true);

        assertThat(series.timestamps()).isSameAs(lazy);
        assertThat(series).isEqualTo(new TimeSeries(materialised(start, 5, monthly), List.of(column), monthly, true));
        assertThat(series.timestamps().get(1)).isEqualTo(LocalDateTime.parse("2019-02-28T00:00"));
    }
}
