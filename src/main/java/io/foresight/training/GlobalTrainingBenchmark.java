package io.foresight.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.foresight.model.Architecture;
import io.foresight.model.Method;
import io.foresight.model.Networks;
import io.foresight.model.RecurrentTraining;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;
import io.foresight.window.Windows;

/**
 * The in-process half of {@code foresight bench-global} (docs/BENCHMARK.md, "Global networks"): one epoch of
 * training at a global network's size (windows of many series, each encoded by its own series' scaler) on the
 * plain-Java step ({@link RecurrentTraining}) against ND4J's native path on the same mini-batches (DL4J's
 * {@code fit}: a MultiLayerNetwork for LSTM, a ComputationGraph of {@code Bidirectional(LSTM)} for BIDIRECTIONAL;
 * GRU has no native trainable path, see {@link io.foresight.model.OwnNetwork}) and, for LSTM, SameDiff's fused
 * {@code lstmLayer} op.
 */
public final class GlobalTrainingBenchmark {

    private GlobalTrainingBenchmark() {
    }

    /** The workload: {@code windows} training windows of many synthetic series, one recurrent layer of {@code units}. */
    public record Workload(int windows, int window, int horizon, int units, long seed) {
    }

    /** One epoch of one architecture on one path. */
    public record Result(Method method, String path, int batchSize, int windows, double seconds, double cpuSeconds,
            double meanLoss) {

        public double windowsPerSecond() {
            return windows / seconds;
        }
    }

    /**
     * Windows of many series (seasonal, trending, noisy, each its own level and period), each encoded with its own
     * series' {@link Scaler} ({@code RELATIVE}), until {@code w.windows()} are collected: what a global network trains on.
     */
    public static Windows windows(Workload w) {
        Random random = new Random(w.seed());
        List<float[][]> inputs = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        int length = 200;
        while (inputs.size() < w.windows()) {
            double level = 10 + random.nextDouble() * 1000;
            double period = 4 + random.nextInt(20);
            double trend = random.nextGaussian() * 0.01;
            double[] values = new double[length];
            for (int t = 0; t < length; t++) {
                values[t] = level * (1 + trend * t + 0.2 * Math.sin(2 * Math.PI * t / period) + 0.05 * random.nextGaussian());
            }
            double[][] channels = {values};
            WindowPlan plan = WindowPlan.split(length, w.window(), w.horizon(), 0.2);
            Scaler scaler = Scaler.fit(Representation.RELATIVE, 1, channels, plan.trainEnd());
            Windows series = plan.trainingWindows(channels, scaler);
            for (int i = 0; i < series.count() && inputs.size() < w.windows(); i++) {
                inputs.add(series.inputs()[i]);
                targets.add(series.targets()[i]);
            }
        }
        int[] ends = new int[inputs.size()];
        return new Windows(inputs.toArray(float[][][]::new), targets.toArray(float[][]::new), ends);
    }

    static TrainingSettings settings(Method method, Workload w, int batchSize) {
        return new TrainingSettings(Architecture.valueOf(method.name()), Representation.RELATIVE, w.window(), w.horizon(),
                List.of(w.units()), 1, batchSize, 1e-3, 0.0, w.seed(), false, 1, 1, 0.2);
    }

