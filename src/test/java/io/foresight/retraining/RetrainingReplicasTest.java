package io.foresight.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetService;
import io.foresight.model.Architecture;
import io.foresight.model.TrainingSettings;
import io.foresight.observation.ObservationStore;
import io.foresight.observation.Observations;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.training.JobStatus;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link RetrainingService} over one data directory shared by two processes' services (replicas): a cron run that fell
 * due while no service ran (the policy was set two days ago, nothing ran since) is submitted exactly once at start-up,
 * though both replicas check it at the same moment, and a service started again afterwards does not submit it again.
 */
class RetrainingReplicasTest {

    @TempDir
    Path dataDir;

    @Test
    void aMissedRunIsSubmittedOnceByOneReplicaAndNotAgainAfterARestart() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("retraining").resolve("air"));
        Files.writeString(dir.resolve("policy.json"), "{\"model\": \"air\", \"cron\": \"0 0 3 * * *\", \"onDrift\": false,"
                + " \"spec\": null, \"since\": \"" + Instant.now().minusSeconds(2 * 86_400) + "\"}", StandardCharsets.UTF_8);

        ModelRegistry registry = mock(ModelRegistry.class);
        ModelVersion production = mock(ModelVersion.class);
        TrainingSettings settings = mock(TrainingSettings.class);
        when(settings.horizon()).thenReturn(6);
        when(settings.architecture()).thenReturn(Architecture.SIMPLE_RNN);
        when(production.settings()).thenReturn(settings);
        when(production.members()).thenReturn(List.of());
        when(production.data()).thenReturn(new ModelVersion.Data("ds-0123456789ab", "air", "sha", "value", List.of(),
                "P1M", true, 60, 0, "1949-01-01", "1953-12-01"));
        when(registry.resolve(eq("air"), isNull(), isNull())).thenReturn(production);
        ObservationStore observations = mock(ObservationStore.class);
        when(observations.observations("air", "", null)).thenReturn(Observations.none(""));
        TrainingService training = mock(TrainingService.class);
        AtomicInteger submitted = new AtomicInteger();
        when(training.submit(eq("air"), any(TrainingRequest.class), eq(TrainingJobView.SCHEDULE))).thenAnswer(call -> {
            Thread.sleep(50); // a submission takes a moment: the other replica must not decide meanwhile
            return job("job-00000000000" + submitted.incrementAndGet(), call.getArgument(1));
        });
        when(training.get(anyString())).thenAnswer(call -> job(call.getArgument(0), null));

        JsonMapper json = JsonMapper.builder().build();
        ForesightProperties properties = ForesightProperties.defaults(dataDir);
        RetrainingService one = new RetrainingService(properties, json, registry, mock(DatasetService.class), observations,
                training);
        RetrainingService two = new RetrainingService(properties, json, registry, mock(DatasetService.class), observations,
                training);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (RetrainingService replica : List.of(one, two, one, two)) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    replica.tick();
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            Thread.sleep(1500); // the services' own threads check too
        } finally {
            one.close();
            two.close();
        }
        assertThat(submitted.get()).isEqualTo(1);
        TrainingRequest request = requestSubmitted(training);
        assertThat(request.datasetId()).isEqualTo("ds-0123456789ab");
        assertThat(request.target()).isEqualTo("value");
        assertThat(request.horizon()).isEqualTo(6);
        assertThat(request.architecture()).isEqualTo(Architecture.SIMPLE_RNN);
        assertThat(request.warmStartFrom()).as("no networks to continue").isNull();

        RetrainingService restarted = new RetrainingService(properties, json, registry, mock(DatasetService.class),
                observations, training);
        try {
            restarted.tick();
            RetrainingService.View view = restarted.get("air");
            assertThat(view.lastRun().jobId()).isEqualTo("job-000000000001");
            assertThat(view.lastRun().trigger()).isEqualTo(TrainingJobView.SCHEDULE);
            assertThat(view.nextRun()).isAfter(Instant.now());
        } finally {
            restarted.close();
        }
        assertThat(submitted.get()).isEqualTo(1);
    }

    /**
     * The service stopped (a crash or a shutdown) while the job of a scheduled run was running: the job is FAILED as
     * interrupted; the run is submitted again exactly once, with the job's request and the trigger {@code schedule},
     * marked as its rerun, though two replicas check at once, and not again after another start. A job whose version
     * was registered before the stop is not run again.
     */
    @Test
    void aRunWhoseJobTheStopInterruptedIsSubmittedAgainOnceByOneReplica() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("retraining").resolve("air"));
        Instant since = Instant.now().minusSeconds(3600);
        Instant at = Instant.now().minusSeconds(60);
        Files.writeString(dir.resolve("policy.json"), "{\"model\": \"air\", \"cron\": \"0 0 3 * * *\", \"onDrift\": false,"
                + " \"spec\": null, \"since\": \"" + since + "\"}", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("run.json"), "{\"at\": \"" + at + "\", \"trigger\": \"schedule\", \"jobId\":"
                + " \"job-0000000000aa\", \"error\": null}", StandardCharsets.UTF_8);
        TrainingRequest original = new TrainingRequest("ds-0123456789ab", "value", List.of(), 6, Architecture.SIMPLE_RNN,
                null, null, 5, null, null, null, 1L, null, null, null, null);
        TrainingJobView interrupted = new TrainingJobView("job-0000000000aa", "air", "ds-0123456789ab", JobStatus.FAILED,
                null, at, at, Instant.now(), null, "The service stopped while this job was RUNNING: the process that ran"
                        + " it is no longer running; submit it again.", original, TrainingJobView.SCHEDULE);
        assertThat(interrupted.interrupted()).isTrue();

        ModelRegistry registry = mock(ModelRegistry.class);
        TrainingService training = mock(TrainingService.class);
        AtomicInteger submitted = new AtomicInteger();
        when(training.submit(eq("air"), any(TrainingRequest.class), anyString(), anyString())).thenAnswer(call -> {
            Thread.sleep(50);
            return job("job-00000000000" + submitted.incrementAndGet(), call.getArgument(1));
        });
        when(training.get(anyString())).thenAnswer(call -> call.getArgument(0).equals(interrupted.id()) ? interrupted
                : job(call.getArgument(0), original));

        JsonMapper json = JsonMapper.builder().build();
        ForesightProperties properties = ForesightProperties.defaults(dataDir);
        RetrainingService one = new RetrainingService(properties, json, registry, mock(DatasetService.class),
                mock(ObservationStore.class), training);
        RetrainingService two = new RetrainingService(properties, json, registry, mock(DatasetService.class),
                mock(ObservationStore.class), training);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (RetrainingService replica : List.of(one, two, one, two)) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    replica.tick();
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            Thread.sleep(1500);
        } finally {
            one.close();
            two.close();
        }
        assertThat(submitted.get()).isEqualTo(1);
        verify(training, times(1)).submit("air", original, TrainingJobView.SCHEDULE, "job-0000000000aa");
        RetrainingService restarted = new RetrainingService(properties, json, registry, mock(DatasetService.class),
                mock(ObservationStore.class), training);
        try {
            restarted.tick();
            RetrainingService.View view = restarted.get("air");
            assertThat(view.lastRun().jobId()).isEqualTo("job-000000000001");
            assertThat(view.lastRun().rerunOf()).isEqualTo("job-0000000000aa");
            assertThat(view.lastRun().at()).as("the run keeps its time").isEqualTo(at);
            assertThat(view.lastRun().trigger()).isEqualTo(TrainingJobView.SCHEDULE);
        } finally {
            restarted.close();
        }
        assertThat(submitted.get()).isEqualTo(1);

        // a job stopped after it registered its version is not run again
        Files.writeString(dir.resolve("run.json"), "{\"at\": \"" + at + "\", \"trigger\": \"schedule\", \"jobId\":"
                + " \"job-0000000000aa\", \"error\": null}", StandardCharsets.UTF_8);
        ModelVersion registered = mock(ModelVersion.class);
        when(registered.model()).thenReturn("air");
        when(registered.provenance()).thenReturn(new ModelVersion.Provenance("job-0000000000aa", at, at, 1, null, 1));
        when(registry.versions()).thenReturn(List.of(registered));
        RetrainingService again = new RetrainingService(properties, json, registry, mock(DatasetService.class),
                mock(ObservationStore.class), training);
        try {
            again.tick();
        } finally {
            again.close();
        }
        assertThat(submitted.get()).isEqualTo(1);
    }

    private static TrainingRequest requestSubmitted(TrainingService training) {
        org.mockito.ArgumentCaptor<TrainingRequest> captor = org.mockito.ArgumentCaptor.forClass(TrainingRequest.class);
        verify(training, times(1)).submit(eq("air"), captor.capture(), eq(TrainingJobView.SCHEDULE));
        return captor.getValue();
    }

    private static TrainingJobView job(String id, TrainingRequest request) {
        return new TrainingJobView(id, "air", "ds-0123456789ab", JobStatus.SUCCEEDED, null, Instant.now(),
                Instant.now(), Instant.now(), 2, null, request, TrainingJobView.SCHEDULE);
    }
}
