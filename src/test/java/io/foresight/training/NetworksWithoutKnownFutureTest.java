package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.dataset.Frequency;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.NetworkForecaster;

/**
 * AUTO's network without the drivers ({@link NetworkFitting#withoutKnownFuture}): a network shape fitted on the channels
 * before the known-future ones, scored on the same held-back windows, and forecasting from a series that carries the
 * drivers without reading them.
 */
class NetworksWithoutKnownFutureTest {


    @Test
    void theBestShapeIsFittedWithoutTheDriversOnTheSameWindowsAndIgnoresThem() {
        int size = 240;
        List<LocalDateTime> times = new ArrayList<>();
        double[] demand = new double[size];
        double[] promo = new double[size];
        for (int i = 0; i < size; i++) {
            times.add(LocalDateTime.of(2020, 1, 1, 0, 0).plusDays(i));
            promo[i] = i * 5 % 13 < 4 ? 1 : 0;
            demand[i] = 100 + 10 * Math.sin(2 * Math.PI * i / 7) + 30 * promo[i];
        }
        TimeSeries series = new TimeSeries(times, List.of(new SeriesColumn("demand", demand),
                new SeriesColumn("promo", promo)), Frequency.parse("P1D"), true);
        TrainingRequest request = new TrainingRequest(null, "demand", null, 7, null, null, null, 8, null, null, null,
                null, null, null, null, null, List.of("promo"), List.of("dayOfWeek"), null);
        FreshJob job = FreshJob.of(series, request, List.of(8));
        Trainer.Prepared prepared = job.prepared();
        TrainingData data = job.data();
        HeldBackWindows windows = job.windows();
        NetworkFitting fitting = job.fitting();
        List<NetworkPlan> plans = job.plans();
        List<Candidate> with = fitting.fit(plans, i -> null);

        Candidate best = with.stream().min(java.util.Comparator.comparingDouble(Candidate::mase)).orElseThrow();
        Candidate without = fitting.withoutKnownFuture().fit(List.of(NetworkFitting.best(plans, with)), i -> null).get(0);

        assertThat(without.name()).isEqualTo(best.name());
        assertThat(without.method()).isEqualTo(best.method());
        assertThat(without.seeds()).isEqualTo(best.seeds());
        assertThat(without.forecasts()).hasNumberOfRows(windows.ends().length);
        // scored against the same held-back actuals
        assertThat(without.accuracy()).isEqualTo(windows.score(without.forecasts()));
        NetworkForecaster network = without.networks().get(0).forecaster();
        assertThat(network.scaler().knownFuture()).isZero();
        assertThat(network.scaler().center()).hasSize(data.channels().length - prepared.known().channels());
        assertThat(VersionDraft.networksRead(without)).isFalse();
        assertThat(VersionDraft.networksRead(best)).isTrue();
        // the drivers' values, even where a forecast reads them beyond the data, change nothing
        int end = data.size() - 7;
        double[] forecast = without.forecaster().forecast(data.channels(), end);
        double[][] changed = data.channels().clone();
        for (int c = data.channels().length - prepared.known().channels(); c < changed.length; c++) {
            changed[c] = Arrays.stream(changed[c]).map(v -> 1 - v).toArray();
        }
        assertThat(without.forecaster().forecast(changed, end)).containsExactly(forecast);
        assertThat(best.forecaster().forecast(changed, end)).isNotEqualTo(best.forecaster().forecast(data.channels(), end));
    }
}
