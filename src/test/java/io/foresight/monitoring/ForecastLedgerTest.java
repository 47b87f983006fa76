package io.foresight.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's file: entries read back as written, retention, and a frame cut short by a crash. */
class ForecastLedgerTest {

    @TempDir
    Path dir;

    static LedgerEntry entry(int version, String series, int day, int horizon) {
        float[] values = new float[horizon];
        float[][] lower = new float[2][horizon];
        float[][] upper = new float[2][horizon];
        for (int k = 0; k < horizon; k++) {
            values[k] = 100.5f + k + day;
            lower[0][k] = values[k] - 3.25f;
            upper[0][k] = values[k] + 3.5f;
            lower[1][k] = values[k] - 7;
            upper[1][k] = values[k] + 8;
        }
        return LedgerEntry.of(version, series, "P1D", LedgerEntry.seconds(LiveScoreTest.ORIGIN.plusDays(day)), 2.5f,
                0.75f, new float[] {80, 95}, values, lower, upper);
    }

    @Test
    void entriesAreReadBackAsWrittenByAnotherReader() {
        ForecastLedger ledger = new ForecastLedger(dir, 1000);
        List<LedgerEntry> first = List.of(entry(1, "", 0, 6), entry(1, "", 1, 6));
        List<LedgerEntry> second = List.of(entry(2, "7/3", 2, 12), entry(2, "ü/1", 2, 1));
        ledger.append("air", first);
        ledger.append("air", second);
        List<LedgerEntry> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(ledger.entries("air")).isEqualTo(all);
        assertThat(new ForecastLedger(dir, 1000).entries("air")).isEqualTo(all);
        assertThat(ledger.entries("other")).isEmpty();

        // a reader that looked before sees only what was appended since, added to what it had
        ForecastLedger reader = new ForecastLedger(dir, 1000);
        reader.entries("air");
        ledger.append("air", List.of(entry(2, "7/3", 3, 12)));
        assertThat(reader.entries("air")).hasSize(5).last().isEqualTo(entry(2, "7/3", 3, 12));
    }

    @Test
    void aFrameCutShortByACrashIsIgnoredAndCutOffByTheNextWriter() throws IOException {
        ForecastLedger ledger = new ForecastLedger(dir, 1000);
        ledger.append("air", List.of(entry(1, "", 0, 6)));
        Path log = dir.resolve("air").resolve(ForecastLedger.LOG);
        long whole = Files.size(log);
        byte[] frame = ForecastLedger.frame(List.of(entry(1, "", 1, 6)));
        Files.write(log, java.util.Arrays.copyOf(frame, frame.length - 5), StandardOpenOption.APPEND);

        ForecastLedger restarted = new ForecastLedger(dir, 1000);
        assertThat(restarted.entries("air")).containsExactly(entry(1, "", 0, 6));
        restarted.append("air", List.of(entry(1, "", 2, 6)));
        assertThat(Files.size(log)).isEqualTo(whole + ForecastLedger.frame(List.of(entry(1, "", 2, 6))).length);
        assertThat(new ForecastLedger(dir, 1000).entries("air")).containsExactly(entry(1, "", 0, 6), entry(1, "", 2, 6));

        // a flipped byte fails the checksum: that frame and everything after it are not read
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length - 3] ^= 1;
        Files.write(log, bytes);
        assertThat(new ForecastLedger(dir, 1000).entries("air")).containsExactly(entry(1, "", 0, 6));
    }

    @Test
    void retentionKeepsTheNewestEntriesOnceAQuarterOverTheBound() {
        ForecastLedger ledger = new ForecastLedger(dir, 8);
        for (int day = 0; day < 10; day++) {
            assertThat(ledger.append("air", List.of(entry(1, "", day, 3)))).isFalse();
        }
        assertThat(ledger.entries("air")).hasSize(10);
        assertThat(ledger.append("air", List.of(entry(1, "", 10, 3)))).isTrue(); // 11 > 8 + 2
        List<LedgerEntry> kept = ledger.entries("air");
        assertThat(kept).hasSize(8);
        assertThat(kept.get(0)).isEqualTo(entry(1, "", 3, 3));
        assertThat(kept.get(7)).isEqualTo(entry(1, "", 10, 3));
        assertThat(new ForecastLedger(dir, 8).entries("air")).isEqualTo(kept);
    }

    @Test
    void aYearOfDailyForecastsOfAThousandSeriesTakesTensOfMegabytes() throws IOException {
        // one day: a batch forecast of 1,000 series ("store/item" ids), 7 steps, 80 and 95 % bounds, one frame
        List<LedgerEntry> day = new ArrayList<>();
        for (int s = 0; s < 1000; s++) {
            day.add(entry(1, (s / 50) + "/" + (s % 50), 0, 7));
        }
        ForecastLedger ledger = new ForecastLedger(dir, 1_000_000);
        ledger.append("daily", day);
        long year = Files.size(dir.resolve("daily").resolve(ForecastLedger.LOG)) * 365;
        System.out.printf("ledger: %d bytes a day, %.1f MB a year for 1,000 daily series of 7 steps%n", year / 365,
                year / 1e6);
        assertThat(year).isBetween(10_000_000L, 80_000_000L);
    }
}
