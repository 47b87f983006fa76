package io.foresight.retraining;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a policy's cron retraining is due: the first cron time after the later of the policy's setting and its last
 * run has come. A restart therefore neither loses a run that fell due while the service was down (it is due at once,
 * and once: the run recorded moves the next time past now) nor runs one twice (the recorded run is read back).
 */
final class RetrainingSchedule {

    private RetrainingSchedule() {
    }

    /** The next cron time after the later of {@code since} and {@code lastRun} (null: never ran), or null if none. */
    static Instant next(CronExpression cron, Instant since, Instant lastRun) {
        Instant from = lastRun != null && lastRun.isAfter(since) ? lastRun : since;
        ZonedDateTime next = cron.next(from.atZone(ZoneOffset.UTC));
        return next == null ? null : next.toInstant();
    }

    /** Whether a run is due at {@code now}. */
    static boolean due(CronExpression cron, Instant since, Instant lastRun, Instant now) {
        Instant next = next(cron, since, lastRun);
        return next != null && !next.isAfter(now);
    }
}
