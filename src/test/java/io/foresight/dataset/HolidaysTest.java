package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;

/** Holiday dates as the Jollyday library's rules give them, and the channels made of them. */
class HolidaysTest {

    @Test
    void easterMondayIsABankHolidayInEnglandButNotInScotland() {
        LocalDate easterMonday = LocalDate.of(2025, 4, 21);
        assertThat(Holidays.of(Holidays.check("GB-ENG"), 2025)).contains(easterMonday, LocalDate.of(2025, 4, 18),
                LocalDate.of(2025, 8, 25));
        assertThat(Holidays.of(Holidays.check("gb-sct"), 2025)).doesNotContain(easterMonday)
                .contains(LocalDate.of(2025, 8, 4)); // Scotland's summer bank holiday is the first Monday of August
        assertThat(Holidays.of("GB", 2025)).contains(LocalDate.of(2025, 12, 25)).doesNotContain(easterMonday);
    }

    @Test
    void thanksgivingIsTheFourthThursdayOfNovemberInTheUnitedStates() {
        assertThat(Holidays.of(Holidays.check("US"), 2025)).contains(LocalDate.of(2025, 11, 27), LocalDate.of(2025, 7, 4));
        assertThat(Holidays.of("US", 2026)).contains(LocalDate.of(2026, 11, 26));
    }

    @Test
    void theNewYorkStockExchangeClosesOnGoodFridayWhichIsNoUsPublicHoliday() {
        LocalDate goodFriday = LocalDate.of(2025, 4, 18);
        assertThat(Holidays.of(Holidays.check("nyse"), 2025)).contains(goodFriday, LocalDate.of(2025, 7, 4));
        assertThat(Holidays.of("US", 2025)).doesNotContain(goodFriday);
        assertThat(Holidays.of(Holidays.check("TARGET"), 2025)).contains(goodFriday, LocalDate.of(2025, 5, 1));
    }

    @Test
    void bavariaHasEpiphanyAndCorpusChristiThatGermanyAsAWholeHasNot() {
        assertThat(Holidays.of(Holidays.check("DE-BY"), 2025)).contains(LocalDate.of(2025, 1, 6), LocalDate.of(2025, 6, 19));
        assertThat(Holidays.of(Holidays.check("DE"), 2025)).doesNotContain(LocalDate.of(2025, 1, 6))
                .contains(LocalDate.of(2025, 10, 3));
    }

    @Test
    void unknownCountriesAndSubdivisionsAreRefusedWithTheOnesThereAre() {
        assertThatThrownBy(() -> Holidays.check("XX")).isInstanceOf(ForesightException.class)
                .hasMessageContaining("no holiday calendar for country 'XX'");
        assertThatThrownBy(() -> Holidays.check("GB-XYZ")).isInstanceOf(ForesightException.class)
                .hasMessageContaining("GB-SCT");
        assertThatThrownBy(() -> Holidays.check("GB-")).isInstanceOf(ForesightException.class);
    }

    @Test
    void daysToAndFromTheNearestHolidayAreCappedAtAWeek() {
        List<LocalDateTime> times = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 12, 10); d.isBefore(LocalDate.of(2026, 1, 12)); d = d.plusDays(1)) {
            times.add(d.atStartOfDay());
        }
        double[][] channels = Holidays.channels("GB-ENG", times);
        int christmas = 15; // 2025-12-25
        assertThat(channels[0][christmas]).isEqualTo(1);
        assertThat(channels[0][christmas + 1]).isEqualTo(1); // Boxing Day
        assertThat(channels[0][christmas - 1]).isZero();
        assertThat(channels[1][christmas - 3]).isEqualTo(3);
        assertThat(channels[1][0]).isEqualTo(Holidays.CAP); // 15 days before Christmas
        assertThat(channels[2][christmas + 4]).isEqualTo(3); // 2025-12-29, three days after Boxing Day
        assertThat(channels[2][times.size() - 1]).isEqualTo(Holidays.CAP); // 2026-01-11, ten days after New Year
    }
}
