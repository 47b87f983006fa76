package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
    @EnumSource(value = Method.class, names = {"LSTM", "SIMPLE_RNN"})
    void aRestoredNetworkGivesExactlyTheSameOutputs(Method method) {
        MultiLayerNetwork network = Networks.build(method, 2, settings(), 3);
        MultiLayerNetwork restored = Networks.restore(Networks.configBytes(network), Networks.paramBytes(network));
        double[][] channels = {{1, 3, 2, 5, 4, 6, 7, 8}, {2, 2, 3, 3, 4, 4, 5, 5}};
        Scaler scaler = Scaler.fit(Representation.RELATIVE, channels, 8);
        double[] before = new NetworkForecaster(network, scaler, 6, 3).forecast(channels, 8);
        double[] after = new NetworkForecaster(restored, scaler, 6, 3).forecast(channels, 8);
        assertThat(before).hasSize(3).containsExactly(after);
        assertThat(restored.getLayerWiseConfigurations().getConf(0).getLayer().getClass().getSimpleName())
                .isEqualTo(method == Method.LSTM ? "LSTM" : "SimpleRnn");
    }
}
