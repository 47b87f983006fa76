package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.foresight.ForesightProperties;
import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Representation;
import io.foresight.window.WindowPlan;

/** The networks {@code architecture: AUTO} fits, and the setting that sizes them. */
class AutoCandidatesTest {

    private static TrainingSettings settings(Architecture architecture) {
        return new TrainingSettings(architecture, Representation.RELATIVE, 24, 12, List.of(32), 50, 32, 0.005, 0, 42,
                true, 10, 12, 0.2);
    }

    /** 200 monthly points: room for the seasonally differenced encoding too. */
    private static final WindowPlan PLAN = WindowPlan.split(200, 24, 12, 0.2);

    @Test
    void oneSizeGivesLstmAndSimpleRnnOnEachEncodingEachOfThreeNetworksWithTheirOwnSeeds() {
        List<NetworkPlan> plans = NetworkPlan.plans(settings(Architecture.AUTO), PLAN, List.of(List.of(32)));
        assertThat(plans).extracting(NetworkPlan::method)
                .containsExactly(Method.LSTM, Method.SIMPLE_RNN, Method.LSTM, Method.SIMPLE_RNN);
        assertThat(plans).extracting(NetworkPlan::representation).containsExactly(Representation.RELATIVE,
                Representation.RELATIVE, Representation.SEASONAL, Representation.SEASONAL);
        assertThat(NetworkPlan.SEEDS_PER_NETWORK).isEqualTo(3);
        assertThat(plans).extracting(NetworkPlan::seeds).containsExactly(List.of(42L, 43L, 44L), List.of(45L, 46L, 47L),
                List.of(48L, 49L, 50L), List.of(51L, 52L, 53L));
        assertThat(plans).allSatisfy(p -> assertThat(p.layers()).isEqualTo(List.of(32)));
        assertThat(plans.get(0).name()).isEqualTo("LSTM/RELATIVE/seeds [42, 43, 44]");
    }

    @Test
    void severalSizesRepeatTheCandidatesForEachSizeAndNameIt() {
        List<NetworkPlan> plans = NetworkPlan.plans(settings(Architecture.AUTO), PLAN, List.of(List.of(32), List.of(16)));
        assertThat(plans).hasSize(8);
        // the first size's candidates are those of one size alone, seeds included
        assertThat(plans.subList(0, 4)).extracting(NetworkPlan::seeds)
                .isEqualTo(NetworkPlan.plans(settings(Architecture.AUTO), PLAN, List.of(List.of(32))).stream()
                        .map(NetworkPlan::seeds).toList());
        assertThat(plans.subList(4, 8)).allSatisfy(p -> assertThat(p.layers()).isEqualTo(List.of(16)));
        assertThat(plans).flatExtracting(NetworkPlan::seeds).hasSize(24).doesNotHaveDuplicates();
        assertThat(plans).extracting(NetworkPlan::name).doesNotHaveDuplicates()
                .contains("LSTM/RELATIVE/[32]/seeds [42, 43, 44]", "SIMPLE_RNN/SEASONAL/[16]/seeds [63, 64, 65]");
    }

    @Test
    void anExplicitArchitectureGetsOneNetworkWithItsLayersAndSeed() {
        TrainingSettings lstm = settings(Architecture.LSTM).withLayers(List.of(64, 16));
        List<NetworkPlan> plans = NetworkPlan.plans(lstm, PLAN, List.of(List.of(64, 16)));
        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.method()).isEqualTo(Method.LSTM);
            assertThat(p.layers()).containsExactly(64, 16);
            assertThat(p.seeds()).containsExactly(42L);
            assertThat(p.name()).isEqualTo("LSTM/RELATIVE/seed 42");
        });
    }

    @Test
    void theSizesBindFromTheSettingWithOneSizeByDefault() {
        ForesightProperties defaults = Binder.get(new StandardEnvironment()).bindOrCreate("foresight", ForesightProperties.class);
        assertThat(defaults.training().autoLayerSizes()).containsExactly(32);
        ForesightProperties custom = new Binder(new MapConfigurationPropertySource(Map.of(
                "foresight.training.auto-layer-sizes", "32,16")))
                .bindOrCreate("foresight", ForesightProperties.class);
        assertThat(custom.training().autoLayerSizes()).containsExactly(32, 16);
    }

    @Test
    void sizesOutsideTheLayerLimitStopTheStartWithAClearMessage() {
        for (List<Integer> sizes : List.of(List.<Integer>of(), List.of(32, 0), List.of(1024))) {
            ForesightProperties properties = Binder.get(new StandardEnvironment()).bindOrCreate("foresight",
                    ForesightProperties.class);
            ForesightProperties bad = new ForesightProperties(properties.dataDir(), null, false, properties.limits(),
                    new ForesightProperties.Training(16, 1, Duration.ofMinutes(30), sizes, 0, 1000), properties.serving());
            assertThatThrownBy(() -> new Trainer(null, null, bad, java.util.Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("foresight.training.auto-layer-sizes").hasMessageContaining("512")
                    .hasMessageContaining(sizes.toString());
        }
    }
}
