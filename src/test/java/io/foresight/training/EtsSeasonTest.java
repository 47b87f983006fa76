package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.dataset.Frequency;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Representation;

/**
 * ETS is given the frequency's own season, as R's {@code ets} takes {@code frequency(y)}, whatever the service's
 * seasonality test decided for the other methods; its AICc then decides whether to use it.
 */
class EtsSeasonTest {

    /** The first 60 quarters of R's JohnsonJohnson (the development set's first origin of it). */
    private static final double[] JOHNSON_JOHNSON = {0.71, 0.63, 0.85, 0.44, 0.61, 0.69, 0.92, 0.55, 0.72, 0.77, 0.92,
            0.6, 0.83, 0.8, 1, 0.77, 0.92, 1, 1.24, 1, 1.16, 1.3, 1.45, 1.25, 1.26, 1.38, 1.86, 1.56, 1.53, 1.59, 1.83,
            1.86, 1.53, 2.07, 2.34, 2.25, 2.16, 2.43, 2.7, 2.25, 2.79, 3.42, 3.69, 3.6, 3.6, 4.32, 4.32, 4.05, 4.86, 5.04,
            5.04, 4.41, 5.58, 5.85, 6.57, 5.31, 6.03, 6.39, 6.93, 5.85};

    private static final int HORIZON = 8;

    private static TimeSeries quarterly(double[] values) {
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            times.add(LocalDateTime.of(1960, 1, 1, 0, 0).plusMonths(3L * i));
        }
        return new TimeSeries(times, List.of(new SeriesColumn("value", values)), Frequency.parse("P3M"), true);
    }

    private static TrainingSettings settings(int period, Integer etsPeriod) {
        return new TrainingSettings(Architecture.AUTO, Representation.RELATIVE, 8, HORIZON, List.of(32), 50, 32, 0.005,
                0, 42, true, 10, period, 0.2, etsPeriod);
    }

    private static Candidate.Rolling ets(TrainingSettings settings) {
        HeldBackWindows windows = HeldBackWindows.of(new double[][] {JOHNSON_JOHNSON}, settings);
        return Candidate.statistical(windows, windows.rolling(HeldBackWindows.ROLLING_HORIZONS)).stream()
                .filter(c -> c.method() == Method.ETS).findFirst().orElseThrow().rolling();
    }

    @Test
    void aQuarterlySeriesWhoseSeasonalityTestFailsStillHasItsEtsCompareTheSeasonalForms() {
        TimeSeries series = quarterly(JOHNSON_JOHNSON);
        int tested = SettingsResolver.seasonalPeriod(series, JOHNSON_JOHNSON, HORIZON);
        assertThat(tested).as("the service's seasonality test finds no season").isEqualTo(1);
        assertThat(SettingsResolver.etsSeasonalPeriod(series.frequency(), JOHNSON_JOHNSON.length, tested)).isEqualTo(4);

        Candidate.Rolling natural = ets(settings(tested, SettingsResolver.etsSeasonalPeriod(series.frequency(), JOHNSON_JOHNSON.length, tested)));
        Candidate.Rolling old = ets(settings(tested, null));
        // with the season ETS's AICc chooses a seasonal form (R's ets: ETS(M,A,A) here); without it none was offered
        assertThat(natural.form()).matches("ETS\\(.,A.?,[AM]\\)");
        assertThat(old.form()).endsWith(",N)");
        assertThat(natural.forecasts()).isNotEqualTo(old.forecasts());
        assertThat(natural.mase()).isLessThan(old.mase());
    }

    @Test
    void theOtherMethodsKeepTheTestedSeason() {
        TrainingSettings both = settings(1, 4);
        HeldBackWindows windows = HeldBackWindows.of(new double[][] {JOHNSON_JOHNSON}, both);
        HeldBackWindows origins = windows.rolling(HeldBackWindows.ROLLING_HORIZONS);
        HeldBackWindows without = HeldBackWindows.of(new double[][] {JOHNSON_JOHNSON}, settings(1, null));
        List<Candidate> with = Candidate.statistical(windows, origins);
        List<Candidate> old = Candidate.statistical(without, without.rolling(HeldBackWindows.ROLLING_HORIZONS));
        assertThat(windows.period()).isEqualTo(1);
        assertThat(origins.etsPeriod()).isEqualTo(4);
        assertThat(with).extracting(Candidate::method).doesNotContain(Method.HOLT_WINTERS);
        for (int i = 0; i < with.size(); i++) {
            if (with.get(i).method() != Method.ETS) {
                assertThat(with.get(i).rolling().forecasts()).isEqualTo(old.get(i).rolling().forecasts());
            }
        }
    }

    @Test
    void aSeriesShorterThanThreeOfItsSeasonsGivesEtsTheTestedSeason() {
        Frequency monthly = Frequency.parse("P1M");
        assertThat(SettingsResolver.etsSeasonalPeriod(monthly, 36, 1)).isEqualTo(12);
        assertThat(SettingsResolver.etsSeasonalPeriod(monthly, 35, 1)).isEqualTo(1);
        assertThat(SettingsResolver.etsSeasonalPeriod(Frequency.parse("P1Y"), 100, 1)).isEqualTo(1);
        assertThat(SettingsResolver.etsSeasonalPeriod(Frequency.parse("PT1H"), 1000, 168)).isEqualTo(24);
    }

    @Test
    void settingsWithoutARecordedEtsSeasonGiveEtsTheTestedOne() {
        assertThat(settings(4, null).etsPeriod()).isEqualTo(4);
        assertThat(settings(1, 4).etsPeriod()).isEqualTo(4);
        assertThat(settings(1, 4).withLayers(List.of(16)).etsSeasonalPeriod()).isEqualTo(4);
    }
}