    /** The epoch's mini-batches: the windows shuffled with the seed, cut into {@code batchSize}. */
    private static List<float[][][]> inputBatches(Windows windows, int[] order, int batchSize) {
        List<float[][][]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int size = Math.min(batchSize, order.length - start);
            float[][][] x = new float[size][][];
            for (int i = 0; i < size; i++) {
                x[i] = windows.inputs()[order[start + i]];
            }
            batches.add(x);
        }
        return batches;
    }

    private static List<float[][]> targetBatches(Windows windows, int[] order, int batchSize) {
        List<float[][]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int size = Math.min(batchSize, order.length - start);
            float[][] y = new float[size][];
            for (int i = 0; i < size; i++) {
                y[i] = windows.targets()[order[start + i]];
            }
            batches.add(y);
        }
        return batches;
    }

    /** Warm-up batches (JIT, native library and workspace set-up) before the timed epoch. */
    private static final int WARM_UP_BATCHES = 20;

    /** The plain-Java step over one epoch, after warm-up batches on a separate network. */
    public static Result java(Method method, Workload w, Windows windows, int batchSize) {
        int[] order = order(windows.count(), w.seed());
        List<float[][][]> x = inputBatches(windows, order, batchSize);
        List<float[][]> y = targetBatches(windows, order, batchSize);
        TrainingSettings settings = settings(method, w, batchSize);
        RecurrentTraining warmUp = RecurrentTraining.of(Networks.initial(method, 1, settings, w.seed() + 1), 0.0, 1);
        for (int i = 0; i < Math.min(WARM_UP_BATCHES, x.size()); i++) {
            warmUp.fit(x.get(i), y.get(i));
        }
        RecurrentTraining training = RecurrentTraining.of(Networks.initial(method, 1, settings, w.seed()), 0.0, 1);
        long c0 = TrainingBenchmark.cpuNanos();
        long t0 = System.nanoTime();
        double loss = 0;
        for (int i = 0; i < x.size(); i++) {
            loss += training.fit(x.get(i), y.get(i));
        }
        long t1 = System.nanoTime();
        return new Result(method, "plain Java (RecurrentTraining)", batchSize, windows.count(), (t1 - t0) / 1e9,
                (TrainingBenchmark.cpuNanos() - c0) / 1e9, loss / x.size());
    }

    /**
     * ND4J's native path over one epoch on the same batches: {@code network.fit} of DL4J's LSTM network
     * ({@link Networks#build}) or of a ComputationGraph of DL4J's {@code Bidirectional(LSTM)} summarised as
     * BIDIRECTIONAL is. Empty for GRU (no DL4J layer; ND4J's gru op's gradients are wrong, see OwnNetworkReferenceTest).
     */
    public static java.util.Optional<Result> dl4j(Method method, Workload w, Windows windows, int batchSize) {
        if (method == Method.GRU) {
            return java.util.Optional.empty();
        }
        List<DataSet> batches = dataSets(w, windows, batchSize);
        TrainingSettings settings = settings(method, w, batchSize);
        java.util.function.Consumer<DataSet> fit;
        java.util.function.DoubleSupplier score;
        if (method == Method.LSTM) {
            MultiLayerNetwork warmUp = Networks.build(Method.LSTM, 1, settings, w.seed() + 1);
            for (int i = 0; i < Math.min(WARM_UP_BATCHES, batches.size()); i++) {
                warmUp.fit(batches.get(i));
            }
            MultiLayerNetwork network = Networks.build(Method.LSTM, 1, settings, w.seed());
            fit = network::fit;
            score = network::score;
        } else {
            ComputationGraph warmUp = bidirectionalGraph(w, w.seed() + 1);
            for (int i = 0; i < Math.min(WARM_UP_BATCHES, batches.size()); i++) {
                warmUp.fit(new MultiDataSet(batches.get(i).getFeatures(), batches.get(i).getLabels()));
            }
            ComputationGraph graph = bidirectionalGraph(w, w.seed());
            fit = batch -> graph.fit(new MultiDataSet(batch.getFeatures(), batch.getLabels()));
            score = graph::score;
        }
        long c0 = TrainingBenchmark.cpuNanos();
        long t0 = System.nanoTime();
        double loss = 0;
        for (DataSet batch : batches) {
            fit.accept(batch);
            loss += score.getAsDouble();
        }
        long t1 = System.nanoTime();
        return java.util.Optional.of(new Result(method, "DL4J network.fit (native)", batchSize, windows.count(),
                (t1 - t0) / 1e9, (TrainingBenchmark.cpuNanos() - c0) / 1e9, loss / batches.size()));
    }

    /** One epoch's mini-batches as ND4J data sets, in the order of {@link #order} (what the native paths fit on). */
    private static List<DataSet> dataSets(Workload w, Windows windows, int batchSize) {
        int[] order = order(windows.count(), w.seed());
        List<float[][][]> x = inputBatches(windows, order, batchSize);
        List<float[][]> y = targetBatches(windows, order, batchSize);
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            batches.add(new DataSet(Nd4j.create(x.get(i)), Nd4j.create(y.get(i))));
        }
        return batches;
    }

    /**
     * SameDiff's fused {@code lstmLayer} op (one native op for the whole sequence, forward and backward) over one
     * epoch on the same batches, LSTM only: a graph of the same shape (one LSTM layer, last step, linear output, MSE,
     * Adam 1e-3) but without element-wise gradient clipping, which SameDiff's TrainingConfig does not offer, so its
     * figure is a lower bound of what the native path would cost. Timing only: not checked against our LSTM.
     */
    public static java.util.Optional<Result> sameDiff(Method method, Workload w, Windows windows, int batchSize) {
        if (method != Method.LSTM) {
            return java.util.Optional.empty();
        }
        List<DataSet> batches = dataSets(w, windows, batchSize);
        org.nd4j.autodiff.samediff.SameDiff warmUp = lstmGraph(w);
        for (int i = 0; i < Math.min(WARM_UP_BATCHES, batches.size()); i++) {
            warmUp.fit(batches.get(i));
        }
        org.nd4j.autodiff.samediff.SameDiff sd = lstmGraph(w);
        long c0 = TrainingBenchmark.cpuNanos();
        long t0 = System.nanoTime();
        for (DataSet batch : batches) {
            sd.fit(batch);
        }
        long t1 = System.nanoTime();
        // not the same initial network as the other paths, so its loss would compare nothing: not reported
        return java.util.Optional.of(new Result(method, "SameDiff fused lstmLayer (native, no clipping)", batchSize,
                windows.count(), (t1 - t0) / 1e9, (TrainingBenchmark.cpuNanos() - c0) / 1e9, Double.NaN));
    }

    private static org.nd4j.autodiff.samediff.SameDiff lstmGraph(Workload w) {
        int n = w.units();
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        org.nd4j.autodiff.samediff.SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1, w.window());
        org.nd4j.autodiff.samediff.SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, w.horizon());
        Random random = new Random(w.seed());
        org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig config =
                org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig.builder()
                        .lstmdataformat(org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat.NST)
                        .directionMode(org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode.FWD)
                        .gateAct(org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations.SIGMOID)
                        .cellAct(org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations.TANH)
                        .outAct(org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations.TANH)
                        .retFullSequence(false).retLastH(true).retLastC(false).build();
        org.nd4j.autodiff.samediff.SDVariable[] out = sd.rnn().lstmLayer(x,
                org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights.builder()
                        .weights(sd.var("W", gaussian(random, 0.3, 1, 4 * n)))
                        .rWeights(sd.var("RW", gaussian(random, 0.1, n, 4 * n)))
                        .bias(sd.var("b", Nd4j.zeros(DataType.FLOAT, 4 * n))).build(), config);
        org.nd4j.autodiff.samediff.SDVariable prediction = out[0].mmul(sd.var("outW", gaussian(random, 0.2, n, w.horizon())))
                .add(sd.var("outB", Nd4j.zeros(DataType.FLOAT, w.horizon())));
        org.nd4j.autodiff.samediff.SDVariable error = prediction.sub(y);
        sd.setLossVariables(error.mul(error).mean().rename("loss"));
        sd.setTrainingConfig(org.nd4j.autodiff.samediff.TrainingConfig.builder().updater(new Adam(1e-3))
                .dataSetFeatureMapping("x").dataSetLabelMapping("y").build());
        return sd;
    }

    private static org.nd4j.linalg.api.ndarray.INDArray gaussian(Random random, double deviation, int rows, int columns) {
        float[][] values = new float[rows][columns];
        for (float[] row : values) {
            for (int k = 0; k < columns; k++) {
                row[k] = (float) (random.nextGaussian() * deviation);
            }
        }
        return Nd4j.create(values);
    }

    /** DL4J's Bidirectional(LSTM), forward half at the last step and backward half at the first, MSE output. */
    static ComputationGraph bidirectionalGraph(Workload w, long seed) {
        int n = w.units();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue).gradientNormalizationThreshold(1.0)
                .graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(1, w.window(), RNNFormat.NCW))
                .addLayer("bi", new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder().nOut(n)
                        .activation(Activation.TANH).dataFormat(RNNFormat.NCW).build()), "in")
                .addVertex("forward", new SubsetVertex(0, n - 1), "bi")
                .addVertex("backward", new SubsetVertex(n, 2 * n - 1), "bi")
                .addVertex("forwardLast", new LastTimeStepVertex("in"), "forward")
                .addVertex("backwardReversed", new ReverseTimeSeriesVertex(), "backward")
                .addVertex("backwardFirst", new LastTimeStepVertex("in"), "backwardReversed")
                .addVertex("summary", new MergeVertex(), "forwardLast", "backwardFirst")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(w.horizon()).build(), "summary")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static int[] order(int count, long seed) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        io.foresight.model.NetworkFit.shuffle(order, new Random(seed));
        return order;
    }

    /** Every combination of {@code methods} and {@code batchSizes} on both paths, Java first. */
    public static List<Result> run(Workload w, List<Method> methods, int[] batchSizes, java.util.function.Consumer<Result> each) {
        Windows windows = windows(w);
        List<Result> results = new ArrayList<>();
        for (Method method : methods) {
            for (int batchSize : Arrays.stream(batchSizes).toArray()) {
                Result java = java(method, w, windows, batchSize);
                each.accept(java);
                results.add(java);
                dl4j(method, w, windows, batchSize).ifPresent(r -> {
                    each.accept(r);
                    results.add(r);
                });
                sameDiff(method, w, windows, batchSize).ifPresent(r -> {
                    each.accept(r);
                    results.add(r);
                });
            }
        }
        return results;
    }
}
