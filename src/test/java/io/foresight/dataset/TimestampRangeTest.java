package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/**
 * Issue 15, family 10: the service holds only timestamps it writes and reads back unchanged, 0001-01-01T00:00:00 to
 * 9999-12-31T23:59:59; {@link TimestampFormat} decides, for CSV cells (after an offset is converted to UTC) and
 * forecast history alike.
 */
class TimestampRangeTest {

    @Test
    void theEdgesRoundTripAndTheirNeighboursAreOutside() {
        assertThat(TimestampFormat.parse(TimestampFormat.format(TimestampFormat.FIRST, false))).isEqualTo(TimestampFormat.FIRST);
        assertThat(TimestampFormat.parse(TimestampFormat.format(TimestampFormat.LAST, false))).isEqualTo(TimestampFormat.LAST);
        assertThat(TimestampFormat.representable(TimestampFormat.FIRST.minusSeconds(1))).isFalse();
        assertThat(TimestampFormat.representable(TimestampFormat.LAST.plusSeconds(1))).isFalse();
        // why: year 0 is written as 0001 and year -1 as 0002 (year of era), year 10000 as +10000
        assertThat(TimestampFormat.format(LocalDateTime.of(0, 1, 1, 0, 0), true)).isEqualTo("0000-01-01");
        assertThat(TimestampFormat.format(LocalDateTime.of(-1, 12, 31, 6, 0), false)).isEqualTo("0002-12-31T06:00:00");
    }

    @Test
    void historyTimestampsOutsideTheRangeAreRefusedWithTheRange() {
        assertThatThrownBy(() -> TimestampFormat.parse("0000-01-01")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0000-01-01' is outside the timestamps the service can represent, " + TimestampFormat.RANGE);
        assertThatThrownBy(() -> TimestampFormat.parse("+10000-01-01T00:00")).hasMessageContaining("outside");
        assertThatThrownBy(() -> TimestampFormat.parse("-0005-03-01T00:00")).hasMessageContaining("outside");
    }

    @Test
    void csvCellsWithAnOffsetAreCheckedInUtc() {
        assertThat(DatasetParser.parseTimestamp("0000-01-01T00:00:00+18:00").value()).isEqualTo(LocalDateTime.of(-1, 12, 31, 6, 0));
        assertThatThrownBy(() -> DatasetService.parse(("timestamp,value\n0000-01-01T00:00:00+18:00,1\n0000-01-02T00:00:00+18:00,2\n"
                + "0000-01-03T00:00:00+18:00,3\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessageContaining("row 1").hasMessageContaining("(it is -0001-12-31T06:00:00)");
        assertThat(DatasetService.parse(("timestamp,value\n9999-12-31T21:59:57-02:00,1\n9999-12-31T21:59:58-02:00,2\n"
                + "9999-12-31T21:59:59-02:00,3\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).size()).isEqualTo(3);
    }
}
