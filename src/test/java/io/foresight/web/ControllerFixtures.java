package io.foresight.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.foresight.forecast.Forecast;
import io.foresight.model.Accuracy;
import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelSummary;
import io.foresight.registry.ModelVersion;
import io.foresight.training.JobStatus;
import io.foresight.training.Progress;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/** Records as the services return them, for the controllers' slice tests. */
final class ControllerFixtures {

    static final String JOB_ID = "job-6bbb4e5dbd56";
    static final String DATASET_ID = "ds-0123456789ab";
    static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");

    private ControllerFixtures() {
    }

    static TrainingRequest request(String datasetId) {
        return new TrainingRequest(datasetId, "value", null, 12, Architecture.AUTO, null, null, null, null, null, null,
                42L, null, null, null);
    }

    static TrainingJobView job(String id, JobStatus status, Integer version, String error) {
        Progress progress = status == JobStatus.QUEUED ? new Progress(0, 0, null, null, 0, 0, null, 0, 0)
                : new Progress(7, 40, 0.125, 0.25, 96, 12, "LSTM/RELATIVE/seed 42", 2, 6);
        Instant started = status == JobStatus.QUEUED ? null : CREATED.plusSeconds(1);
        Instant finished = status.finished() ? CREATED.plusSeconds(30) : null;
        return new TrainingJobView(id, "air", DATASET_ID, status, progress, CREATED, started, finished, version, error,
                request(DATASET_ID));
    }

    static Forecast forecast() {
        return new Forecast("air", 2, "THETA", 2, List.of(
                new Forecast.Point("1961-01-01", 442.5, Map.of("80", 420.0, "95", 408.25),
                        Map.of("80", 465.0, "95", 476.75)),
                new Forecast.Point("1961-02-01", 430.0, Map.of("80", 401.5, "95", 386.0),
                        Map.of("80", 458.5, "95", 474.0))));
    }

    static ModelSummary summary() {
        ModelSummary.VersionSummary v1 = new ModelSummary.VersionSummary(1, "2024-05-01T10:00:00Z", "THETA", 0.82, 1.0,
                0.95, true, true, List.of(), "promoted: first version", DATASET_ID, "ab".repeat(32), "value", 12,
                "job-000000000001", 1.5, null);
        ModelSummary.VersionSummary v2 = new ModelSummary.VersionSummary(2, "2024-05-02T10:00:00Z", "LSTM", 0.71, 1.0,
                0.95, true, true, List.of("production"), "promoted: validates better than version 1", DATASET_ID,
                "ab".repeat(32), "value", 12, JOB_ID, 31.25, 1);
        return new ModelSummary("air", List.of(v1, v2), Map.of("production", 2), 2, 2, List.of());
    }

    /** Version {@code version} of model {@code air}, with a held-back series unless {@code withHeldBack} is false. */
    static ModelVersion version(int version, boolean withHeldBack) {
        TrainingSettings settings = new TrainingSettings(Architecture.LSTM, Representation.LOG_RELATIVE, 24, 2,
                List.of(32), 40, 16, 0.001, 0.1, 42L, true, 5, 12, 0.2);
        Scaler scaler = new Scaler(Representation.LOG_RELATIVE, 12, new double[] {5.5}, new double[] {0.25});
        ModelVersion.Data data = new ModelVersion.Data(DATASET_ID, "air", "ab".repeat(32), "value", List.of(), "P1M",
                true, 144, 0, "1949-01-01", "1960-12-01");
        ModelVersion.Validation backtest = new ModelVersion.Validation(5, 90, 12, 17.5, new Accuracy(12.5, 15.0, 0.71, 3.1),
                new Accuracy(17.5, 21.0, 1.0, 4.2), new Accuracy(16.6, 20.0, 0.95, 4.0), true, true);
        ModelVersion.CandidateScore chosen = new ModelVersion.CandidateScore("LSTM/LOG_RELATIVE", Method.LSTM, "LOG_RELATIVE",
                List.of(42L, 43L, 44L), 23, 0.71, true);
        ModelVersion.CandidateScore theta = new ModelVersion.CandidateScore("THETA", Method.THETA, null, List.of(), 0, 0.82,
                false);
        IntervalCalibration intervals = new IntervalCalibration(5, new double[][] {{0, 0.1}, {0, 0.2}},
                new double[] {0.05, 0.08});
        ModelVersion.HeldBack heldBack = !withHeldBack ? null : new ModelVersion.HeldBack(
                List.of("1960-11-01", "1960-12-01"), new double[] {390, 432}, new double[] {401.5, 425.0},
                Map.of("80", new double[] {380, 400}, "95", new double[] {370, 390}),
                Map.of("80", new double[] {420, 450}, "95", new double[] {430, 461}));
        ModelVersion.Tail tail = new ModelVersion.Tail(List.of("1960-11-01", "1960-12-01"),
                new double[][] {{390, 432}});
        ModelVersion.Provenance provenance = new ModelVersion.Provenance(JOB_ID, CREATED, CREATED.plusSeconds(31), 31.25,
                Map.of("deeplearning4j", "1.0.0-M2.1"), 1);
        return new ModelVersion(ModelVersion.SCHEMA_VERSION, "air", version, CREATED, Method.LSTM, settings, scaler,
                List.of(new ModelVersion.Member(Method.LSTM, scaler, 42L, "network-0.json", "params-0.bin", null)), data,
                backtest, List.of(chosen, theta), "LSTM/LOG_RELATIVE validates best", intervals, heldBack, tail,
                provenance, "promoted: validates better than version 1",
                Map.of("network-0.json", "cd".repeat(32), "params-0.bin", "ef".repeat(32)), null);
    }
}
