package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.ForesightProperties;
import io.foresight.dataset.ColumnInfo;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Networks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The start-up training warm-up ({@link TrainingWarmUp}): it trains through the job's steps and stores nothing, a
 * network trained while it runs is the one trained without it (they share no mutable state), and it stops when the
 * service stops.
 */
class TrainingWarmUpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    @Test
    void trainsThroughTheJobsStepsAndWritesNothing() throws IOException {
        Duration took = TrainingWarmUp.run(ForesightProperties.defaults(dataDir), JSON, () -> false);

        assertThat(took).isPositive();
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).as("nothing in the data directory").isEmpty();
        }
    }

    @Test
    void aNetworkTrainedWhileTheWarmUpRunsIsTheOneTrainedWithoutIt() throws Exception {
        List<Candidate> alone = fitJob();

        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Duration> warmUp = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return TrainingWarmUp.run(ForesightProperties.defaults(dataDir), JSON, () -> false);
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        List<Candidate> meanwhile = fitJob();
        boolean overlapped = !warmUp.isDone();
        warmUp.get(5, TimeUnit.MINUTES);

        assertThat(overlapped).as("the job was trained while the warm-up ran").isTrue();
        assertThat(meanwhile).hasSameSizeAs(alone);
        for (int i = 0; i < alone.size(); i++) {
            assertThat(meanwhile.get(i).forecasts()).isDeepEqualTo(alone.get(i).forecasts());
            assertThat(Networks.paramBytes(meanwhile.get(i).networks().get(0).forecaster().network()))
                    .isEqualTo(Networks.paramBytes(alone.get(i).networks().get(0).forecaster().network()));
        }
    }

    @Test
    void stopsWhenTheServiceStops() {
        assertThatThrownBy(() -> TrainingWarmUp.run(ForesightProperties.defaults(dataDir), JSON, () -> true))
                .isInstanceOf(TrainingWarmUp.Stopped.class);
    }

    /** A small job's network candidate (LSTM [16], 2 epochs) on the warm-up's series, fitted as a job fits it. */
    private List<Candidate> fitJob() {
        ForesightProperties properties = ForesightProperties.defaults(dataDir);
        TimeSeries series = TrainingWarmUp.series();
        DatasetInfo dataset = new DatasetInfo("job", "job", series.size(),
                List.of(new ColumnInfo("timestamp", ColumnInfo.TIMESTAMP), new ColumnInfo("value", ColumnInfo.NUMBER)),
                "timestamp", series.frequency().code(), null, null, 0, 0, "0".repeat(64), java.time.Instant.EPOCH);
        TrainingRequest request = JSON.readValue("""
                {"datasetId": "job", "target": "value", "horizon": 12, "window": 24, "architecture": "LSTM",
                 "layers": [16], "epochs": 2, "batchSize": 32, "earlyStopping": false, "seed": 7}""", TrainingRequest.class);
        Trainer.Prepared prepared = Trainer.fresh("job", dataset, request, series, new SettingsResolver(properties.limits()),
                Trainer.autoLayerSizes(properties));
        TrainingData data = TrainingData.of(series, prepared.columns(), prepared.known());
        HeldBackWindows windows = HeldBackWindows.of(data.channels(), prepared.settings(), prepared.known().channels());
        Trainer.Monitor none = new Trainer.Monitor() {
            @Override
            public void progress(Progress progress) {
            }

            @Override
            public void checkpoint() {
            }
        };
        NetworkFitting fitting = new NetworkFitting(prepared.settings(), windows, none);
        return fitting.fit(NetworkPlan.plans(prepared.settings(), windows.plan(), prepared.networkLayers()), i -> null);
    }
}
