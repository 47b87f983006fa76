package io.foresight.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import io.foresight.model.RecurrentInference.Recurrent;

/**
 * Mini-batch training of a network built by {@link Networks#build} in plain Java: the same network (DL4J's
 * initial parameters, layer definitions and parameter layout), the same loss (DL4J's MSE: squared error
 * averaged over outputs and windows), the same element-wise gradient clipping and the same Adam update as
 * {@code network.fit}, checked against DL4J's own gradients and updates in RecurrentTrainingTest. It exists
 * because DL4J's cost for networks this small is per-op overhead: its LSTM makes a dozen native calls per
 * time step and layer, where this class runs the whole step in a few vectorised Java loops (docs/BENCHMARK.md).
 *
 * <p>Forward pass as in {@link RecurrentInference}; backpropagation through time over the whole window, per
 * LSTM step with {@code c = f*c' + i*a, h = o*tanh(c)}:
 * <pre>
 *   dc = dc(t+1)*f(t+1) + dh*o*(1 - tanh(c)^2)
 *   dz_a = dc*i*(1 - a^2)   dz_f = dc*c'*f*(1 - f)   dz_o = dh*tanh(c)*o*(1 - o)   dz_i = dc*a*i*(1 - i)
 *   dh(t-1) = dz RW^T       dx = dz W^T              dW += x^T dz   dRW += h(t-1)^T dz   db += dz
 * </pre>
 * Dropout (DL4J's: on the input of every layer but the first, inverted, kept with probability {@code 1 - p})
 * draws its masks from its own seeded generator, so a training is reproducible but not DL4J's bit for bit.
 * Not thread-safe: one instance per training.
 */
public final class RecurrentTraining {

    private final MultiLayerNetwork network;
    private final Rnn[] layers;
    private final float[][] outW;
    private final float[] outB;
    private final float[][] outWGrad;
    private final float[] outBGrad;
    private final int outputs;
    private final float keep;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** Element-wise gradient clipping threshold, or infinity for none. */
    private final float clip;
    private final SplittableRandom random;
    /** Every parameter row with its gradient and Adam moments, in the same order. */
    private final List<float[]> params = new ArrayList<>();
    private final List<float[]> grads = new ArrayList<>();
    private final List<float[]> firstMoments = new ArrayList<>();
    private final List<float[]> secondMoments = new ArrayList<>();
    private int iteration;

    // activations of the current batch, sized for (steps, batch) on first use
    private int steps = -1;
    private int capacity = -1;
    private float[][] lastHidden;
    private float[][] outMask;
    private float[][] prediction;
    private float[][] outDelta;

    /** One recurrent layer: parameters, gradients and the activations of the current batch. */
    private static final class Rnn {
        final boolean lstm;
        final int nIn;
        final int units;
        final int gates;
        final float[][] w;
        final float[][] rw;
        final float[] b;
        final float[][] wGrad;
        final float[][] rwGrad;
        final float[] bGrad;
        /** Transposed weights for the backward pass: [gates][nIn], [gates][units]. */
        final float[][] wT;
        final float[][] rwT;
        /** The cell state before the first step. */
        final float[] zeros;
        /** Per [step][window]: the input (after dropout), gate activations, cell, tanh(cell), output, delta. */
        float[][][] in;
        float[][][] act;
        float[][][] cell;
        float[][][] cellTanh;
        float[][][] h;
        float[][][] delta;
        /** Dropout mask on the input (0 or 1/keep), or null. */
        float[][][] mask;
        /** Gradient with respect to this layer's input, [step][window][nIn] (only above the first layer). */
        float[][][] inGrad;

        Rnn(Recurrent r) {
            lstm = r.lstm();
            nIn = r.nIn();
            units = r.units();
            gates = r.gates();
            w = r.w();
            rw = r.rw();
            b = r.b();
            wGrad = new float[nIn][gates];
            rwGrad = new float[units][gates];
            bGrad = new float[gates];
            wT = new float[gates][nIn];
            rwT = new float[gates][units];
            zeros = new float[units];
        }

        void allocate(int steps, int batch, boolean dropout, boolean first) {
            in = new float[steps][batch][nIn];
            act = new float[steps][batch][gates];
            cell = lstm ? new float[steps][batch][units] : null;
            cellTanh = lstm ? new float[steps][batch][units] : null;
            h = new float[steps][batch][units];
            delta = new float[steps][batch][gates];
            mask = dropout && !first ? new float[steps][batch][nIn] : null;
            inGrad = first ? null : new float[steps][batch][nIn];
        }

