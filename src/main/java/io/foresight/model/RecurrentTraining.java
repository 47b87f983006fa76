package io.foresight.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

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
 * and per GRU step with {@code h = u*h' + (1-u)*c, c = tanh(zx_c + r*zh_c)} (OwnNetwork):
 * <pre>
 *   dz_c = dh*(1-u)*(1-c^2)   dz_u = dh*(h'-c)*u*(1-u)   dz_r = dz_c*zh_c*r*(1-r)
 *   input side [dz_r, dz_u, dz_c] for W, b and dx;   recurrent side [dz_r, dz_u, dz_c*r] for RW and dh' (+ dh*u)
 * </pre>
 * A bidirectional level's backward layer runs the same equations over the reversed sequence; the gradient reaching
 * a level's output at step t goes to its forward layer's step t and its backward layer's step T-1-t.
 * Dropout (DL4J's: on the input of every layer but the first, inverted, kept with probability {@code 1 - p})
 * draws its masks from its own seeded generator, so a training is reproducible but not DL4J's bit for bit.
 * Not thread-safe: one instance per training.
 */
public final class RecurrentTraining {

    private final Network network;
    private final RecurrentLayerTraining[] layers;
    /** 1, or 2 for a bidirectional network: {@code layers[2l]} reads level l forwards, {@code layers[2l + 1]} backwards. */
    private final int directions;
    private final int levels;
    /** The output layer: W [hidden x outputs] (flat, row-major), its transpose, b, and their gradients. */
    private final float[] outW;
    private final float[] outWT;
    private final float[] outB;
    private final float[] outWGrad;
    private final float[] outBGrad;
    private final int outputs;
    private final int hidden;
    private final float keep;
    private final AdamStep adam;
    private final SplittableRandom random;

    // activations of the current batch, sized for (steps, batch) on first use
    private int steps = -1;
    private int capacity = -1;
    /** Per window [batch x hidden] or [batch x outputs]. */
    private float[] lastHidden;
    private float[] outMask;
    private float[] prediction;
    private float[] outDelta;
    private float[] topGrad;
    /** A bidirectional level's output gradients, split per direction [steps * batch x units]. */
    private float[] aboveForward;
    private float[] aboveBackward;

    private RecurrentTraining(Network network, RecurrentInference.Parsed parsed, double dropout, AdamStep adam, long seed) {
        this.network = network;
        this.directions = parsed.directions();
        this.levels = parsed.layers().length / directions;
        this.adam = adam;
        this.layers = new RecurrentLayerTraining[parsed.layers().length];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new RecurrentLayerTraining(parsed.layers()[i]);
            this.adam.register(layers[i].w, layers[i].wGrad);
            this.adam.register(layers[i].rw, layers[i].rwGrad);
            this.adam.register(layers[i].b, layers[i].bGrad);
        }
        this.outputs = parsed.outB().length;
        this.hidden = parsed.outW().length;
        this.outW = RecurrentLayerTraining.flatten(parsed.outW(), outputs);
        this.outB = parsed.outB().clone();
        this.outWT = new float[outputs * hidden];
        this.outWGrad = new float[hidden * outputs];
        this.outBGrad = new float[outputs];
        this.adam.register(outW, outWGrad);
        this.adam.register(outB, outBGrad);
        this.keep = (float) (1.0 - dropout);
        this.random = new SplittableRandom(seed);
    }

    /** Which implementation of the matrix products and element-wise kernels runs (Vector API or plain loops). */
    public static String kernels() {
        return Kernels.description();
    }

    /**
     * A trainer that starts from {@code network}'s current parameters. {@code dropout} is the probability of
     * dropping an activation, as in {@link TrainingSettings#dropout}.
     *
     * @throws IllegalArgumentException when the network is not of {@link Networks#build}'s shape (stacked
     *                                  LSTM/SimpleRnn, Adam, no regularisation, at most element-wise clipping)
     */
    public static RecurrentTraining of(Network network, double dropout, long seed) {
        if (network instanceof OwnNetwork own) {
            return new RecurrentTraining(own, own.weights(), dropout,
                    new AdamStep(own.adam(), (float) own.configuration().gradientClip()), seed);
        }
        return of(((Network.Dl4j) network).network(), dropout, seed);
    }

    /** {@link #of(Network, double, long)} for a DL4J network. */
    public static RecurrentTraining of(MultiLayerNetwork network, double dropout, long seed) {
        RecurrentInference.Parsed parsed = RecurrentInference.parse(network)
                .orElseThrow(() -> new IllegalArgumentException("not a network of Networks.build's shape"));
        return new RecurrentTraining(new Network.Dl4j(network), parsed, dropout, AdamStep.of(network), seed);
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
        adam.update();
        return loss;
    }

    /**
     * The gradients of the batch's loss (no step taken), keyed as DL4J's {@code Gradient} keys them
     * ("0_W", "0_RW", "0_b", ..., then the output layer's W and b; a bidirectional level's as DL4J's Bidirectional
     * layer keys them, "0_fW", ..., "0_bW", ...), for tests against a reference's gradients.
     */
    Map<String, float[][]> gradients(float[][][] inputs, float[][] targets) {
        forward(inputs, targets, true);
        backward(inputs.length);
        Map<String, float[][]> gradients = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            String key = directions == 1 ? i + "_" : i / 2 + (i % 2 == 0 ? "_f" : "_b");
            RecurrentLayerTraining l = layers[i];
            gradients.put(key + "W", RecurrentLayerTraining.rows(l.wGrad, l.nIn, l.gates));
            gradients.put(key + "RW", RecurrentLayerTraining.rows(l.rwGrad, l.units, l.gates));
            gradients.put(key + "b", new float[][] {l.bGrad.clone()});
        }
        gradients.put(levels + "_W", RecurrentLayerTraining.rows(outWGrad, hidden, outputs));
        gradients.put(levels + "_b", new float[][] {outBGrad.clone()});
        return gradients;
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
        return adam.snapshot();
    }

    public void restore(float[][] snapshot) {
        adam.restore(snapshot);
    }

    /**
     * The network with the current parameters: a DL4J network this trainer was made from gets them written into it
     * (and is returned); an {@link OwnNetwork} is immutable, so a new one is returned.
     */
    public Network network() {
        RecurrentInference.Recurrent[] current = new RecurrentInference.Recurrent[layers.length];
        for (int i = 0; i < layers.length; i++) {
            current[i] = layers[i].parameters();
        }
        RecurrentInference.Parsed parameters = new RecurrentInference.Parsed(current, directions,
                RecurrentLayerTraining.rows(outW, hidden, outputs), outB.clone());
        if (network instanceof OwnNetwork own) {
            return own.with(parameters);
        }
        RecurrentInference.write(parameters, ((Network.Dl4j) network).network());
        return network;
    }

    private void allocate(int steps, int batch) {
        if (steps == this.steps && batch <= capacity) {
            return;
        }
        this.steps = steps;
        this.capacity = Math.max(batch, capacity);
        boolean dropout = keep < 1f;
        int widest = 0;
        for (int l = 0; l < layers.length; l++) {
            layers[l].allocate(steps, capacity, dropout, l == 0);
            widest = Math.max(widest, layers[l].units);
        }
        lastHidden = new float[capacity * hidden];
        outMask = dropout ? new float[capacity * hidden] : null;
        prediction = new float[capacity * outputs];
        outDelta = new float[capacity * outputs];
        topGrad = new float[capacity * hidden];
        if (directions == 2) {
            aboveForward = new float[steps * capacity * widest];
            aboveBackward = new float[steps * capacity * widest];
        }
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
        for (RecurrentLayerTraining layer : layers) {
            layer.batch(batch);
        }
        boolean dropout = training && keep < 1f;
        for (int level = 0; level < levels; level++) {
            if (directions == 1) {
                RecurrentLayerTraining layer = layers[level];
                int nIn = layer.nIn;
                float[] in = layer.in;
                if (level == 0) {
                    for (int t = 0; t < stepCount; t++) {
                        for (int b = 0; b < batch; b++) {
                            int row = (t * batch + b) * nIn;
                            for (int j = 0; j < channels; j++) {
                                in[row + j] = inputs[b][j][t];
                            }
                        }
                    }
                } else {
                    int count = stepCount * batch * nIn;
                    System.arraycopy(layers[level - 1].h, 0, in, 0, count);
                    if (dropout) {
                        drop(in, 0, layer.mask, 0, count);
                    }
                }
            } else {
                bidirectionalInputs(level, inputs, stepCount, batch, dropout);
            }
            for (int d = 0; d < directions; d++) {
                RecurrentLayerTraining layer = layers[level * directions + d];
                layer.inputProduct(stepCount);
                for (int t = 0; t < stepCount; t++) {
                    layer.step(t);
                }
            }
        }
        int units = layers[layers.length - 1].units;
        int lastRow = (stepCount - 1) * batch;
        for (int d = 0; d < directions; d++) {
            // each direction's state after reading the whole window: the backward one's last step is time 0
            float[] h = layers[layers.length - directions + d].h;
            for (int b = 0; b < batch; b++) {
                System.arraycopy(h, (lastRow + b) * units, lastHidden, b * hidden + d * units, units);
            }
        }
        if (dropout) {
            drop(lastHidden, 0, outMask, 0, batch * hidden);
        }
        Kernels.multiply(batch, outputs, hidden, lastHidden, 0, hidden, 1, outW, 0, outputs, prediction, 0, outputs, outB,
                false);
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int o = b * outputs;
            double squares = 0;
            for (int k = 0; k < outputs; k++) {
                float error = prediction[o + k] - targets[b][k];
                squares += (double) error * error;
                outDelta[o + k] = 2f * error / (outputs * batch);
            }
            loss += squares / outputs;
        }
        return loss / batch;
    }

    /**
     * A bidirectional level's inputs: the forward layer reads step t of the level's input, the backward layer step
     * T-1-t; above level 0 that input is [forward h(t), backward h(t)] of the level below, with one dropout mask for
     * both directions.
     */
    private void bidirectionalInputs(int level, float[][][] inputs, int stepCount, int batch, boolean dropout) {
        RecurrentLayerTraining forward = layers[2 * level];
        RecurrentLayerTraining backward = layers[2 * level + 1];
        int nIn = forward.nIn;
        for (int t = 0; t < stepCount; t++) {
            int s = stepCount - 1 - t;
            for (int b = 0; b < batch; b++) {
                int row = (t * batch + b) * nIn;
                int mirror = (s * batch + b) * nIn;
                float[] in = forward.in;
                if (level == 0) {
                    for (int j = 0; j < nIn; j++) {
                        in[row + j] = inputs[b][j][t];
                    }
                } else {
                    RecurrentLayerTraining belowForward = layers[2 * level - 2];
                    RecurrentLayerTraining belowBackward = layers[2 * level - 1];
                    int n = belowForward.units;
                    System.arraycopy(belowForward.h, (t * batch + b) * n, in, row, n);
                    System.arraycopy(belowBackward.h, (s * batch + b) * n, in, row + n, n);
                    if (dropout) {
                        drop(in, row, forward.mask, row, nIn);
                        System.arraycopy(forward.mask, row, backward.mask, mirror, nIn);
                    }
                }
                System.arraycopy(in, row, backward.in, mirror, nIn);
            }
        }
    }

    /** Inverted dropout in place: each value kept with probability {@code keep} and scaled by 1/keep. */
    private void drop(float[] values, int from, float[] mask, int maskFrom, int count) {
        float scale = 1f / keep;
        for (int j = 0; j < count; j++) {
            float m = random.nextDouble() < keep ? scale : 0f;
            mask[maskFrom + j] = m;
            values[from + j] *= m;
        }
    }

    private void backward(int batch) {
        // output layer: dW = h^T delta, db = sum delta, dh = delta W^T
        Kernels.multiply(hidden, outputs, batch, lastHidden, 0, 1, hidden, outDelta, 0, outputs, outWGrad, 0, outputs, null,
                false);
        Arrays.fill(outBGrad, 0f);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < outputs; k++) {
                outBGrad[k] += outDelta[b * outputs + k];
            }
        }
        for (int j = 0; j < hidden; j++) {
            for (int k = 0; k < outputs; k++) {
                outWT[k * hidden + j] = outW[j * outputs + k];
            }
        }
        Kernels.multiply(batch, hidden, outputs, outDelta, 0, outputs, 1, outWT, 0, hidden, topGrad, 0, hidden, null, false);
        if (outMask != null) {
            for (int k = 0; k < batch * hidden; k++) {
                topGrad[k] *= outMask[k];
            }
        }
        if (directions == 1) {
            for (int l = layers.length - 1; l >= 0; l--) {
                RecurrentLayerTraining layer = layers[l];
                layer.transpose();
                if (l == layers.length - 1) {
                    layer.backward(null, topGrad, 0, hidden, steps);
                } else {
                    layer.backward(layers[l + 1].inGrad, null, 0, 0, steps);
                }
            }
            return;
        }
        for (int level = levels - 1; level >= 0; level--) {
            RecurrentLayerTraining forward = layers[2 * level];
            RecurrentLayerTraining backward = layers[2 * level + 1];
            int n = forward.units;
            forward.transpose();
            backward.transpose();
            if (level == levels - 1) {
                forward.backward(null, topGrad, 0, hidden, steps);
                backward.backward(null, topGrad, n, hidden, steps);
                continue;
            }
            // the level above read [forward h(t), backward h(t)] at its forward step t and backward step T-1-t
            RecurrentLayerTraining upForward = layers[2 * level + 2];
            RecurrentLayerTraining upBackward = layers[2 * level + 3];
            for (int t = 0; t < steps; t++) {
                int s = steps - 1 - t;
                for (int b = 0; b < batch; b++) {
                    int fromForward = (t * batch + b) * 2 * n;
                    int fromBackward = (s * batch + b) * 2 * n;
                    int toForward = (t * batch + b) * n;
                    int toBackward = (s * batch + b) * n;
                    for (int k = 0; k < n; k++) {
                        aboveForward[toForward + k] = upForward.inGrad[fromForward + k] + upBackward.inGrad[fromBackward + k];
                        aboveBackward[toBackward + k] = upForward.inGrad[fromForward + n + k]
                                + upBackward.inGrad[fromBackward + n + k];
                    }
                }
            }
            forward.backward(aboveForward, null, 0, 0, steps);
            backward.backward(aboveBackward, null, 0, 0, steps);
        }
    }

}
