package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The batched forward pass gives every window exactly (bit for bit) what the one-window pass gives it. */
class BatchedForwardTest {

    static Stream<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (Method method : List.of(Method.LSTM, Method.SIMPLE_RNN, Method.GRU, Method.BIDIRECTIONAL)) {
            for (List<Integer> layers : List.of(List.of(16), List.of(13, 8))) {
                for (int channels : new int[] {1, 3}) {
                    shapes.add(Arguments.of(method, layers, channels));
                }
            }
        }
        return shapes.stream();
    }

    static RecurrentInference inference(Method method, List<Integer> layers, int channels, int window, int horizon,
            long seed) {
        if (method == Method.LSTM || method == Method.SIMPLE_RNN) {
            return RecurrentInference.of(RecurrentInferenceTest.randomNetwork(method, layers, channels, window, horizon,
                    seed)).orElseThrow();
        }
        Network network = Networks.initial(method, channels, RecurrentInferenceTest.settings(layers, window, horizon, 0),
                seed);
        return RecurrentInference.of(network).orElseThrow();
    }

    @ParameterizedTest(name = "{0} {1} with {2} channel(s)")
    @MethodSource("shapes")
    void equalsOneWindowAtATime(Method method, List<Integer> layers, int channels) {
        RecurrentInference inference = inference(method, layers, channels, 12, 5, 7);
        Random random = new Random(11);
        for (int count : new int[] {1, 3, BatchedForward.CHUNK + 6}) {
            float[][][] inputs = RecurrentInferenceTest.randomInputs(random, count, channels, 12);
            float[][] batched = inference.predictBatch(inputs);
            assertThat(batched).hasNumberOfRows(count);
            for (int i = 0; i < count; i++) {
                assertThat(batched[i]).as("window %d of %d", i, count).containsExactly(inference.predict(inputs[i]));
            }
        }
    }

    @Test
    void refusesWindowsOfDifferentLengths() {
        RecurrentInference inference = inference(Method.LSTM, List.of(8), 1, 12, 5, 7);
        float[][][] inputs = {new float[1][12], new float[1][10]};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inference.predictBatch(inputs))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Not an assertion: the bench's shape (LSTM [64, 64], window 48, 48 outputs), 470 windows, both ways. */
    @Test
    void timesTheBenchShape() {
        RecurrentInference inference = inference(Method.LSTM, List.of(64, 64), 1, 48, 48, 3);
        float[][][] inputs = RecurrentInferenceTest.randomInputs(new Random(5), 470, 1, 48);
        long one = Long.MAX_VALUE;
        long batch = Long.MAX_VALUE;
        for (int round = 0; round < 15; round++) {
            long t0 = System.nanoTime();
            inference.predict(inputs);
            long t1 = System.nanoTime();
            inference.predictBatch(inputs);
            long t2 = System.nanoTime();
            one = Math.min(one, t1 - t0);
            batch = Math.min(batch, t2 - t1);
        }
        System.out.printf(java.util.Locale.ROOT, "BatchedForwardTest: 470 windows, LSTM [64, 64], window 48: one at a time"
                + " %.2f ms, batched %.2f ms (best of 15)%n", one / 1e6, batch / 1e6);
    }
}