        void transpose() {
            for (int j = 0; j < nIn; j++) {
                for (int k = 0; k < gates; k++) {
                    wT[k][j] = w[j][k];
                }
            }
            for (int j = 0; j < units; j++) {
                for (int k = 0; k < gates; k++) {
                    rwT[k][j] = rw[j][k];
                }
            }
        }
    }

    private RecurrentTraining(MultiLayerNetwork network, RecurrentInference.Parsed parsed, double dropout, Adam adam,
            float clip, long seed) {
        this.network = network;
        this.layers = new Rnn[parsed.layers().length];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Rnn(parsed.layers()[i]);
            register(layers[i].w, layers[i].wGrad);
            register(layers[i].rw, layers[i].rwGrad);
            register(new float[][] {layers[i].b}, new float[][] {layers[i].bGrad});
        }
        this.outW = parsed.outW();
        this.outB = parsed.outB();
        this.outputs = outB.length;
        this.outWGrad = new float[outW.length][outputs];
        this.outBGrad = new float[outputs];
        register(outW, outWGrad);
        register(new float[][] {outB}, new float[][] {outBGrad});
        this.keep = (float) (1.0 - dropout);
        this.learningRate = adam.getLearningRate();
        this.beta1 = adam.getBeta1();
        this.beta2 = adam.getBeta2();
        this.epsilon = adam.getEpsilon();
        this.clip = clip;
        this.random = new SplittableRandom(seed);
    }

    private void register(float[][] rows, float[][] gradRows) {
        for (int i = 0; i < rows.length; i++) {
            params.add(rows[i]);
            grads.add(gradRows[i]);
            firstMoments.add(new float[rows[i].length]);
            secondMoments.add(new float[rows[i].length]);
        }
    }

    /**
     * A trainer that starts from {@code network}'s current parameters. {@code dropout} is the probability of
     * dropping an activation, as in {@link TrainingSettings#dropout}.
     *
     * @throws IllegalArgumentException when the network is not of {@link Networks#build}'s shape (stacked
     *                                  LSTM/SimpleRnn, Adam, no regularisation, at most element-wise clipping)
     */
    public static RecurrentTraining of(MultiLayerNetwork network, double dropout, long seed) {
        RecurrentInference.Parsed parsed = RecurrentInference.parse(network)
                .orElseThrow(() -> new IllegalArgumentException("not a network of Networks.build's shape"));
        Adam adam = null;
        float clip = Float.POSITIVE_INFINITY;
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
            BaseLayer base = (BaseLayer) (layer instanceof LastTimeStep wrapper ? wrapper.getUnderlying() : layer);
            if (!(base.getIUpdater() instanceof Adam a) || adam != null && !a.equals(adam)) {
                throw new IllegalArgumentException("every layer must use the same Adam updater");
            }
            adam = a;
            if (base.getRegularization() != null && !base.getRegularization().isEmpty()
                    || base.getRegularizationBias() != null && !base.getRegularizationBias().isEmpty()) {
                throw new IllegalArgumentException("regularisation is not supported");
            }
            GradientNormalization normalization = base.getGradientNormalization();
            if (normalization == GradientNormalization.ClipElementWiseAbsoluteValue) {
                clip = (float) base.getGradientNormalizationThreshold();
            } else if (normalization != null && normalization != GradientNormalization.None) {
                throw new IllegalArgumentException("gradient normalisation " + normalization + " is not supported");
            }
        }
        if (adam.getLearningRateSchedule() != null) {
            throw new IllegalArgumentException("learning-rate schedules are not supported");
        }
        return new RecurrentTraining(network, parsed, dropout, adam, clip, seed);
    }

    /**
     * One Adam step on a mini-batch of encoded inputs [window][channel][step] and targets [window][output].
     *
     * @return the batch's loss before the step (DL4J's {@code network.score()} after {@code fit})
     */
    public double fit(float[][][] inputs, float[][] targets) {
        int batch = inputs.length;
        double loss = forward(inputs, targets, true);
        backward(batch);
        update();
        return loss;
    }

    /**
     * The gradients of the batch's loss (no step taken), keyed as DL4J's {@code Gradient} keys them
     * ("0_W", "0_RW", "0_b", ..., then the output layer's W and b), for tests against {@code network.gradient()}.
     */
    Map<String, float[][]> gradients(float[][][] inputs, float[][] targets) {
        forward(inputs, targets, true);
        backward(inputs.length);
        Map<String, float[][]> gradients = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            gradients.put(i + "_W", copy(layers[i].wGrad));
            gradients.put(i + "_RW", copy(layers[i].rwGrad));
            gradients.put(i + "_b", copy(new float[][] {layers[i].bGrad}));
        }
        gradients.put(layers.length + "_W", copy(outWGrad));
        gradients.put(layers.length + "_b", copy(new float[][] {outBGrad}));
        return gradients;
    }

    private static float[][] copy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    /** The mean loss over {@code inputs} without dropout (DL4J's {@code network.score(data, false)}). */
    public double loss(float[][][] inputs, float[][] targets) {
        int chunk = Math.max(capacity, 64);
        double sum = 0;
        for (int start = 0; start < inputs.length; start += chunk) {
            int end = Math.min(inputs.length, start + chunk);
            float[][][] x = Arrays.copyOfRange(inputs, start, end);
            float[][] y = Arrays.copyOfRange(targets, start, end);
            sum += forward(x, y, false) * (end - start);
        }
        return sum / inputs.length;
    }

    /** A copy of every parameter, to come back to with {@link #restore}. */
    public float[][] snapshot() {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = params.get(i).clone();
        }
        return copy;
    }

    public void restore(float[][] snapshot) {
        for (int i = 0; i < snapshot.length; i++) {
            System.arraycopy(snapshot[i], 0, params.get(i), 0, snapshot[i].length);
        }
    }

    /** Writes the current parameters into the network this trainer was made from, and returns it. */
    public MultiLayerNetwork network() {
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.api.Layer layer = network.getLayer(i);
            assign(layer.getParam("W"), layers[i].w);
            assign(layer.getParam("RW"), layers[i].rw);
            assign(layer.getParam("b"), new float[][] {layers[i].b});
        }
        org.deeplearning4j.nn.api.Layer output = network.getLayer(layers.length);
        assign(output.getParam("W"), outW);
        assign(output.getParam("b"), new float[][] {outB});
        return network;
    }

    private static void assign(INDArray param, float[][] values) {
        param.assign(Nd4j.create(values).reshape(param.shape()));
    }

    private void allocate(int steps, int batch) {
        if (steps == this.steps && batch <= capacity) {
            return;
        }
        this.steps = steps;
        this.capacity = Math.max(batch, capacity);
        boolean dropout = keep < 1f;
        for (int l = 0; l < layers.length; l++) {
            layers[l].allocate(steps, capacity, dropout, l == 0);
        }
        int hidden = layers[layers.length - 1].units;
        lastHidden = new float[capacity][hidden];
        outMask = dropout ? new float[capacity][hidden] : null;
        prediction = new float[capacity][outputs];
        outDelta = new float[capacity][outputs];
    }

    /** Forward pass over a batch; returns the loss and leaves the activations for {@link #backward}. */
    private double forward(float[][][] inputs, float[][] targets, boolean training) {
        int batch = inputs.length;
        int channels = inputs[0].length;
        if (channels != layers[0].nIn) {
            throw new IllegalArgumentException("expected " + layers[0].nIn + " channels, got " + channels);
        }
        int stepCount = inputs[0][0].length;
        allocate(stepCount, batch);
        boolean dropout = training && keep < 1f;
        for (int l = 0; l < layers.length; l++) {
            Rnn layer = layers[l];
            for (int t = 0; t < stepCount; t++) {
                for (int b = 0; b < batch; b++) {
                    float[] in = layer.in[t][b];
                    if (l == 0) {
                        for (int j = 0; j < channels; j++) {
                            in[j] = inputs[b][j][t];
                        }
                    } else {
                        System.arraycopy(layers[l - 1].h[t][b], 0, in, 0, layer.nIn);
                        if (dropout) {
                            drop(in, layer.mask[t][b]);
                        }
                    }
                }
            }
            for (int t = 0; t < stepCount; t++) {
                for (int b = 0; b < batch; b++) {
                    step(layer, t, b);
                }
            }        }
        Rnn top = layers[layers.length - 1];
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            float[] hidden = lastHidden[b];
            System.arraycopy(top.h[stepCount - 1][b], 0, hidden, 0, top.units);
            if (dropout) {
                drop(hidden, outMask[b]);
            }
            float[] y = prediction[b];
            System.arraycopy(outB, 0, y, 0, outputs);
            Kernels.accumulate(y, outW, hidden, outputs);
            float[] delta = outDelta[b];
            double squares = 0;
            for (int k = 0; k < outputs; k++) {
                float error = y[k] - targets[b][k];
                squares += (double) error * error;
                delta[k] = 2f * error / (outputs * batch);
            }
            loss += squares / outputs;
        }
        return loss / batch;
    }

    /** Inverted dropout in place: each value kept with probability {@code keep} and scaled by 1/keep. */
    private void drop(float[] values, float[] mask) {
        float scale = 1f / keep;
        for (int j = 0; j < values.length; j++) {
            mask[j] = random.nextDouble() < keep ? scale : 0f;
            values[j] *= mask[j];
        }
    }

    private static void step(Rnn layer, int t, int b) {
        float[] z = layer.act[t][b];
        System.arraycopy(layer.b, 0, z, 0, layer.gates);
        Kernels.accumulate(z, layer.w, layer.in[t][b], layer.gates);
        if (t > 0) {
            Kernels.accumulate(z, layer.rw, layer.h[t - 1][b], layer.gates);
        }
        float[] h = layer.h[t][b];
        int n = layer.units;
        if (layer.lstm) {
            float[] previous = t > 0 ? layer.cell[t - 1][b] : layer.zeros;
            float[] c = layer.cell[t][b];
            float[] ct = layer.cellTanh[t][b];
            // gate activations in place, in DL4J's block order [a, f, o, i]
            Kernels.tanh(z, 0, n);
            Kernels.sigmoid(z, n, 4 * n);
            for (int k = 0; k < n; k++) {
                c[k] = z[n + k] * previous[k] + z[3 * n + k] * z[k];
            }
            for (int k = 0; k < n; k++) {
                float tc = Kernels.tanh(c[k]);
                ct[k] = tc;
                h[k] = z[2 * n + k] * tc;
            }
        } else {
            for (int k = 0; k < n; k++) {
                h[k] = Kernels.tanh(z[k]);
            }
        }
    }

    private void backward(int batch) {
        int hidden = outW.length;
        // output layer: dW = h^T delta, db = sum delta, dh = delta W^T
        zero(outWGrad);
        Arrays.fill(outBGrad, 0f);
        for (int b = 0; b < batch; b++) {
            float[] delta = outDelta[b];
            for (int k = 0; k < outputs; k++) {
                outBGrad[k] += delta[k];
            }
        }
        for (int j = 0; j < hidden; j++) {
            float[] acc = outWGrad[j];
            for (int b = 0; b < batch; b++) {
                float a = lastHidden[b][j];
                float[] delta = outDelta[b];
                for (int k = 0; k < outputs; k++) {
                    acc[k] += a * delta[k];
                }
            }
        }
        float[][] topGrad = new float[batch][hidden];
        for (int b = 0; b < batch; b++) {
            float[] g = topGrad[b];
            float[] delta = outDelta[b];
            for (int j = 0; j < hidden; j++) {
                float[] row = outW[j];
                float s = 0f;
                for (int k = 0; k < outputs; k++) {
                    s += row[k] * delta[k];
                }
                g[j] = outMask != null ? s * outMask[b][j] : s;
            }
        }
        for (int l = layers.length - 1; l >= 0; l--) {
            Rnn layer = layers[l];
            layer.transpose();
            backward(layer, l == layers.length - 1 ? null : layers[l + 1].inGrad, l == layers.length - 1 ? topGrad : null,
                    batch);
        }
    }

    /**
     * Backpropagation through one layer. The gradient arriving at its output is {@code above[t][b]} (the next
     * layer's input gradient) or, for the top layer, {@code last[b]} at the last step only.
     */
    private void backward(Rnn layer, float[][][] above, float[][] last, int batch) {
        int n = layer.units;
        int stepCount = steps;
        float[][] dh = new float[batch][n];
        float[][] dc = new float[batch][n];
        for (int t = stepCount - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                float[] g = dh[b];
                if (above != null) {
                    float[] from = above[t][b];
                    for (int k = 0; k < n; k++) {
                        g[k] += from[k];
                    }
                } else if (t == stepCount - 1) {
                    float[] from = last[b];
                    for (int k = 0; k < n; k++) {
                        g[k] += from[k];
                    }
                }
                float[] delta = layer.delta[t][b];
                if (layer.lstm) {
                    float[] act = layer.act[t][b];
                    float[] ct = layer.cellTanh[t][b];
                    float[] previous = t > 0 ? layer.cell[t - 1][b] : layer.zeros;
                    float[] carry = dc[b];
                    for (int k = 0; k < n; k++) {
                        float a = act[k];
                        float f = act[n + k];
                        float o = act[2 * n + k];
                        float i = act[3 * n + k];
                        float tc = ct[k];
                        float cell = carry[k] + g[k] * o * (1f - tc * tc);
                        delta[k] = cell * i * (1f - a * a);
                        delta[n + k] = cell * previous[k] * f * (1f - f);
                        delta[2 * n + k] = g[k] * tc * o * (1f - o);
                        delta[3 * n + k] = cell * a * i * (1f - i);
                        carry[k] = cell * f;
                    }
                } else {
                    float[] h = layer.h[t][b];
                    for (int k = 0; k < n; k++) {
                        delta[k] = g[k] * (1f - h[k] * h[k]);
                    }
                }
                // gradient for the previous step's output and for this layer's input
                Arrays.fill(g, 0f);
                if (t > 0) {
                    Kernels.accumulate(g, layer.rwT, delta, n);
                }
                if (layer.inGrad != null) {
                    float[] in = layer.inGrad[t][b];
                    Arrays.fill(in, 0f);
                    Kernels.accumulate(in, layer.wT, delta, layer.nIn);
                    if (layer.mask != null) {
                        float[] mask = layer.mask[t][b];
                        for (int j = 0; j < layer.nIn; j++) {
                            in[j] *= mask[j];
                        }
                    }
                }
            }
        }
        weightGradients(layer, batch);
    }

    /** dW = sum over steps and windows of input^T delta, dRW likewise with the previous output, db = sum delta. */
    private void weightGradients(Rnn layer, int batch) {
        int gates = layer.gates;
        zero(layer.wGrad);
        zero(layer.rwGrad);
        Arrays.fill(layer.bGrad, 0f);
        int count = steps * batch;
        float[][] inputs = new float[count][];
        float[][] previous = new float[count - batch][];
        float[][] deltas = new float[count][];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int p = t * batch + b;
                inputs[p] = layer.in[t][b];
                deltas[p] = layer.delta[t][b];
                if (t > 0) {
                    previous[p - batch] = layer.h[t - 1][b];
                }
                float[] delta = deltas[p];
                for (int k = 0; k < gates; k++) {
                    layer.bGrad[k] += delta[k];
                }
            }
        }
        outerSum(layer.wGrad, inputs, deltas, 0, gates);
        outerSum(layer.rwGrad, previous, deltas, batch, gates);
    }

    /** Rows of {@code deltas} per block: a block (32 x gates floats) stays in the L1 cache across every j. */
    private static final int BLOCK = 32;

    /**
     * {@code acc[j][0..n) += sum_p v[p][j] * rows[p + offset][0..n)}: the weight gradient as a sum of outer
     * products, a block of rows at a time so that each {@code acc[j]} is read and written once per block.
     */
    private static void outerSum(float[][] acc, float[][] v, float[][] rows, int offset, int n) {
        float[] coefficients = new float[BLOCK];
        for (int p0 = 0; p0 < v.length; p0 += BLOCK) {
            int size = Math.min(BLOCK, v.length - p0);
            float[][] block = Arrays.copyOfRange(rows, offset + p0, offset + p0 + size);
            float[] c = size == BLOCK ? coefficients : new float[size];
            for (int j = 0; j < acc.length; j++) {
                for (int p = 0; p < size; p++) {
                    c[p] = v[p0 + p][j];
                }
                Kernels.accumulate(acc[j], block, c, n);
            }
        }
    }

    private static void zero(float[][] rows) {
        for (float[] row : rows) {
            Arrays.fill(row, 0f);
        }
    }

    /** Element-wise clipping, then Adam with bias correction, as DL4J's AdamUpdater does. */
    private void update() {
        iteration++;
        double beta1t = 1.0 - Math.pow(beta1, iteration);
        double beta2t = 1.0 - Math.pow(beta2, iteration);
        float alpha = (float) (learningRate * Math.sqrt(beta2t) / beta1t);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float eps = (float) epsilon;
        for (int p = 0; p < params.size(); p++) {
            float[] param = params.get(p);
            float[] grad = grads.get(p);
            float[] m = firstMoments.get(p);
            float[] v = secondMoments.get(p);
            for (int k = 0; k < param.length; k++) {
                float g = Math.max(-clip, Math.min(clip, grad[k]));
                m[k] = b1 * m[k] + (1f - b1) * g;
                v[k] = b2 * v[k] + (1f - b2) * g * g;
                param[k] -= alpha * m[k] / ((float) Math.sqrt(v[k]) + eps);
            }
        }
    }
}
