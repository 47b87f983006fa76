package io.foresight.model;

import java.util.Optional;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a network built by {@link Networks#build} in plain Java: the weights are copied out of
 * the {@link MultiLayerNetwork} once, after which a forecast makes no native calls, takes no lock and
 * allocates only a few small arrays, so concurrent requests run in parallel. For one window (what serving
 * asks for) it is an order of magnitude faster than {@code network.output}, whose cost is per-op overhead.
 *
 * <p>It follows DL4J's own definitions (LSTMHelpers, SimpleRnn), verified against {@code network.output} in
 * RecurrentInferenceTest: per time step, with {@code z = x W + h RW + b} split into four blocks of {@code n}
 * in DL4J's order [block input, forget, output, input gate],
 * <pre>
 *   a = tanh(z[0..n))    f = sigmoid(z[n..2n))    o = sigmoid(z[2n..3n))    i = sigmoid(z[3n..4n))
 *   c = f * c + i * a    h = o * tanh(c)
 * </pre>
 * and for SimpleRnn {@code h = tanh(x W + h RW + b)}; the last recurrent layer's last step feeds the identity
 * output layer {@code y = h W + b}. Dropout is a training-time operation and has no part in inference.
 *
 * <p>It runs {@link OwnNetwork}s too: GRU (its equations are in {@link OwnNetwork}; verified against ND4J's
 * {@code gru} op) and BIDIRECTIONAL, whose backward layers read each level's sequence from its end and whose summary
 * is [forward state after the last step, backward state after the first step] (verified against DL4J's
 * {@code Bidirectional(LSTM)}, OwnNetworkReferenceTest).
 *
 * <p>The weights are a snapshot: a network whose parameters change afterwards needs a new instance.
 */
public final class RecurrentInference {

    private final Recurrent[] layers;
    /** 1, or 2 for a bidirectional network (forward and backward layer of each level in turn). */
    private final int directions;
    private final int channels;
    private final int outputs;
    /** Output layer weights, one row per hidden unit: [hidden][outputs]. */
    private final float[][] outW;
    private final float[] outB;

    private RecurrentInference(Recurrent[] layers, int directions, int channels, float[][] outW, float[] outB) {
        this.layers = layers;
        this.directions = directions;
        this.channels = channels;
        this.outputs = outB.length;
        this.outW = outW;
        this.outB = outB;
    }

    /** The recurrent cells it knows; {@code gates} blocks of {@code units} per step. */
    enum Cell {
        LSTM(4), SIMPLE_RNN(1), GRU(3);

        private final int blocks;

        Cell(int blocks) {
            this.blocks = blocks;
        }

        int gates(int units) {
            return blocks * units;
        }
    }

    /**
     * One recurrent layer (of a bidirectional network: one direction of one), weights as rows (one per input, one
     * per unit) so that the inner loops run over plain arrays, which HotSpot vectorises: input [nIn][gates],
     * recurrent [units][gates].
     */
    record Recurrent(Cell cell, int nIn, int units, float[][] w, float[][] rw, float[] b) {

        int gates() {
            return cell.gates(units);
        }
    }

    /**
     * The Java forward pass of {@code network}, or empty when it is not the shape {@link Networks#build} makes
     * (stacked LSTM/SimpleRnn with tanh, sigmoid gates, NCW, the last one in {@link LastTimeStep}, then an
     * identity {@link OutputLayer}); such a network is served by {@code network.output} instead.
     */
    public static Optional<RecurrentInference> of(MultiLayerNetwork network) {
        return parse(network).map(RecurrentInference::new);
    }

    /** The Java forward pass of {@code network}; empty only for a DL4J network of a shape it does not know. */
    public static Optional<RecurrentInference> of(Network network) {
        if (network instanceof OwnNetwork own) {
            return Optional.of(new RecurrentInference(own.weights()));
        }
        return of(((Network.Dl4j) network).network());
    }

    private RecurrentInference(Parsed parsed) {
        this(parsed.layers(), parsed.directions(), parsed.layers()[0].nIn(), parsed.outW(), parsed.outB());
    }

    /**
     * A network's weights as plain arrays. With {@code directions} 2 (BIDIRECTIONAL), {@code layers[2l]} reads
     * level l's input forwards and {@code layers[2l + 1]} backwards.
     */
    record Parsed(Recurrent[] layers, int directions, float[][] outW, float[] outB) {
    }

    /** Writes {@code parameters} into {@code network}'s, the inverse of {@link #parse}. */
    static void write(Parsed parameters, MultiLayerNetwork network) {
        Recurrent[] layers = parameters.layers();
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.api.Layer layer = network.getLayer(i);
            assign(layer.getParam("W"), layers[i].w());
            assign(layer.getParam("RW"), layers[i].rw());
            assign(layer.getParam("b"), new float[][] {layers[i].b()});
        }
        org.deeplearning4j.nn.api.Layer output = network.getLayer(layers.length);
        assign(output.getParam("W"), parameters.outW());
        assign(output.getParam("b"), new float[][] {parameters.outB()});
    }

    private static void assign(INDArray param, float[][] values) {
        param.assign(Nd4j.create(values).reshape(param.shape()));
    }

    /** {@code network}'s weights as plain arrays (copies), or empty when it is not the shape this class knows. */
    static Optional<Parsed> parse(MultiLayerNetwork network) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int count = network.getnLayers();
        if (count < 2 || conf.getInputPreProcessors() != null && !conf.getInputPreProcessors().isEmpty()
                || network.getLayer(0).params() == null) {
            return Optional.empty();
        }
        Recurrent[] layers = new Recurrent[count - 1];
        for (int i = 0; i < count - 1; i++) {
            Layer layer = conf.getConf(i).getLayer();
            boolean last = i == count - 2;
            if (layer instanceof LastTimeStep wrapper) {
                if (!last) {
                    return Optional.empty();
                }
                layer = wrapper.getUnderlying();
            } else if (last) {
                return Optional.empty();
            }
            Optional<Recurrent> recurrent = recurrent(layer, network.getLayer(i));
            if (recurrent.isEmpty() || i > 0 && recurrent.get().nIn() != layers[i - 1].units()) {
                return Optional.empty();
            }
            layers[i] = recurrent.get();
        }
        Layer output = conf.getConf(count - 1).getLayer();
        if (!(output instanceof OutputLayer out) || !(out.getActivationFn() instanceof ActivationIdentity) || !out.hasBias()
                || !noWeightNoise(out)) {
            return Optional.empty();
        }
        org.deeplearning4j.nn.api.Layer outLayer = network.getLayer(count - 1);
        float[][] outW = rows(outLayer.getParam("W"));
        float[] outB = vector(outLayer.getParam("b"));
        int hidden = layers[layers.length - 1].units();
        if (outW.length != hidden || outB.length == 0 || outW[0].length != outB.length) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(layers, 1, outW, outB));
    }

    private static Optional<Recurrent> recurrent(Layer layer, org.deeplearning4j.nn.api.Layer instance) {
        Cell cell;
        if (layer instanceof LSTM l) {
            if (!(l.getGateActivationFn() instanceof ActivationSigmoid)) {
                return Optional.empty();
            }
            cell = Cell.LSTM;
        } else if (layer instanceof SimpleRnn s) {
            if (s.hasLayerNorm()) {
                return Optional.empty();
            }
            cell = Cell.SIMPLE_RNN;
        } else {
            return Optional.empty();
        }
        BaseRecurrentLayer r = (BaseRecurrentLayer) layer;
        if (!(r.getActivationFn() instanceof ActivationTanH) || r.getRnnDataFormat() != RNNFormat.NCW || !noWeightNoise(r)) {
            return Optional.empty();
        }
        int nIn = (int) r.getNIn();
        int units = (int) r.getNOut();
        int gates = cell.gates(units);
        float[][] w = rows(instance.getParam("W"));
        float[][] rw = rows(instance.getParam("RW"));
        float[] b = vector(instance.getParam("b"));
        if (w.length != nIn || rw.length != units || b.length != gates || w[0].length != gates || rw[0].length != gates) {
            return Optional.empty();
        }
        return Optional.of(new Recurrent(cell, nIn, units, w, rw, b));
    }

    private static boolean noWeightNoise(BaseLayer layer) {
        return layer.getWeightNoise() == null; // DropConnect / weight noise only act in training, but stay safe
    }

    /** A 2-d parameter as rows; empty when missing or not 2-d. */
    private static float[][] rows(INDArray param) {
        return param == null || param.rank() != 2 ? new float[0][] : param.toFloatMatrix();
    }

    /** A bias ([1, n] or [n]) as a vector; empty when missing. */
    private static float[] vector(INDArray param) {
        return param == null ? new float[0] : param.reshape(param.length()).toFloatVector();
    }

    /** Input channels the network reads. */
    public int channels() {
        return channels;
    }

    /** Values the network predicts per window (its horizon). */
    public int outputs() {
        return outputs;
    }

    /** Network outputs for encoded inputs [window][channel][step], like {@code network.output(Nd4j.create(inputs))}. */
    public float[][] predict(float[][][] inputs) {
        float[][] out = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = predict(inputs[i]);
        }
        return out;
    }

    /**
     * Network output for one encoded input [channel][step]: {@link BatchedForward} with a batch of one, the one
     * forward pass of this class (so one window and many agree bit for bit).
     */
    public float[] predict(float[][] input) {
        return BatchedForward.predict(layers, directions, channels, outW, outB, new float[][][] {input})[0];
    }

    /**
     * One GRU step in place: {@code z} holds x W + b, {@code zh} holds h' RW; leaves [r, u, c] in {@code z} and
     * the new state in {@code h} (h' on entry).
     */
    static void gru(float[] z, float[] zh, float[] h, int units) {
        Kernels.gru(z, 0, zh, 0, h, 0, units);
    }

    /**
     * The largest difference between two batches of forecasts, each row's differences divided by that row's largest
     * {@code expected} magnitude (at least 1e-3): how far this forward pass strays from DL4J's.
     */
    public static double maxRelativeError(float[][] actual, float[][] expected) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double scale = 1e-3;
            for (float v : expected[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < expected[i].length; k++) {
                worst = Math.max(worst, Math.abs(actual[i][k] - expected[i][k]) / scale);
            }
        }
        return worst;
    }

    /**
     * The outputs of {@link #predict(float[][][])}, bit for bit, computed many windows at a time
     * ({@link BatchedForward}); every window of the same length.
     */
    public float[][] predictBatch(float[][][] inputs) {
        return BatchedForward.predict(layers, directions, channels, outW, outB, inputs);
    }
}
