package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.foresight.dataset.Frequency;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Method;
import io.foresight.registry.ModelVersion;

/**
 * AUTO with a known future chooses in two stages ({@link Trainer#chooseWithDrivers}): first exactly what a job without
 * it chooses, then the candidates reading it, which replace that choice only when clearly better. A driver that carries
 * no information leaves the version the one trained without it, forecast for forecast; a driver that moves the target
 * is kept.
 */
class DriversTwoStageTest {


    private static final int SIZE = 200;
    private static final int HORIZON = 7;

    /** A daily random walk with a weekly pattern, and a column {@code driver} of {@code effect} times a noise. */
    static TimeSeries series(double effect, long seed) {
        Random random = new Random(seed);
        List<LocalDateTime> times = new ArrayList<>();
        double[] demand = new double[SIZE];
        double[] driver = new double[SIZE];
        double level = 100;
        for (int i = 0; i < SIZE; i++) {
            times.add(LocalDateTime.of(2021, 3, 1, 0, 0).plusDays(i));
            driver[i] = random.nextGaussian();
            level += random.nextGaussian();
            demand[i] = level + 5 * Math.sin(2 * Math.PI * i / 7) + effect * driver[i];
        }
        return new TimeSeries(times, List.of(new SeriesColumn("demand", demand), new SeriesColumn("driver", driver)),
                Frequency.parse("P1D"), true);
    }

    /** A chaotic but deterministic series (the logistic map), which networks follow and linear methods do not, and a noise column. */
    static TimeSeries logisticMap(long seed) {
        Random random = new Random(seed);
        List<LocalDateTime> times = new ArrayList<>();
        double[] demand = new double[SIZE];
        double[] driver = new double[SIZE];
        double x = 0.3;
        for (int i = 0; i < SIZE; i++) {
            times.add(LocalDateTime.of(2021, 3, 1, 0, 0).plusDays(i));
            x = 3.8 * x * (1 - x);
            demand[i] = 100 + 50 * x;
            driver[i] = random.nextGaussian();
        }
        return new TimeSeries(times, List.of(new SeriesColumn("demand", demand), new SeriesColumn("driver", driver)),
                Frequency.parse("P1D"), true);
    }

    record Trained(TrainingData data, HeldBackWindows windows, Selection selection) {
    }

    static Trained train(TimeSeries series, List<String> futureFeatures) {
        return train(series, futureFeatures, HORIZON, 8);
    }

    static Trained train(TimeSeries series, List<String> futureFeatures, int horizon, int epochs) {
        TrainingRequest request = new TrainingRequest(null, "demand", null, horizon, null, null, null, epochs, null, null,
                null, null, null, null, null, null, futureFeatures, null, null);
        FreshJob job = FreshJob.of(series, request, List.of(8));
        Selection selection = job.choose();
        return new Trained(job.data(), job.windows(), selection);
    }

    @Test
    void aDriverWithoutInformationLeavesTheVersionTheOneTrainedWithoutIt() {
        TimeSeries series = series(0, 11);
        Trained without = train(series, null);
        Trained with = train(series, List.of("driver"));

        Candidate plain = without.selection().winner();
        Candidate chosen = with.selection().winner();
        assertThat(chosen.score(true).readsKnownFuture()).as(with.selection().reason()).isFalse();
        assertThat(chosen.method()).isEqualTo(plain.method());
        // the same held-back forecasts and the same forecast from the end of the data, bit for bit, although the
        // forecast of the version with the driver is handed the driver's channel
        assertThat(chosen.forecasts()).isDeepEqualTo(plain.forecasts());
        int[] end = {SIZE};
        assertThat(chosen.forecaster().forecast(with.data().channels(), end))
                .isDeepEqualTo(plain.forecaster().forecast(without.data().channels(), end));
        // the first stage's candidates are those of the job without the driver, with the same scores
        List<ModelVersion.CandidateScore> first = with.selection().scores().subList(0, without.selection().scores().size());
        for (int i = 0; i < first.size(); i++) {
            ModelVersion.CandidateScore a = without.selection().scores().get(i);
            ModelVersion.CandidateScore b = first.get(i);
            assertThat(b.validationMase()).as(b.name()).isEqualTo(a.validationMase());
            assertThat(b.name().replace(NetworkFitting.WITHOUT_DRIVERS, "")).isEqualTo(a.name());
        }
        // the candidates reading the driver were scored, and the record says why none was kept
        List<ModelVersion.CandidateScore> reading = with.selection().scores().stream()
                .filter(ModelVersion.CandidateScore::readsKnownFuture).toList();
        assertThat(reading).extracting(ModelVersion.CandidateScore::method)
                .contains(Method.REGRESSION, Method.COMBINED);
        assertThat(reading).hasSize(3);
        assertThat(with.selection().reason()).contains("so the version is the one trained without it");
    }

    @Test
    void aNetworkChosenWithoutTheDriverIsTheSameNetworkWithIt() {
        TimeSeries series = logisticMap(5);
        // one step ahead the map is a function of the last value, which a network learns and a linear method does not
        Trained without = train(series, null, 1, 40);
        Trained with = train(series, List.of("driver"), 1, 40);

        Candidate plain = without.selection().winner();
        Candidate chosen = with.selection().winner();
        assertThat(plain.networks()).as(without.selection().reason()).isNotEmpty();
        assertThat(VersionDraft.networksRead(chosen)).as(with.selection().reason()).isFalse();
        assertThat(chosen.seeds()).isEqualTo(plain.seeds());
        int[] end = {SIZE};
        assertThat(chosen.forecaster().forecast(with.data().channels(), end))
                .isDeepEqualTo(plain.forecaster().forecast(without.data().channels(), end));
    }

    @Test
    void theNetworkFittedWithTheDriverCountsOnFromTheFirstStagesInTheProgress() {
        List<Progress> reports = new ArrayList<>();
        Trainer.Monitor recording = new Trainer.Monitor() {
            @Override
            public void progress(Progress progress) {
                reports.add(progress);
            }

            @Override
            public void checkpoint() {
            }
        };
        TrainingRequest request = new TrainingRequest(null, "demand", null, HORIZON, null, null, null, 4, null, null,
                null, null, null, null, null, null, List.of("driver"), null, null);
        FreshJob job = FreshJob.of(series(20, 11), request, List.of(8), recording);
        job.choose();

        int first = job.plans().stream().mapToInt(p -> p.seeds().size()).sum();
        int reading = NetworkPlan.SEEDS_PER_NETWORK;
        // every network once, numbered 1, 2, ... in the order fitted: the first stage's of their count, then the network
        // reading the driver on from them, of the whole count
        List<List<Integer>> networks = reports.stream().map(p -> List.of(p.candidateIndex(), p.candidates())).distinct().toList();
        List<List<Integer>> expected = new ArrayList<>();
        for (int i = 1; i <= first; i++) {
            expected.add(List.of(i, first));
        }
        for (int i = 1; i <= reading; i++) {
            expected.add(List.of(first + i, first + reading));
        }
        assertThat(networks).isEqualTo(expected);
    }

    @Test
    void aDriverThatMovesTheTargetIsKept() {
        TimeSeries series = series(20, 11);
        Trained without = train(series, null);
        Trained with = train(series, List.of("driver"));

        Candidate chosen = with.selection().winner();
        assertThat(chosen.score(true).readsKnownFuture()).as(with.selection().reason()).isTrue();
        assertThat(chosen.mase()).isLessThan(0.7 * without.selection().winner().mase());
        assertThat(with.selection().reason()).contains("it reads the known future");
    }
}
