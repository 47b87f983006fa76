package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The rule by which a replica takes a job another process owns as abandoned (issue 18). */
class JobLeaseTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final JobOwner SELF = JobOwner.current();
    private static final JobLease RULE = new JobLease(LEASE, SELF);

    private static TrainingJobView job(JobStatus status) {
        return new TrainingJobView("job-0123456789ab", "air", "ds-0123456789ab", status, Progress.none(),
                NOW.minusSeconds(600), status == JobStatus.QUEUED ? null : NOW.minusSeconds(500), status.finished() ? NOW : null,
                null, null, null);
    }

    private static JobOwner elsewhere() {
        return new JobOwner("another-host", SELF.pid(), SELF.processStart());
    }

    @Test
    void aJobOnAnotherHostWithAFreshHeartbeatIsLeftAlone() {
        assertThat(RULE.abandoned(job(JobStatus.RUNNING), elsewhere(), NOW.minusSeconds(29), NOW)).isEmpty();
        assertThat(RULE.abandoned(job(JobStatus.QUEUED), elsewhere(), NOW.minus(LEASE), NOW)).isEmpty();
    }

    @Test
    void aJobOnAnotherHostWhoseHeartbeatIsOlderThanTheLeaseIsAbandoned() {
        assertThat(RULE.abandoned(job(JobStatus.RUNNING), elsewhere(), NOW.minusSeconds(31), NOW)).hasValueSatisfying(
                error -> assertThat(error).startsWith("The service stopped while this job was RUNNING: the process that ran it"
                        + " (process " + SELF.pid() + " on another-host) stopped: no heartbeat for 31 s, more than"
                        + " foresight.training.job-lease (30 s); submit it again."));
        assertThat(RULE.abandoned(job(JobStatus.QUEUED), elsewhere(), NOW.minusSeconds(3600), NOW))
                .hasValueSatisfying(error -> assertThat(error).startsWith("The service stopped while this job was QUEUED"));
    }

    @Test
    void aFinishedJobIsNeverAbandonedHoweverOld() {
        for (JobStatus status : new JobStatus[] {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}) {
            assertThat(RULE.abandoned(job(status), elsewhere(), NOW.minusSeconds(86_400), NOW)).as("%s", status).isEmpty();
        }
    }

    @Test
    void aFileWithoutAnOwnerWrittenBeforeOwnersWereRecordedFollowsTheLeaseAlone() {
        assertThat(RULE.abandoned(job(JobStatus.RUNNING), null, NOW.minusSeconds(5), NOW)).isEmpty();
        assertThat(RULE.abandoned(job(JobStatus.RUNNING), null, NOW.minusSeconds(40), NOW)).hasValueSatisfying(
                error -> assertThat(error).contains("the process that ran it stopped: no heartbeat for 40 s"));
    }

    @Test
    void aProcessOfThisHostThatHasExitedHasAbandonedItsJobsAtOnce() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        assertThat(exited.waitFor(10, TimeUnit.SECONDS)).isTrue();
        JobOwner gone = new JobOwner(SELF.host(), exited.pid(), exited.info().startInstant().orElse(null));

        assertThat(RULE.abandoned(job(JobStatus.RUNNING), gone, NOW, NOW)).hasValueSatisfying(error -> assertThat(error)
                .isEqualTo("The service stopped while this job was RUNNING: the process that ran it (process " + exited.pid()
                        + " on " + SELF.host() + ") is no longer running; submit it again."));
    }

    @Test
    void aRunningProcessOfThisHostKeepsItsJobsWhileItsHeartbeatIsFresh() throws Exception {
        Process running = new ProcessBuilder("sleep", "30").start();
        try {
            Instant started = ProcessHandle.of(running.pid()).orElseThrow().info().startInstant().orElse(null);
            JobOwner alive = new JobOwner(SELF.host(), running.pid(), started);
            assertThat(RULE.abandoned(job(JobStatus.RUNNING), alive, NOW, NOW)).isEmpty();
            assertThat(RULE.abandoned(job(JobStatus.RUNNING), alive, NOW.minusSeconds(31), NOW))
                    .as("the lease holds for a process that runs but does not refresh").isPresent();

            // the same process id, started at another time: the id was reused by another process
            JobOwner reused = new JobOwner(SELF.host(), running.pid(), started == null ? null : started.minusSeconds(3600));
            if (started != null) {
                assertThat(RULE.abandoned(job(JobStatus.RUNNING), reused, NOW, NOW)).isPresent();
            }
        } finally {
            running.destroyForcibly();
        }
    }

    @Test
    void aJobOfAnEarlierProcessWithThisProcesssIdIsAbandoned() {
        // a restarted container: its new process 1 finds the jobs of the old process 1
        JobOwner earlier = new JobOwner(SELF.host(), SELF.pid(), SELF.processStart().minusSeconds(600));
        assertThat(RULE.abandoned(job(JobStatus.RUNNING), earlier, NOW, NOW)).isPresent();
        assertThat(RULE.abandoned(job(JobStatus.RUNNING), SELF, NOW, NOW)).as("this very process").isEmpty();
    }

    @Test
    void theOwnerRefreshesSixTimesPerLease() {
        assertThat(RULE.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    }
}
