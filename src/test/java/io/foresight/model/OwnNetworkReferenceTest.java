package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * GRU and BIDIRECTIONAL networks (the service's own format) against references it does not share code with:
 * <ul>
 * <li>GRU: ND4J's native {@code gru} op in a SameDiff graph (reset gate after the recurrent product, blocks [r, u, c],
 * one bias), its outputs and its gradients by {@code sd.calculateGradients};</li>
 * <li>BIDIRECTIONAL: DL4J's own {@code Bidirectional(CONCAT, LSTM)} layers in a ComputationGraph whose summary is
 * the forward half at the last step and the backward half at the first step (reversed, then LastTimeStep): its
 * outputs, its gradients and its parameters after Adam steps with clipping.</li>
 * </ul>
 */
class OwnNetworkReferenceTest {

    static final int WINDOW = 9;
    static final int HORIZON = 4;

    static Stream<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (List<Integer> layers : List.of(List.of(6), List.of(6, 5))) {
            for (int channels : new int[] {1, 3}) {
                shapes.add(Arguments.of(layers, channels));
            }
        }
        return shapes.stream();
    }

    static float[][] targets(Random random, int count) {
        float[][] targets = new float[count][HORIZON];
        for (float[] target : targets) {
            for (int k = 0; k < HORIZON; k++) {
                target[k] = (float) random.nextGaussian();
            }
        }
        return targets;
    }

    /** An own network with every parameter random, so that no gate or weight block hides behind zeros. */
    static OwnNetwork randomNetwork(Method method, List<Integer> layers, int channels, long seed) {
        OwnNetwork initial = OwnNetwork.initial(method, channels,
                RecurrentInferenceTest.settings(layers, WINDOW, HORIZON, 0.0), seed);
        Random random = new Random(seed);
        float[] params = new float[initial.parameters().length];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextGaussian() * 0.5);
        }
        return new OwnNetwork(initial.configuration(), params);
    }

    // ---------------------------------------------------------------- GRU against SameDiff's gru op

    /**
     * SameDiff's graph of the same GRU network in {@code type}, its parameters as variables "W0", "RW0", "b0", ...,
     * "outW", "outB", its loss (the mean squared error) as "loss".
     */
    private static SameDiff gruGraph(OwnNetwork network, float[][][] x, float[][] y, DataType type) {
        RecurrentInference.Parsed weights = network.weights();
        int batch = x.length;
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.constant("x", Nd4j.create(x).castTo(type)).permute(2, 0, 1); // NCW -> [time, batch, nIn]
        SDVariable sequence = input;
        for (int l = 0; l < weights.layers().length; l++) {
            RecurrentInference.Recurrent layer = weights.layers()[l];
            SDVariable h0 = sd.constant("h0_" + l, Nd4j.zeros(type, batch, layer.units()));
            sequence = sd.rnn().gru(sequence, h0, sd.var("W" + l, Nd4j.create(layer.w()).castTo(type)),
                    sd.var("RW" + l, Nd4j.create(layer.rw()).castTo(type)),
                    sd.var("b" + l, Nd4j.create(layer.b()).castTo(type)));
        }
        // the last step as a one-hot weighted sum over time (SameDiff's strided_slice has no usable gradient here)
        INDArray lastStep = Nd4j.zeros(type, WINDOW, 1, 1);
        lastStep.putScalar(WINDOW - 1, 0, 0, 1.0);
        SDVariable last = sequence.mul(sd.constant("lastStep", lastStep)).sum(0);
        SDVariable out = last.mmul(sd.var("outW", Nd4j.create(weights.outW()).castTo(type))).add("out",
                sd.var("outB", Nd4j.create(weights.outB()).castTo(type)));
        SDVariable error = out.sub(sd.constant("y", Nd4j.create(y).castTo(type)));
        SDVariable loss = error.mul(error).mean().rename("loss");
        sd.setLossVariables(loss);
        return sd;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void gruOutputsAreNd4jGruOpOutputs(List<Integer> layers, int channels) {
        Random random = new Random(5);
        OwnNetwork network = randomNetwork(Method.GRU, layers, channels, 3);
        float[][][] x = RecurrentInferenceTest.randomInputs(random, 7, channels, WINDOW);
        float[][] y = targets(random, 7);
        float[][] expected = gruGraph(network, x, y, DataType.FLOAT).getVariable("out").eval().toFloatMatrix();
        float[][] actual = RecurrentInference.of(network).orElseThrow().predict(x);
        assertThat(RecurrentInference.maxRelativeError(actual, expected)).isLessThan(RecurrentInferenceTest.TOLERANCE);
    }

    /**
     * The gradients of the GRU layers against central differences of the reference's own forward pass (SameDiff's
     * gru op, in double precision), and the output layer's against SameDiff's gradients. Not SameDiff's gradients for
     * the GRU layers: ND4J 1.0.0-M2.1's gru_bp disagrees with differences of its own gru forward (measured: W0[0]
     * -0.01368 by differences of its forward, -0.01369 ours, +0.0060 by gru_bp), so it cannot be the reference.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void gruGradientsAreDifferencesOfTheReferenceForward(List<Integer> layers, int channels) {
        Random random = new Random(7);
        OwnNetwork network = randomNetwork(Method.GRU, layers, channels, 11);
        float[][][] x = RecurrentInferenceTest.randomInputs(random, 8, channels, WINDOW);
        float[][] y = targets(random, 8);
        Map<String, float[][]> ours = RecurrentTraining.of(network, 0.0, 1).gradients(x, y);

        SameDiff sd = gruGraph(network, x, y, DataType.DOUBLE);
        SDVariable loss = sd.getVariable("loss");
        double h = 1e-4;
        for (int l = 0; l < layers.size(); l++) {
            for (String name : List.of("W", "RW", "b")) {
                INDArray param = sd.getVariable(name + l).getArr();
                INDArray flat = param.reshape(param.length());
                double[] differences = new double[(int) param.length()];
                for (int i = 0; i < differences.length; i++) {
                    double value = flat.getDouble(i);
                    flat.putScalar(i, value + h);
                    double up = loss.eval().getDouble(0);
                    flat.putScalar(i, value - h);
                    double down = loss.eval().getDouble(0);
                    flat.putScalar(i, value);
                    differences[i] = (up - down) / (2 * h);
                }
                assertClose(ours.get(l + "_" + name), Nd4j.create(differences).reshape(param.shape()), name + l);
            }
        }
        Map<String, INDArray> theirs = sd.calculateGradients(Collections.emptyMap(), "outW", "outB");
        assertClose(ours.get(layers.size() + "_W"), theirs.get("outW"), "outW");
        assertClose(ours.get(layers.size() + "_b"), theirs.get("outB"), "outB");
    }

    /** Our rows against the reference array of the same values, relative to the reference's largest magnitude. */
    private static void assertClose(float[][] ours, INDArray reference, String what) {
        float[] expected = reference.reshape(reference.length()).toFloatVector();
        float[] actual = Nd4j.create(ours).reshape(reference.length()).toFloatVector();
        double scale = 1e-6;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as("%s[%d]: %s vs %s", what, i, actual[i], expected[i])
                    .isLessThan(2e-4);
        }
        // a block of zeros on both sides would pass the comparison above without testing anything
        assertThat(scale).as("%s has non-zero gradients", what).isGreaterThan(1e-5);
    }

    // ---------------------------------------------------------------- BIDIRECTIONAL against DL4J's Bidirectional(LSTM)

    /**
     * DL4J's bidirectional LSTM layers ("bi0", ...; CONCAT, so [forward, backward] per step), the forward half's
     * last step and the backward half's first step (the state after the whole window), an MSE output layer.
     */
    private static ComputationGraph bidirectionalGraph(List<Integer> layers, int channels, double learningRate) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(learningRate)).weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0).graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(channels, WINDOW, RNNFormat.NCW));
        String previous = "in";
        for (int l = 0; l < layers.size(); l++) {
            graph.addLayer("bi" + l, new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder().nOut(layers.get(l))
                    .activation(Activation.TANH).dataFormat(RNNFormat.NCW).build()), previous);
            previous = "bi" + l;
        }
        int n = layers.get(layers.size() - 1);
        graph.addVertex("forward", new SubsetVertex(0, n - 1), previous)
                .addVertex("backward", new SubsetVertex(n, 2 * n - 1), previous)
                .addVertex("forwardLast", new LastTimeStepVertex("in"), "forward")
                .addVertex("backwardReversed", new ReverseTimeSeriesVertex(), "backward")
                .addVertex("backwardFirst", new LastTimeStepVertex("in"), "backwardReversed")
                .addVertex("summary", new MergeVertex(), "forwardLast", "backwardFirst")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(HORIZON).build(), "summary")
                .setOutputs("out");
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    /** DL4J's parameter names in our flat layout's order. */
    private static List<String> names(int levels) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            for (String direction : List.of("f", "b")) {
                for (String p : List.of("W", "RW", "b")) {
                    names.add("bi" + l + "_" + direction + p);
                }
            }
        }
        names.addAll(List.of("out_W", "out_b"));
        return names;
    }

    /** The graph's parameters as an own BIDIRECTIONAL network. */
    private static OwnNetwork ours(ComputationGraph graph, List<Integer> layers, int channels, double learningRate) {
        List<Float> flat = new ArrayList<>();
        for (String name : names(layers.size())) {
            for (float v : graph.getParam(name).dup().reshape(graph.getParam(name).length()).toFloatVector()) {
                flat.add(v);
            }
        }
        float[] params = new float[flat.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = flat.get(i);
        }
        OwnNetwork initial = OwnNetwork.initial(Method.BIDIRECTIONAL, channels, new TrainingSettings(Architecture.AUTO,
                io.foresight.window.Representation.RELATIVE, WINDOW, HORIZON, layers, 1, 8, learningRate, 0.0, 1, true, 5, 1,
                0.2), 1);
        return new OwnNetwork(initial.configuration(), params);
    }

    private static ComputationGraph randomGraph(List<Integer> layers, int channels, long seed, double learningRate) {
        ComputationGraph graph = bidirectionalGraph(layers, channels, learningRate);
        graph.setParams(Nd4j.randn(seed, new long[] {1, graph.numParams()}).castTo(DataType.FLOAT).muli(0.4));
        return graph;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void bidirectionalOutputsAreDl4jsOutputs(List<Integer> layers, int channels) {
        ComputationGraph graph = randomGraph(layers, channels, 4, 0.01);
        OwnNetwork network = ours(graph, layers, channels, 0.01);
        float[][][] x = RecurrentInferenceTest.randomInputs(new Random(2), 6, channels, WINDOW);
        float[][] expected = graph.outputSingle(false, Nd4j.create(x)).toFloatMatrix();
        float[][] actual = RecurrentInference.of(network).orElseThrow().predict(x);
        assertThat(RecurrentInference.maxRelativeError(actual, expected)).isLessThan(RecurrentInferenceTest.TOLERANCE);
    }

    @Test
    void theBackwardSummaryHasReadTheWholeWindow() {
        // changing only the first value of the window must change the output through the backward direction too;
        // with LastTimeStep over DL4J's Bidirectional the backward half would have read the last value only
        OwnNetwork network = randomNetwork(Method.BIDIRECTIONAL, List.of(5), 1, 8);
        RecurrentInference.Parsed weights = network.weights();
        // silence the forward direction: zero its input and recurrent weights and biases
        RecurrentInference.Recurrent forward = weights.layers()[0];
        for (float[] row : forward.w()) {
            java.util.Arrays.fill(row, 0f);
        }
        for (float[] row : forward.rw()) {
            java.util.Arrays.fill(row, 0f);
        }
        java.util.Arrays.fill(forward.b(), 0f);
        RecurrentInference inference = RecurrentInference.of(network.with(weights)).orElseThrow();
        float[][] input = {{0.3f, -1f, 0.5f, 2f, 0.1f, -0.4f, 1.2f, 0.7f, -0.2f}};
        float[][] changed = {input[0].clone()};
        changed[0][0] = -2f;
        float[] before = inference.predict(input);
        float[] after = inference.predict(changed);
        double difference = 0;
        for (int k = 0; k < before.length; k++) {
            difference = Math.max(difference, Math.abs(before[k] - after[k]));
        }
        assertThat(difference).isGreaterThan(1e-3);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void bidirectionalGradientsAreDl4jsGradients(List<Integer> layers, int channels) {
        ComputationGraph graph = randomGraph(layers, channels, 6, 0.01);
        OwnNetwork network = ours(graph, layers, channels, 0.01);
        Random random = new Random(9);
        float[][][] x = RecurrentInferenceTest.randomInputs(random, 8, channels, WINDOW);
        float[][] y = targets(random, 8);
        Map<String, float[][]> ours = RecurrentTraining.of(network, 0.0, 1).gradients(x, y);
        graph.setInputs(Nd4j.create(x));
        graph.setLabels(Nd4j.create(y));
        graph.computeGradientAndScore();
        Gradient theirs = graph.gradient();
        for (String name : names(layers.size())) {
            String key = name.startsWith("out") ? layers.size() + name.substring(3) : name.substring(2);
            float[][] mean = ours.get(key);
            assertThat(mean).as(key).isNotNull();
            // DL4J divides by the mini-batch size in its updater; ours is the mean already
            float[][] sum = new float[mean.length][];
            for (int i = 0; i < mean.length; i++) {
                sum[i] = mean[i].clone();
                for (int k = 0; k < sum[i].length; k++) {
                    sum[i][k] *= x.length;
                }
            }
            assertClose(sum, theirs.getGradientFor(name), name);
        }
    }

    @Test
    void bidirectionalAdamStepsAreDl4jsSteps() {
        List<Integer> layers = List.of(6, 5);
        ComputationGraph theirs = randomGraph(layers, 2, 5, 0.01);
        RecurrentTraining ours = RecurrentTraining.of(ours(theirs, layers, 2, 0.01), 0.0, 1);
        Random random = new Random(3);
        for (int step = 0; step < 4; step++) {
            float[][][] x = RecurrentInferenceTest.randomInputs(random, 6 + step, 2, WINDOW);
            float[][] y = targets(random, x.length);
            double loss = ours.fit(x, y);
            theirs.fit(new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.create(x), Nd4j.create(y)));
            assertThat(loss).as("loss of step %d", step).isCloseTo(theirs.score(),
                    org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, theirs.score())));
        }
        float[] expected = ours(theirs, layers, 2, 0.01).parameters();
        float[] actual = ((OwnNetwork) ours.network()).parameters();
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).isLessThan(1e-4);
    }

    // ---------------------------------------------------------------- training behaviour of both

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Method.class, names = {"GRU", "BIDIRECTIONAL"})
    void lossFallsAndTrainingWithDropoutIsReproducible(Method method) {
        Random random = new Random(1);
        float[][][] x = RecurrentInferenceTest.randomInputs(random, 64, 2, WINDOW);
        float[][] y = new float[64][HORIZON];
        for (int i = 0; i < 64; i++) {
            for (int k = 0; k < HORIZON; k++) {
                y[i][k] = 0.5f * x[i][0][WINDOW - 1 - k] - 0.2f * x[i][1][0];
            }
        }
        float[] first = null;
        for (int run = 0; run < 2; run++) {
            OwnNetwork network = OwnNetwork.initial(method, 2, RecurrentInferenceTest.settings(List.of(16, 8), WINDOW,
                    HORIZON, 0.2), 3);
            RecurrentTraining training = RecurrentTraining.of(network, 0.2, 9);
            double before = training.loss(x, y);
            for (int epoch = 0; epoch < 150; epoch++) {
                training.fit(x, y);
            }
            assertThat(training.loss(x, y)).isLessThan(before * 0.5);
            float[] params = ((OwnNetwork) training.network()).parameters();
            if (first == null) {
                first = params;
            } else {
                assertThat(params).containsExactly(first);
            }
        }
    }

}
