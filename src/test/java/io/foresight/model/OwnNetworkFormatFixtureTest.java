package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * Networks stored in the own format's first version ({@code src/test/resources/fixtures/own-network-1}) keep
 * loading and give the outputs they gave when they were written, so that a change of {@link OwnNetwork}'s format or
 * of its parameter layout cannot silently break stored GRU and BIDIRECTIONAL versions. The fixtures were written by
 * this test with {@code -Dfixtures.write=true} (never in a normal run).
 */
class OwnNetworkFormatFixtureTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/own-network-1");
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Inputs and the outputs the stored network gave for them when it was written. */
    record Expected(float[][][] inputs, float[][] outputs) {
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"GRU", "BIDIRECTIONAL"})
    void aStoredNetworkOfFormatOneLoadsAndGivesItsStoredOutputs(Method method) throws IOException {
        String name = method.name().toLowerCase(java.util.Locale.ROOT);
        Path config = FIXTURE.resolve(name + "-network.json");
        Path params = FIXTURE.resolve(name + "-params.bin");
        Path expected = FIXTURE.resolve(name + "-expected.json");
        if (Boolean.getBoolean("fixtures.write")) {
            Files.createDirectories(FIXTURE);
            OwnNetwork network = OwnNetworkReferenceTest.randomNetwork(method, List.of(5, 3), 2, 21);
            float[][][] inputs = RecurrentInferenceTest.randomInputs(new Random(4), 3, 2, 10);
            Files.write(config, Networks.configBytes(network));
            Files.write(params, Networks.paramBytes(network));
            Files.write(expected, JSON.writeValueAsBytes(new Expected(inputs,
                    RecurrentInference.of(network).orElseThrow().predict(inputs))));
        }
        Network restored = Networks.restore(Files.readAllBytes(config), Files.readAllBytes(params));
        assertThat(restored).isInstanceOf(OwnNetwork.class);
        assertThat(((OwnNetwork) restored).configuration().method()).isEqualTo(method);
        assertThat(((OwnNetwork) restored).configuration().layers()).containsExactly(5, 3);
        Expected stored = JSON.readValue(Files.readAllBytes(expected), Expected.class);
        assertThat(RecurrentInference.of(restored).orElseThrow().predict(stored.inputs())).isDeepEqualTo(stored.outputs());
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"GRU", "BIDIRECTIONAL"})
    void parametersOfAnotherShapeAreRefused(Method method) throws IOException {
        String name = method.name().toLowerCase(java.util.Locale.ROOT);
        byte[] config = Files.readAllBytes(FIXTURE.resolve(name + "-network.json"));
        OwnNetwork other = OwnNetworkReferenceTest.randomNetwork(method, List.of(4), 2, 1);
        assertThatThrownBy(() -> Networks.restore(config, Networks.paramBytes(other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameters");
    }
}
