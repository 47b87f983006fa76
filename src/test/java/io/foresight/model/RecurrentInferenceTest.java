package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/** The Java forward pass against DL4J's own {@code network.output}, which stays the reference. */
class RecurrentInferenceTest {

    /** Largest difference allowed, relative to the largest output of the same window. */
    static final double TOLERANCE = 1e-5;

    static Stream<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (Method method : List.of(Method.LSTM, Method.SIMPLE_RNN)) {
            for (List<Integer> layers : List.of(List.of(16), List.of(16, 8))) {
                for (int channels : new int[] {1, 4}) {
                    shapes.add(Arguments.of(method, layers, channels));
                }
            }
        }
        return shapes.stream();
    }

    static TrainingSettings settings(List<Integer> layers, int window, int horizon, double dropout) {
        return new TrainingSettings(Architecture.AUTO, Representation.RELATIVE, window, horizon, layers, 1, 8, 0.01, dropout,
                1, true, 5, 1, 0.2);
    }

    /** A network with every parameter (biases too) random, so that no gate or weight block hides behind zeros. */
    static MultiLayerNetwork randomNetwork(Method method, List<Integer> layers, int channels, int window, int horizon,
            long seed) {
        MultiLayerNetwork network = Networks.build(method, channels, settings(layers, window, horizon, 0.3), seed);
        INDArray params = Nd4j.randn(seed, new long[] {1, network.numParams()}).castTo(DataType.FLOAT).muli(0.4);
        network.setParams(params);
        return network;
    }

    static float[][][] randomInputs(Random random, int count, int channels, int window) {
        float[][][] inputs = new float[count][channels][window];
        for (float[][] input : inputs) {
            for (float[] channel : input) {
                for (int t = 0; t < window; t++) {
                    channel[t] = (float) (random.nextGaussian() * 1.5);
                }
            }
        }
        return inputs;
    }

    @ParameterizedTest(name = "{0} {1} with {2} channel(s)")
    @MethodSource("shapes")
    void matchesNetworkOutputOnRandomInputs(Method method, List<Integer> layers, int channels) {
        int window = 12;
        int horizon = 5;
        MultiLayerNetwork network = randomNetwork(method, layers, channels, window, horizon, 7);
        float[][][] inputs = randomInputs(new Random(11), 6, channels, window);

        float[][] expected = network.output(Nd4j.create(inputs), false).toFloatMatrix();
        RecurrentInference inference = RecurrentInference.of(network).orElseThrow();
        float[][] actual = inference.predict(inputs);

        assertThat(inference.channels()).isEqualTo(channels);
        assertThat(inference.outputs()).isEqualTo(horizon);
        assertThat(actual).hasDimensions(expected.length, horizon);
        assertThat(RecurrentInference.maxRelativeError(actual, expected)).isLessThan(TOLERANCE);
    }

    @Test
    void matchesNetworkOutputForTheBenchmarkShape() {
        // LSTM 2x64, window 48, horizon 48 (docs/BENCHMARK.md), with the weights as initialised for training
        MultiLayerNetwork network = Networks.build(Method.LSTM, 1, settings(List.of(64, 64), 48, 48, 0.0), 42);
        float[][][] inputs = randomInputs(new Random(3), 4, 1, 48);
        float[][] expected = network.output(Nd4j.create(inputs), false).toFloatMatrix();
        float[][] actual = RecurrentInference.of(network).orElseThrow().predict(inputs);
        assertThat(RecurrentInference.maxRelativeError(actual, expected)).isLessThan(TOLERANCE);
    }

    @Test
    void aRestoredNetworkGivesTheSameJavaOutputs() {
        MultiLayerNetwork network = randomNetwork(Method.LSTM, List.of(8, 4), 2, 6, 3, 5);
        Network stored = new Network.Dl4j(network);
        Network restored = Networks.restore(Networks.configBytes(stored), Networks.paramBytes(stored));
        float[][][] inputs = randomInputs(new Random(1), 3, 2, 6);
        assertThat(RecurrentInference.of(restored).orElseThrow().predict(inputs))
                .isDeepEqualTo(RecurrentInference.of(network).orElseThrow().predict(inputs));
    }

    @Test
    void concurrentCallsGiveTheSingleThreadedResults() throws Exception {
        MultiLayerNetwork network = randomNetwork(Method.LSTM, List.of(32, 16), 1, 24, 6, 9);
        RecurrentInference inference = RecurrentInference.of(network).orElseThrow();
        float[][][] inputs = randomInputs(new Random(2), 64, 1, 24);
        float[][] single = inference.predict(inputs);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (float[][] input : inputs) {
                    futures.add(pool.submit(() -> inference.predict(input)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).containsExactly(single[i % inputs.length]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theForecasterGivesTheForecastsOfNetworkOutput() {
        MultiLayerNetwork network = randomNetwork(Method.LSTM, List.of(16, 8), 2, 10, 4, 13);
        Random random = new Random(4);
        double[][] channels = new double[2][60];
        for (int t = 0; t < 60; t++) {
            channels[0][t] = 100 + 10 * Math.sin(t / 3.0) + random.nextGaussian();
            channels[1][t] = t % 7;
        }
        Scaler scaler = Scaler.fit(Representation.LOG_RELATIVE, channels, 40);
        NetworkForecaster forecaster = new NetworkForecaster(new Network.Dl4j(network), scaler, 10, 4);
        int[] ends = {10, 25, 40, 56};
        double[][] forecasts = forecaster.forecast(channels, ends);
        for (int i = 0; i < ends.length; i++) {
            float[][][] input = {scaler.encodeInput(channels, ends[i], 10)};
            float[] reference = network.output(Nd4j.create(input), false).toFloatMatrix()[0];
            double[] expected = scaler.decode(channels[0], ends[i], reference);
            for (int k = 0; k < 4; k++) {
                assertThat(forecasts[i][k]).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-5 * Math.abs(expected[k])));
            }
        }
    }

    @Test
    void otherShapesAreLeftToDl4j() {
        // a ReLU recurrent layer is not what Networks.build makes: no Java path, network.output serves it
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).list()
                .layer(new LastTimeStep(new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(4)
                        .activation(Activation.RELU).dataFormat(RNNFormat.NCW).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(2).build())
                .setInputType(InputType.recurrent(1, 5, RNNFormat.NCW))
                .build());
        network.init();
        assertThat(RecurrentInference.of(network)).isEmpty();
    }
}
