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

    private static final Trainer.Monitor QUIET = QuietMonitor.QUIET;

    @Test
    void everySeriesGetsAModelChosenAmongGlobalNetworksAndStatisticalMethods() {
        Panel panel = family(40, 100, 160, 7);
        SettingsResolver resolver = new SettingsResolver(PROPERTIES.limits());
        TrainingRequest request = new TrainingRequest("ds", "value", null, 12, null, null, null, null, null, null, null, null, null, null, null);
        long start = System.nanoTime();
        PanelTraining.Result result = new PanelTraining(prepared(panel, request, resolver), panel, resolver, QUIET, 2, 1000).train();
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
        // 100-160 monthly points at horizon 12 hold back 9-21 windows, fewer than two independent ones: every series
        // takes the statistical method the panel validates best on, its own candidates' scores still recorded
        assertThat(result.series()).allMatch(s -> s.reason().contains("too few to choose by"));
        assertThat(result.series().stream().map(SeriesModel::method).distinct()).hasSize(1);
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
        PanelTraining.Result result = new PanelTraining(prepared(panel, request, resolver), panel, resolver, QUIET, 2, 1000).train();
        SeriesModel short_ = result.series().get(6);
        assertThat(short_.trained()).isFalse();
        assertThat(short_.failure()).contains("5 points");
        assertThat(result.series().subList(0, 6)).allMatch(SeriesModel::trained);
        assertThat(result.series().subList(0, 6)).noneMatch(s -> s.method() == Method.PER_SERIES);
    }

    @Test
    void aLongSeriesAlsoGetsNetworksOfItsOwnAndTheOthersOnlyTheGlobalOnes() {
        Panel panel = family(4, 100, 120, 13);
        List<Panel.Member> members = new ArrayList<>(panel.series());
        members.add(new Panel.Member("long", family(1, 200, 200, 17).series().get(0).data()));
        Panel mixed = new Panel(List.of("series"), members);
        SettingsResolver resolver = new SettingsResolver(PROPERTIES.limits());
        TrainingRequest request = new TrainingRequest("ds", "value", null, 12, null, null, null, 5, null, null, null, null,
                null, null, null);
        PanelTraining.Result result = new PanelTraining(prepared(mixed, request, resolver), mixed, resolver, QUIET, 2, 200)
                .train();
        SeriesModel longOne = result.series().get(4);
        assertThat(longOne.candidates().keySet()).anyMatch(name -> name.startsWith("LSTM/"))
                .anyMatch(name -> name.startsWith(PanelTraining.GLOBAL + "LSTM/"));
        for (SeriesModel s : result.series().subList(0, 4)) {
            assertThat(s.candidates().keySet()).noneMatch(name -> name.startsWith("LSTM/"));
        }
        // every member a series uses exists; its own networks come after the global ones and carry their scaler
        int globals = 2 * NetworkPlan.SEEDS_PER_NETWORK;
        for (SeriesModel s : result.series()) {
            for (int m : s.members()) {
                assertThat(m).isBetween(0, result.networks().size() - 1);
                assertThat(result.networks().get(m).scaler() != null).isEqualTo(m >= globals);
            }
        }
    }

    @Test
    void aLongSeriesRefitsItsOwnNetworksWithTheKnownFutureOnlyForColumnsOfItsOwnNotForACalendar() {
        Random random = new Random(23);
        List<Panel.Member> members = new ArrayList<>();
        for (Panel.Member m : family(3, 100, 120, 29).series()) {
            members.add(withPromotions(m, random));
        }
        members.add(withPromotions(new Panel.Member("long", family(1, 200, 200, 31).series().get(0).data()), random));
        Panel panel = new Panel(List.of("series"), members);
        SettingsResolver resolver = new SettingsResolver(PROPERTIES.limits());
        TrainingRequest request = new TrainingRequest("ds", "value", null, 12, null, null, null, 5, null, null, null, null,
                null, null, null);
        Trainer.Prepared plain = prepared(panel, request, resolver);
        java.util.function.Function<io.foresight.dataset.KnownFuture, SeriesModel> longOne = known -> new PanelTraining(
                new Trainer.Prepared(plain.model(), null, plain.columns(), plain.settings(), null, plain.networkLayers(),
                        request, known),
                panel, resolver, QUIET, 2, 200).train().series().get(3);
        java.util.function.Predicate<String> ownReading = name -> (name.startsWith("LSTM/") || name.startsWith("SIMPLE_RNN/"))
                && !name.endsWith(NetworkFitting.WITHOUT_DRIVERS);
        // a calendar: the long series' own networks are fitted without it only; the global one is fitted with it
        SeriesModel calendar = longOne.apply(new io.foresight.dataset.KnownFuture(List.of(), List.of("month"), null));
        assertThat(calendar.candidates().keySet()).noneMatch(ownReading)
                .anyMatch(name -> name.startsWith("LSTM/") && name.endsWith(NetworkFitting.WITHOUT_DRIVERS))
                .anyMatch(name -> name.startsWith(PanelTraining.GLOBAL) && !name.endsWith(NetworkFitting.WITHOUT_DRIVERS));
        // a column of its own: its best network shape is fitted again with it
        SeriesModel promotions = longOne.apply(new io.foresight.dataset.KnownFuture(List.of("promo"), List.of(), null));
        assertThat(promotions.candidates().keySet()).anyMatch(ownReading);
    }

    /** {@code member} with a planned 0/1 column {@code promo} that lifts its value by a fifth where it is 1. */
    private static Panel.Member withPromotions(Panel.Member member, Random random) {
        TimeSeries data = member.data();
        double[] value = data.column("value").values().clone();
        double[] promo = new double[value.length];
        for (int t = 0; t < value.length; t++) {
            promo[t] = random.nextInt(4) == 0 ? 1 : 0;
            value[t] *= 1 + 0.2 * promo[t];
        }
        return new Panel.Member(member.id(), new TimeSeries(data.timestamps(), List.of(new SeriesColumn("value", value),
                new SeriesColumn("promo", promo)), data.frequency(), true));
    }

    @Test
    void cancellingStopsTheJob() {
        Panel panel = family(8, 100, 120, 19);
        SettingsResolver resolver = new SettingsResolver(PROPERTIES.limits());
        TrainingRequest request = new TrainingRequest("ds", "value", null, 12, null, null, null, null, null, null, null,
                null, null, null, null);
        java.util.concurrent.atomic.AtomicInteger checkpoints = new java.util.concurrent.atomic.AtomicInteger();
        Trainer.Monitor cancelling = new Trainer.Monitor() {
            @Override
            public void progress(Progress progress) {
            }

            @Override
            public void checkpoint() {
                if (checkpoints.incrementAndGet() > 20) {
                    throw new IllegalStateException("cancelled");
                }
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PanelTraining(prepared(panel, request, resolver), panel,
                resolver, cancelling, 2, 1000).train()).isInstanceOf(IllegalStateException.class).hasMessage("cancelled");
    }
}
