package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

import io.foresight.ForesightProperties;
import io.foresight.dataset.Frequency;
import io.foresight.dataset.Panel;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.SeriesModelFile;

class PanelTrainingTest {

    private static final ForesightProperties PROPERTIES = Binder.get(new StandardEnvironment()).bindOrCreate("foresight",
            ForesightProperties.class);

    /** Monthly series of one family: a shared seasonal shape with its own level, trend and noise. */
    static Panel family(int count, int minLength, int maxLength, long seed) {
        Random random = new Random(seed);
        Frequency monthly = Frequency.parse("P1M");
        List<Panel.Member> members = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            double level = 50 + random.nextInt(500);
            double trend = random.nextGaussian() * 0.004;
            double amplitude = 0.1 + 0.2 * random.nextDouble();
            double[] values = new double[length];
            List<LocalDateTime> timestamps = new ArrayList<>(length);
            LocalDateTime start = LocalDateTime.of(2000, 1, 1, 0, 0);
            for (int t = 0; t < length; t++) {
                timestamps.add(monthly.plus(start, t));
                double season = 1 + amplitude * Math.sin(2 * Math.PI * t / 12.0);
                values[t] = level * Math.exp(trend * t) * season * (1 + 0.05 * random.nextGaussian());
            }
            TimeSeries series = new TimeSeries(timestamps, List.of(new SeriesColumn("value", values)), monthly, true);
            members.add(new Panel.Member(String.format("s%04d", s), series));
        }
        return new Panel(List.of("series"), members);
    }

    static Trainer.Prepared prepared(Panel panel, TrainingRequest request, SettingsResolver resolver) {
        TimeSeries longest = panel.series().get(0).data();
        TrainingSettings settings = resolver.resolve(request, longest, longest.column("value").values());
        return new Trainer.Prepared("panel", null, List.of("value"), settings, null, List.of(settings.layers()), request);
    }

    private static final Trainer.Monitor QUIET = new Trainer.Monitor() {
        @Override
        public void progress(Progress progress) {
        }

        @Override
        public void checkpoint() {
        }
    };

    @Test
    void everySeriesGetsAModelChosenAmongGlobalNetworksAndStatisticalMethods() {
        Panel panel = family(40, 100, 160, 7);
        SettingsResolver resolver = new SettingsResolver(PROPERTIES.limits());
        TrainingRequest request = new TrainingRequest("ds", "value", null, 12, null, null, null, null, null, null, null, null, null, null, null);
        long start = System.nanoTime();
        PanelTraining.Result result = new PanelTraining(prepared(panel, request, resolver), panel, resolver, QUIET, 2).train();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("40 series in %.1f s%n", seconds);

        assertThat(result.series()).hasSize(40).allMatch(SeriesModel::trained);
        assertThat(result.networks()).hasSize(2 * NetworkPlan.SEEDS_PER_NETWORK);
        for (SeriesModel s : result.series()) {
            assertThat(s.candidates().keySet()).anyMatch(name -> name.startsWith(PanelTraining.GLOBAL + "LSTM"))
                    .contains("THETA", "NAIVE");
            assertThat(s.forecast()).hasSize(12);
            assertThat(java.util.Arrays.stream(s.forecast()).allMatch(Double::isFinite)).isTrue();
            assertThat(s.members()).allMatch(i -> i >= 0 && i < result.networks().size());
            assertThat(s.members().isEmpty()).isEqualTo(s.networkScale() == null);
        }
        long global = result.series().stream().filter(s -> !s.members().isEmpty()).count();
        System.out.println("global networks chosen for " + global + " of 40; methods "
                + result.series().stream().map(SeriesModel::method).toList());

        List<SeriesModel> read = SeriesModelFile.read(SeriesModelFile.write(result.series()));
        assertThat(read).hasSize(40);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).forecast()).containsExactly(result.series().get(i).forecast());
            assertThat(read.get(i).candidates()).isEqualTo(result.series().get(i).candidates());
            assertThat(read.get(i).validation()).usingRecursiveComparison().isEqualTo(result.series().get(i).validation());
        }
    }

    @Test
    void aSeriesTooShortIsRecordedWithItsReasonAndTheOthersTrain() {
        Panel family = family(6, 100, 120, 11);
        List<Panel.Member> members = new ArrayList<>(family.series());
        Panel tiny = family(1, 5, 5, 3);
        members.add(new Panel.Member("tiny", tiny.series().get(0).data()));
        Panel panel = new Panel(List.of("series"), members);
        SettingsResolver resolver = new SettingsResolver(PROPERTIES.limits());
        TrainingRequest request = new TrainingRequest("ds", "value", null, 12, null, null, null, null, null, null, null, null, null, null, null);
        PanelTraining.Result result = new PanelTraining(prepared(panel, request, resolver), panel, resolver, QUIET, 2).train();
        SeriesModel short_ = result.series().get(6);
        assertThat(short_.trained()).isFalse();
        assertThat(short_.failure()).contains("5 points");
        assertThat(result.series().subList(0, 6)).allMatch(SeriesModel::trained);
        assertThat(result.series().subList(0, 6)).noneMatch(s -> s.method() == Method.PER_SERIES);
    }
}
