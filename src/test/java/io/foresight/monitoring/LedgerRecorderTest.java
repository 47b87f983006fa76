package io.foresight.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastsAnswered;

/** The ledger's thread: each (model, version, series, origin) recorded once, a longer horizon again, a full queue drops. */
class LedgerRecorderTest {

    @TempDir
    Path dir;

    static final LocalDateTime ORIGIN = LocalDateTime.of(1954, 6, 1, 0, 0);

    static ForecastsAnswered answered(int version, LocalDateTime origin, int horizon, String... series) {
        List<ForecastsAnswered.Answer> answers = new ArrayList<>();
        for (String id : series) {
            List<Forecast.Point> points = new ArrayList<>();
            for (int k = 0; k < horizon; k++) {
                double v = 300 + k;
                points.add(new Forecast.Point(origin.plusMonths(k + 1).toLocalDate().toString(), v,
                        Map.of("80", v - 10, "95", v - 20), Map.of("80", v + 10, "95", v + 20)));
            }
            answers.add(new ForecastsAnswered.Answer(id, origin, 12.5, 0.8, points));
        }
        return new ForecastsAnswered("air", version, "P1M", List.of(80.0, 95.0), answers);
    }

    /** Waits until the queue is empty and the batch taken from it is written. */
    static void awaitIdle(LedgerRecorder recorder) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!recorder.idle() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
    }

    @Test
    void theSameForecastIsRecordedOnceAndALongerOneAgain() throws InterruptedException {
        ForecastLedger ledger = new ForecastLedger(dir, 1000);
        try (LedgerRecorder recorder = new LedgerRecorder(ledger, null, 100)) {
            recorder.offer(answered(1, ORIGIN, 6, ""));
            awaitIdle(recorder);
            for (int i = 0; i < 20; i++) {
                recorder.offer(answered(1, ORIGIN, 6 - i % 6, ""));
            }
            awaitIdle(recorder);
            assertThat(ledger.entries("air")).hasSize(1);
            LedgerEntry entry = ledger.entries("air").get(0);
            assertThat(entry.horizon()).isEqualTo(6);
            for (int k = 0; k < 6; k++) {
                assertThat(entry.value(k)).isEqualTo(300f + k);
            }
            assertThat(entry.lower(0, 1)).isEqualTo(291f);
            assertThat(entry.upper(1, 5)).isEqualTo(325f);
            assertThat(entry.maseScale()).isEqualTo(12.5f);
            assertThat(entry.origin()).isEqualTo(LedgerEntry.seconds(ORIGIN));

            // another version, origin or series is another forecast; a longer horizon is recorded again
            recorder.offer(answered(2, ORIGIN, 6, ""));
            recorder.offer(answered(1, ORIGIN.plusMonths(1), 6, ""));
            recorder.offer(answered(1, ORIGIN, 12, ""));
            recorder.offer(answered(1, ORIGIN, 12, "", "7/3")); // a batch: only its new series
            awaitIdle(recorder);
            assertThat(ledger.entries("air")).hasSize(5);
            assertThat(recorder.recordedEntries()).isEqualTo(5);
        }
        // a restarted recorder knows what the ledger holds
        try (LedgerRecorder again = new LedgerRecorder(ledger, null, 100)) {
            again.offer(answered(1, ORIGIN, 12, "", "7/3"));
            again.offer(answered(2, ORIGIN, 3, ""));
            awaitIdle(again);
            assertThat(new ForecastLedger(dir, 1000).entries("air")).hasSize(5);
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaiting() throws InterruptedException {
        ForecastLedger ledger = new ForecastLedger(dir, 1000);
        try (LedgerRecorder recorder = new LedgerRecorder(ledger, null, 2, false)) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                recorder.offer(answered(1, ORIGIN.plusMonths(i), 6, ""));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(recorder.dropped()).isEqualTo(3);
            recorder.start();
            awaitIdle(recorder);
            assertThat(ledger.entries("air")).extracting(LedgerEntry::origin).containsExactly(
                    LedgerEntry.seconds(ORIGIN), LedgerEntry.seconds(ORIGIN.plusMonths(1)));
        }
    }
}
