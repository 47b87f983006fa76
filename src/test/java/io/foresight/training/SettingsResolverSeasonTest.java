package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.dataset.Frequency;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;

class SettingsResolverSeasonTest {

    static TimeSeries monthly(double[] values) {
        List<LocalDateTime> timestamps = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            timestamps.add(LocalDateTime.of(2000, 1, 1, 0, 0).plusMonths(i));
        }
        return new TimeSeries(timestamps, List.of(new SeriesColumn("value", values)), Frequency.parse("P1M"), true);
    }

    /** The first 54 months of R's USAccDeaths (monthly accidental deaths, strongly seasonal). */
    static double[] usAccidentalDeaths() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("benchmark/heldout/series/USAccDeaths.csv"));
        double[] values = new double[54];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.parseDouble(lines.get(i + 1).split(",")[1]);
        }
        return values;
    }

    @Test
    void aShortSeasonalMonthlySeriesKeepsItsSeason() throws Exception {
        double[] y = usAccidentalDeaths();
        // 54 points and horizon 18 leave 18 points for comparing forecasts at the horizon, under three seasons:
        // the comparison runs over the whole series
        assertThat(SettingsResolver.seasonalPeriod(monthly(y), y, 18)).isEqualTo(12);
    }

    @Test
    void threeYearsOfASeasonalMonthlySeriesKeepTheirSeason() throws Exception {
        double[] y = java.util.Arrays.copyOf(usAccidentalDeaths(), 36);
        // the lag-12 autocorrelation (0.43) is inside the band of R's thetaf test (0.54), which would call this
        // series non-seasonal; last year's month forecasts it better than last month does
        assertThat(SettingsResolver.seasonalNaiveError(y, 12, 36, 12, 18))
                .isLessThan(SettingsResolver.seasonalNaiveError(y, 12, 36, 1, 18));
        assertThat(SettingsResolver.seasonalPeriod(monthly(y), y, 18)).isEqualTo(12);
    }

    @Test
    void aShortSeriesWithoutASeasonHasNone() {
        double[] y = new double[54];
        java.util.Random random = new java.util.Random(5);
        double level = 100;
        for (int i = 0; i < y.length; i++) {
            level += random.nextGaussian();
            y[i] = level;
        }
        assertThat(SettingsResolver.seasonalPeriod(monthly(y), y, 18)).isEqualTo(1);
    }

    @Test
    void aLongSeriesStillChoosesByTheErrorAtTheHorizon() {
        double[] y = new double[200];
        for (int i = 0; i < y.length; i++) {
            y[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 12) + (i % 3);
        }
        assertThat(SettingsResolver.seasonalPeriod(monthly(y), y, 18)).isEqualTo(12);
    }
}
