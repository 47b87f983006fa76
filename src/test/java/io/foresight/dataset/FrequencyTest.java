package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.foresight.ForesightException;

class FrequencyTest {

    private static LocalDateTime day(String date) {
        return LocalDate.parse(date).atStartOfDay();
    }

    @ParameterizedTest
    @CsvSource({
            "PT30M, PT30M", "pt1h, PT1H", "PT60M, PT1H", "P1D, P1D", "PT24H, P1D", "P7D, P1W", "P1W, P1W",
            "P1M, P1M", "P3M, P3M", "P12M, P1Y", "P1Y, P1Y", "b, B", "PT90S, PT1M30S", "P2D, P2D"})
    void parseKeepsOneCanonicalSpelling(String code, String canonical) {
        assertThat(Frequency.parse(code).code()).isEqualTo(canonical);
        assertThat(Frequency.parse(code)).isEqualTo(Frequency.parse(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "monthly", "P0D", "PT0S", "-PT1H", "PT0.5S", "P9999D", "P1X", "1D"})
    void parseRejectsWhatIsNotASupportedFrequency(String code) {
        assertThatThrownBy(() -> Frequency.parse(code))
                .isInstanceOfSatisfying(ForesightException.class,
                        e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.BAD_INPUT))
                .hasMessageContaining("requency");
    }

    @Test
    void parseRejectsNull() {
        assertThatThrownBy(() -> Frequency.parse(null)).isInstanceOf(ForesightException.class)
                .hasMessageContaining("PT30M");
    }

    @Test
    void monthlyStepsKeepMonthEndAlignment() {
        Frequency monthly = Frequency.parse("P1M");
        LocalDateTime endOfJanuary = day("1949-01-31");
        assertThat(monthly.plus(endOfJanuary, 1)).isEqualTo(day("1949-02-28"));
        assertThat(monthly.plus(endOfJanuary, 2)).isEqualTo(day("1949-03-31"));
        assertThat(monthly.plus(day("1949-02-28"), 1)).isEqualTo(day("1949-03-31"));
        assertThat(monthly.plus(day("1948-02-29"), 12)).isEqualTo(day("1949-02-28"));
        assertThat(monthly.plus(day("1949-01-01"), 14)).isEqualTo(day("1950-03-01"));
        assertThat(monthly.plus(day("1949-03-31"), -1)).isEqualTo(day("1949-02-28"));
    }

    @Test
    void quarterlyAndYearlyStepsAreCalendarMonths() {
        assertThat(Frequency.parse("P3M").plus(day("2020-03-31"), 1)).isEqualTo(day("2020-06-30"));
        assertThat(Frequency.parse("P3M").plus(day("2020-03-31"), 2)).isEqualTo(day("2020-09-30"));
        assertThat(Frequency.parse("P1Y").plus(day("2020-02-29"), 1)).isEqualTo(day("2021-02-28"));
        assertThat(Frequency.parse("P1Y").plus(day("2020-01-01"), 3)).isEqualTo(day("2023-01-01"));
    }

    @Test
    void businessDaysSkipWeekends() {
        Frequency b = Frequency.BUSINESS_DAYS;
        LocalDateTime friday = day("2024-05-03");
        assertThat(b.plus(friday, 1)).isEqualTo(day("2024-05-06"));
        assertThat(b.plus(friday, 5)).isEqualTo(day("2024-05-10"));
        assertThat(b.plus(day("2024-05-01"), 3)).isEqualTo(day("2024-05-06"));
        assertThat(b.plus(day("2024-05-06"), -1)).isEqualTo(friday);
        assertThat(b.plus(day("2024-05-04"), 1)).as("from a Saturday").isEqualTo(day("2024-05-06"));
        assertThat(b.plus(friday, 23)).isEqualTo(day("2024-06-05"));
    }

    @Test
    void fixedStepsAddTheDuration() {
        LocalDateTime t = LocalDateTime.parse("2000-06-05T23:30:00");
        assertThat(Frequency.parse("PT30M").plus(t, 1)).isEqualTo(LocalDateTime.parse("2000-06-06T00:00:00"));
        assertThat(Frequency.parse("PT1H").plus(t, 48)).isEqualTo(LocalDateTime.parse("2000-06-07T23:30:00"));
        assertThat(Frequency.parse("P1W").plus(t, 2)).isEqualTo(LocalDateTime.parse("2000-06-19T23:30:00"));
    }

    @ParameterizedTest
    @CsvSource({"P1M, 12", "P3M, 4", "P1Y, 1", "P1D, 7", "B, 5", "P1W, 52", "PT1H, 24", "PT30M, 48", "PT15M, 96",
            "PT10M, 1", "P2D, 1"})
    void seasonalPeriodIsTheUsualSeasonInSteps(String code, int period) {
        assertThat(Frequency.parse(code).seasonalPeriod()).isEqualTo(period);
    }

    @Test
    void stepsFromFindsGridPositionsAndRejectsPointsOffTheGrid() {
        assertThat(Frequency.parse("P1M").stepsFrom(day("1949-01-31"), day("1949-04-30"))).isEqualTo(3);
        assertThat(Frequency.parse("P1M").stepsFrom(day("1949-01-31"), day("1949-04-29"))).isEqualTo(-1);
        assertThat(Frequency.BUSINESS_DAYS.stepsFrom(day("2024-05-03"), day("2024-05-13"))).isEqualTo(6);
        assertThat(Frequency.BUSINESS_DAYS.stepsFrom(day("2024-05-03"), day("2024-05-04"))).isEqualTo(-1);
        assertThat(Frequency.parse("PT1H").stepsFrom(day("2024-05-03"), day("2024-05-03").plusMinutes(90)))
                .isEqualTo(-1);
        assertThat(Frequency.parse("PT1H").stepsFrom(day("2024-05-03"), day("2024-05-02"))).isEqualTo(-1);
    }
}
