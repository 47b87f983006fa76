package io.foresight.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

class RetrainingScheduleTest {

    private static final CronExpression DAILY_AT_3 = CronExpression.parse("0 0 3 * * *");
    private static final Instant SET = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void notDueBeforeTheFirstCronTimeAfterThePolicyWasSet() {
        assertEquals(Instant.parse("2026-01-02T03:00:00Z"), RetrainingSchedule.next(DAILY_AT_3, SET, null));
        assertFalse(RetrainingSchedule.due(DAILY_AT_3, SET, null, Instant.parse("2026-01-02T02:59:59Z")));
        assertTrue(RetrainingSchedule.due(DAILY_AT_3, SET, null, Instant.parse("2026-01-02T03:00:00Z")));
    }

    @Test
    void aRunMissedWhileDownRunsOnceAtStartUp() {
        Instant lastRun = Instant.parse("2026-01-02T03:00:01Z");
        // down from Jan 2 to Jan 5 noon: three cron times missed, one run due
        Instant restart = Instant.parse("2026-01-05T12:00:00Z");
        assertTrue(RetrainingSchedule.due(DAILY_AT_3, SET, lastRun, restart));
        // the run recorded at start-up moves the next time past now: not due again that day
        assertFalse(RetrainingSchedule.due(DAILY_AT_3, SET, restart, restart.plusSeconds(3600)));
        assertEquals(Instant.parse("2026-01-06T03:00:00Z"), RetrainingSchedule.next(DAILY_AT_3, SET, restart));
    }

    @Test
    void aRecordedRunIsNotRunTwice() {
        Instant ran = Instant.parse("2026-01-02T03:00:00.200Z");
        assertFalse(RetrainingSchedule.due(DAILY_AT_3, SET, ran, ran));
        assertFalse(RetrainingSchedule.due(DAILY_AT_3, SET, ran, Instant.parse("2026-01-03T02:59:59Z")));
        assertTrue(RetrainingSchedule.due(DAILY_AT_3, SET, ran, Instant.parse("2026-01-03T03:00:00Z")));
    }

    @Test
    void aPolicySetAgainCountsFromItsNewSetting() {
        Instant reset = Instant.parse("2026-01-03T04:00:00Z");
        assertFalse(RetrainingSchedule.due(DAILY_AT_3, reset, Instant.parse("2026-01-01T03:00:00Z"),
                Instant.parse("2026-01-03T05:00:00Z")));
    }
}
