package io.foresight.training;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import io.foresight.ForesightProperties;
import io.foresight.dataset.ColumnInfo;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Networks;
import io.foresight.registry.ModelVersion;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains a small LSTM on a synthetic series once when the service has started, through the steps of a training job
 * ({@code Trainer.train}: windows, the network fitted with {@link NetworkFitting}, its held-back forecasts, the naive
 * baselines and the selection, the calibrated intervals, the version's manifest and network files, and the networks
 * read back from those files as a forecast loads them), short of the registry: nothing is written, neither to the
 * registry nor to the data directory. A fresh JVM's first job otherwise pays for loading ND4J and DL4J, their classes
 * and the JIT compiling the training kernels (docs/BENCHMARK.md, "The API training job on a started service"). It shares no mutable state with the jobs: every object it trains is its
 * own, and the kernels' scratch space is per thread.
 */
final class TrainingWarmUp {

    /**
     * The job it runs: the bench's shape (two LSTM layers of 64, window and horizon 48, batch 64) for 4 epochs on a
     * shorter series, enough mini-batches that the kernels run compiled before the first job: 4-5 CPU seconds on a
     * fresh JVM, after which the first job costs about what the next ones cost (docs/BENCHMARK.md).
     */
    static final String REQUEST = """
            {"target": "value", "horizon": 48, "window": 48, "architecture": "LSTM", "layers": [64, 64],
             "epochs": 4, "batchSize": 64, "learningRate": 0.001, "earlyStopping": false, "seed": 1}""";

    /** Points of the synthetic series: half-hourly, a daily and a weekly season and noise. */
    static final int POINTS = 1_400;

    private TrainingWarmUp() {
    }

    /** Thrown from the warm-up's checkpoint when {@code stopping} says the service stops. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("the service is stopping", null, false, false);
        }
    }

    /**
     * Runs the warm-up job; {@code json} is the service's mapper (the registry's), so that its manifest serializer is
     * built here. Returns how long it took; throws {@link Stopped} when {@code stopping} turns true meanwhile.
     */
    static Duration run(ForesightProperties properties, JsonMapper json, BooleanSupplier stopping) {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        TimeSeries series = series();
        DatasetInfo dataset = new DatasetInfo("warm-up", "warm-up", series.size(),
                List.of(new ColumnInfo("timestamp", ColumnInfo.TIMESTAMP), new ColumnInfo("value", ColumnInfo.NUMBER)),
                "timestamp", series.frequency().code(), series.timestamps().get(0).toString(),
                series.timestamps().get(series.size() - 1).toString(), 0, 0, "0".repeat(64), startedAt);
        TrainingRequest request = json.readValue(REQUEST, TrainingRequest.class).withDatasetId(dataset.id());
        Trainer.Prepared prepared = Trainer.fresh("warm-up", dataset, request, series,
                new SettingsResolver(properties.limits()), Trainer.autoLayerSizes(properties));
        Trainer.Monitor monitor = new Trainer.Monitor() {
            @Override
            public void progress(Progress progress) {
                checkpoint();
            }

            @Override
            public void checkpoint() {
                if (stopping.getAsBoolean()) {
                    throw new Stopped();
                }
            }
        };
        // a job's steps (Trainer.draft) on the synthetic series, short of the registry
        VersionDraft draft = Trainer.draft(prepared, series, monitor, null, new Trainer.Phases(), () -> {
            Instant finished = Instant.now();
            return new ModelVersion.Provenance("warm-up", startedAt, finished,
                    Duration.between(startedAt, finished).toMillis() / 1000.0, Map.of(), null);
        });
        monitor.checkpoint();
        // what the registry writes, serialized in memory only (Trainer.draft refuses a manifest with a non-finite number)
        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(draft.manifest());
        // and what loading the version for its first forecast reads back (DL4J's configuration JSON, ND4J's arrays)
        for (ModelVersion.Member member : draft.manifest().members()) {
            Networks.restore(draft.files().get(member.configFile()), draft.files().get(member.paramsFile()));
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The synthetic series: half-hourly from 2000-01-03, a daily and a weekly season plus seeded noise. */
    static TimeSeries series() {
        Random random = new Random(1);
        List<LocalDateTime> timestamps = new ArrayList<>(POINTS);
        double[] values = new double[POINTS];
        LocalDateTime start = LocalDateTime.of(2000, 1, 3, 0, 0);
        for (int t = 0; t < POINTS; t++) {
            timestamps.add(start.plusMinutes(30L * t));
            values[t] = 100 + 20 * Math.sin(2 * Math.PI * t / 48) + 5 * Math.sin(2 * Math.PI * t / 336)
                    + random.nextGaussian();
        }
        return new TimeSeries(timestamps, List.of(new SeriesColumn("value", values)), Frequency.parse("PT30M"), false);
    }
}
