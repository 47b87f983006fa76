package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The Java training step against DL4J's own: gradients equal to {@code network.gradient()} after
 * {@code computeGradientAndScore}, and parameters after several {@code fit} steps (clipping and Adam included)
 * equal to DL4J's after the same steps.
 */
class RecurrentTrainingTest {

    static final int WINDOW = 12;
    static final int HORIZON = 5;

    static float[][] randomTargets(Random random, int count) {
        float[][] targets = new float[count][HORIZON];
        for (float[] target : targets) {
            for (int k = 0; k < HORIZON; k++) {
                target[k] = (float) random.nextGaussian();
            }
        }
        return targets;
    }

    /** A network without dropout (so that DL4J's step is deterministic) and with every parameter random. */
    static MultiLayerNetwork network(Method method, List<Integer> layers, int channels, long seed) {
        MultiLayerNetwork network = Networks.build(method, channels,
                RecurrentInferenceTest.settings(layers, WINDOW, HORIZON, 0.0), seed);
        INDArray params = Nd4j.randn(seed, new long[] {1, network.numParams()}).castTo(network.params().dataType())
                .muli(0.4);
        network.setParams(params);
        return network;
    }

    @ParameterizedTest
    @MethodSource("io.foresight.model.RecurrentInferenceTest#shapes")
    void gradientsAreDl4jsGradients(Method method, List<Integer> layers, int channels) {
        Random random = new Random(7);
        MultiLayerNetwork network = network(method, layers, channels, 11);
        float[][][] x = RecurrentInferenceTest.randomInputs(random, 9, channels, WINDOW);
        float[][] y = randomTargets(random, 9);
        Map<String, float[][]> ours = RecurrentTraining.of(network, 0.0, 1).gradients(x, y);

        network.setInput(Nd4j.create(x));
        network.setLabels(Nd4j.create(y));
        network.computeGradientAndScore();
        Gradient theirs = network.gradient();
        assertThat(theirs.gradientForVariable().keySet()).containsExactlyInAnyOrderElementsOf(ours.keySet());
        for (Map.Entry<String, float[][]> e : ours.entrySet()) {
            INDArray reference = theirs.getGradientFor(e.getKey());
            float[] expected = reference.reshape(reference.length()).toFloatVector();
            float[] actual = flatten(e.getValue(), reference);
            // DL4J divides by the mini-batch size in its updater; ours is the mean already
            double scale = 1e-6;
            for (float v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < expected.length; i++) {
                assertThat(Math.abs(actual[i] * x.length - expected[i]) / scale)
                        .as("%s %s[%d]: %s vs %s", method, e.getKey(), i, actual[i] * x.length, expected[i])
                        .isLessThan(2e-4);
            }
        }
    }

    /** Our rows laid out as DL4J's array of the same shape, flattened in C order. */
    private static float[] flatten(float[][] rows, INDArray like) {
        float[][] matrix = like.rank() == 2 && like.size(0) == rows.length ? rows : new float[][] {rows[0]};
        return Nd4j.create(matrix).reshape(like.length()).toFloatVector();
    }

    @ParameterizedTest
    @MethodSource("io.foresight.model.RecurrentInferenceTest#shapes")
    void stepsAreDl4jsSteps(Method method, List<Integer> layers, int channels) {
        Random random = new Random(3);
        MultiLayerNetwork theirs = network(method, layers, channels, 5);
        MultiLayerNetwork start = theirs.clone();
        RecurrentTraining ours = RecurrentTraining.of(start, 0.0, 1);
        for (int step = 0; step < 4; step++) {
            float[][][] x = RecurrentInferenceTest.randomInputs(random, 6 + step, channels, WINDOW);
            float[][] y = randomTargets(random, x.length);
            double ourLoss = ours.fit(x, y);
            theirs.fit(new DataSet(Nd4j.create(x), Nd4j.create(y)));
            assertThat(ourLoss).as("loss of step %d", step).isCloseTo(theirs.score(), org.assertj.core.data.Offset.offset(
                    1e-4 * Math.max(1, theirs.score())));
        }
        float[] expected = theirs.params().toFloatVector();
        float[] actual = ours.network().dl4j().orElseThrow().params().toFloatVector();
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        // 4 Adam steps of at most 0.01 each moved the parameters; float rounding stays far below that
        assertThat(worst).isLessThan(1e-4);
        float[] moved = theirs.params().sub(network(method, layers, channels, 5).params()).toFloatVector();
        assertThat(max(moved)).isGreaterThan(1e-3);
    }

    private static double max(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void lossFallsAndTrainingWithDropoutIsReproducible() {
        Random random = new Random(1);
        float[][][] x = RecurrentInferenceTest.randomInputs(random, 64, 2, WINDOW);
        float[][] y = new float[64][HORIZON];
        for (int i = 0; i < 64; i++) {
            for (int k = 0; k < HORIZON; k++) {
                y[i][k] = 0.5f * x[i][0][WINDOW - 1 - k] - 0.2f * x[i][1][WINDOW - 1];
            }
        }
        float[][] first = null;
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork network = Networks.build(Method.LSTM, 2, RecurrentInferenceTest.settings(List.of(16, 8), WINDOW,
                    HORIZON, 0.2), 3);
            RecurrentTraining training = RecurrentTraining.of(network, 0.2, 9);
            double before = training.loss(x, y);
            for (int epoch = 0; epoch < 150; epoch++) {
                training.fit(x, y);
            }
            double after = training.loss(x, y);
            assertThat(after).isLessThan(before * 0.5);
            float[][] params = training.snapshot();
            if (first == null) {
                first = params;
            } else {
                assertThat(params).isDeepEqualTo(first);
            }
        }
    }

    @Test
    void refusesWhatItDoesNotImplement() {
        MultiLayerNetwork network = Networks.build(Method.LSTM, 1, RecurrentInferenceTest.settings(List.of(8), WINDOW,
                HORIZON, 0.0), 3);
        var layer = (BaseLayer) ((LastTimeStep) network.getLayerWiseConfigurations().getConf(0).getLayer()).getUnderlying();
        layer.setGradientNormalization(GradientNormalization.ClipL2PerLayer);
        assertThatThrownBy(() -> RecurrentTraining.of(network, 0.0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ClipL2PerLayer");
        layer.setGradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue);
        layer.setIUpdater(new Sgd(0.1));
        assertThatThrownBy(() -> RecurrentTraining.of(network, 0.0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Adam");
    }
}
