package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.foresight.window.Representation;
import io.foresight.window.Scaler;

class NetworksTest {

    static TrainingSettings settings() {
        return new TrainingSettings(Architecture.LSTM, Representation.RELATIVE, 6, 3, List.of(8, 4), 1, 8, 0.01, 0.2, 1,
                true, 5, 1, 0.2);
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"LSTM", "SIMPLE_RNN", "GRU", "BIDIRECTIONAL"})
    void aRestoredNetworkGivesExactlyTheSameOutputs(Method method) {
        Network network = Networks.initial(method, 2, settings(), 3);
        Network restored = Networks.restore(Networks.configBytes(network), Networks.paramBytes(network));
        double[][] channels = {{1, 3, 2, 5, 4, 6, 7, 8}, {2, 2, 3, 3, 4, 4, 5, 5}};
        Scaler scaler = Scaler.fit(Representation.RELATIVE, channels, 8);
        double[] before = new NetworkForecaster(network, scaler, 6, 3).forecast(channels, 8);
        double[] after = new NetworkForecaster(restored, scaler, 6, 3).forecast(channels, 8);
        assertThat(before).hasSize(3).containsExactly(after);
        switch (method) {
            case LSTM, SIMPLE_RNN -> assertThat(restored.dl4j().orElseThrow().getLayerWiseConfigurations().getConf(0)
                    .getLayer().getClass().getSimpleName()).isEqualTo(method == Method.LSTM ? "LSTM" : "SimpleRnn");
            default -> assertThat(((OwnNetwork) restored).configuration().method()).isEqualTo(method);
        }
    }

    /**
     * A widened network (the known-future channels added) computes exactly what it computed, whatever the added
     * channels hold (to float rounding), also once stored and restored: the start of a fine-tune with the known future.
     */
    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"LSTM", "SIMPLE_RNN", "GRU", "BIDIRECTIONAL"})
    void aWidenedNetworkComputesTheSameFunctionUntilTrained(Method method) {
        Network network = Networks.initial(method, 2, settings(), 3);
        Network widened = Networks.widened(network, method, 4, settings());
        RecurrentInference narrow = RecurrentInference.of(network).orElseThrow();
        RecurrentInference wide = RecurrentInference.of(widened).orElseThrow();
        assertThat(wide.channels()).isEqualTo(4);
        float[][] input = {{0.1f, -0.3f, 0.5f, 0.2f, -0.1f, 0.4f}, {1f, 0.5f, -0.5f, 0f, 0.3f, -0.2f}};
        float[][] extra = {input[0], input[1], {3f, -2f, 1f, 5f, -4f, 2f}, {-1f, 7f, 0.5f, 2f, 1f, -3f}};
        float[] expected = narrow.predict(input);
        // to float rounding: the kernels sum a longer row in another order
        assertThat(wide.predict(extra)).containsExactly(expected, within(1e-6f));
        Network restored = Networks.restore(Networks.configBytes(widened), Networks.paramBytes(widened));
        assertThat(RecurrentInference.of(restored).orElseThrow().predict(extra)).containsExactly(expected, within(1e-6f));
    }
}
