package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

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
}
