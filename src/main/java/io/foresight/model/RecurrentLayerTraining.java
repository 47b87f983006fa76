package io.foresight.model;

import java.util.Arrays;

import io.foresight.model.RecurrentInference.Cell;
import io.foresight.model.RecurrentInference.Recurrent;

/**
 * One recurrent layer of a {@link RecurrentTraining}: its parameters and gradients, the activations of the current
 * batch, its forward step and its backpropagation through time (the equations are in {@link RecurrentTraining}).
 *
 * <p>Everything is a flat row-major float array, batch-major: the activations of window {@code b} at step {@code t}
 * are row {@code t * batch + b}, so a step's rows for the whole batch are contiguous and every product is one
 * {@link Kernels#multiply}: per step {@code Z_t = X_t W + H_{t-1} RW + b} and {@code dH_{t-1} = dZ_t RW^T}, and once
 * per batch, over all steps' rows, {@code dX = dZ W^T}, {@code dW = X^T dZ}, {@code dRW = H^T dZ} and
 * {@code db = 1^T dZ}. The buffers are
 * allocated once for the largest batch; a step allocates nothing.
 */
final class RecurrentLayerTraining {

    final Cell kind;
    final boolean lstm;
    final boolean gru;
    final int nIn;
    final int units;
    final int gates;
    /** Parameters and their gradients: W [nIn x gates], RW [units x gates], b [gates]. */
    final float[] w;
    final float[] rw;
    final float[] b;
    final float[] wGrad;
    final float[] rwGrad;
    final float[] bGrad;
    /** Transposed weights for the backward pass: [gates x nIn], [gates x units]. */
    private final float[] wT;
    private final float[] rwT;
    /** The cell state before the first step. */
    private final float[] zeros;
    /** Rows per step of the current batch. */
    private int batch;
    /** Per row (step, window): the input (after dropout), gate activations, cell, tanh(cell), output, delta. */
    float[] in;
    float[] act;
    private float[] cell;
    private float[] cellTanh;
    float[] h;
    private float[] delta;
    /**
     * GRU only: the recurrent product's candidate block h' RW_c per row, and the deltas of the recurrent
     * pre-activations [r, u, r * dc] (for RW and h'); for the other cells {@code deltaRecurrent == delta}.
     */
    private float[] recurrentCandidate;
    private float[] deltaRecurrent;
    /** Dropout mask on the input (0 or 1/keep), or null. */
    float[] mask;
    /** Gradient with respect to this layer's input, [rows x nIn] (only above the first layer). */
    float[] inGrad;
    /** Per window of the current step: output and cell gradient carried backwards; GRU: h' RW and dh*u. */
    private float[] dh;
    private float[] dc;
    private float[] recurrentScratch;
    private float[] direct;
    /** A row of ones, one per row of the batch's steps: the bias gradient is {@code 1^T delta}. */
    private float[] ones;

    RecurrentLayerTraining(Recurrent r) {
        kind = r.cell();
        lstm = kind == Cell.LSTM;
        gru = kind == Cell.GRU;
        nIn = r.nIn();
        units = r.units();
        gates = r.gates();
        w = flatten(r.w(), gates);
        rw = flatten(r.rw(), gates);
        b = r.b().clone();
        wGrad = new float[nIn * gates];
        rwGrad = new float[units * gates];
        bGrad = new float[gates];
        wT = new float[gates * nIn];
        rwT = new float[gates * units];
        zeros = new float[units];
    }

    /** The layer's current parameters as {@link RecurrentInference}'s rows (copies). */
    Recurrent parameters() {
        return new Recurrent(kind, nIn, units, rows(w, nIn, gates), rows(rw, units, gates), b.clone());
    }

    static float[] flatten(float[][] rows, int width) {
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    static float[][] rows(float[] flat, int count, int width) {
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return rows;
    }

    void allocate(int steps, int capacity, boolean dropout, boolean first) {
        int rows = steps * capacity;
        in = new float[rows * nIn];
        act = new float[rows * gates];
        cell = lstm ? new float[rows * units] : null;
        cellTanh = lstm ? new float[rows * units] : null;
        h = new float[rows * units];
        delta = new float[rows * gates];
        recurrentCandidate = gru ? new float[rows * units] : null;
        deltaRecurrent = gru ? new float[rows * gates] : delta;
        mask = dropout && !first ? new float[rows * nIn] : null;
        inGrad = first ? null : new float[rows * nIn];
        dh = new float[capacity * units];
        dc = new float[capacity * units];
        recurrentScratch = gru ? new float[capacity * gates] : null;
        direct = gru ? new float[capacity * units] : null;
        ones = new float[rows];
        Arrays.fill(ones, 1f);
    }

    /** Sets the rows per step of the batch about to run (at most the capacity allocated). */
    void batch(int batch) {
        this.batch = batch;
    }

    void transpose() {
        transpose(w, wT, nIn, gates);
        transpose(rw, rwT, units, gates);
    }

    private static void transpose(float[] from, float[] to, int rows, int columns) {
        for (int j = 0; j < rows; j++) {
            for (int k = 0; k < columns; k++) {
                to[k * rows + j] = from[j * columns + k];
            }
        }
    }

    /** The input side of every step's pre-activations at once, {@code Z = X W + b}, before the recurrence. */
    void inputProduct(int steps) {
        Kernels.multiply(steps * batch, gates, nIn, in, 0, nIn, 1, w, 0, gates, act, 0, gates, b, false);
    }

    /**
     * One forward step of the whole batch at step {@code t} (after {@link #inputProduct}): the recurrent product,
     * gate activations, cells and outputs.
     */
    void step(int t) {
        int n = units;
        int r0 = t * batch;
        int previous = r0 - batch;
        if (gru) {
            float[] zh = recurrentScratch;
            if (t > 0) {
                Kernels.multiply(batch, gates, n, h, previous * n, n, 1, rw, 0, gates, zh, 0, gates, null, false);
                System.arraycopy(h, previous * n, h, r0 * n, batch * n);
            } else {
                Arrays.fill(zh, 0, batch * gates, 0f);
                Arrays.fill(h, r0 * n, (r0 + batch) * n, 0f);
            }
            for (int i = 0; i < batch; i++) {
                System.arraycopy(zh, i * gates + 2 * n, recurrentCandidate, (r0 + i) * n, n);
                Kernels.gru(act, (r0 + i) * gates, zh, i * gates, h, (r0 + i) * n, n);
            }
            return;
        }
        if (t > 0) {
            Kernels.multiply(batch, gates, n, h, previous * n, n, 1, rw, 0, gates, act, r0 * gates, gates, null, true);
        }
        if (lstm) {
            // gate activations in place, in DL4J's block order [a, f, o, i]
            for (int i = 0; i < batch; i++) {
                int row = r0 + i;
                Kernels.lstmCell(act, row * gates, t > 0 ? cell : zeros, t > 0 ? (previous + i) * n : 0, cell, row * n,
                        cellTanh, h, row * n, n);
            }
        } else {
            System.arraycopy(act, r0 * gates, h, r0 * n, batch * n);
            Kernels.tanh(h, r0 * n, (r0 + batch) * n);
        }
    }

    /**
     * Backpropagation through one layer. The gradient arriving at its output is {@code above} (row t * batch + b, n
     * wide: the next layer's input gradient) or, for the top layer, {@code last} at the last step only (window b's
     * at {@code last[lastOffset + b * lastStride]}); {@code t} counts the steps in the order this layer read them
     * (backwards for a bidirectional network's backward layer).
     */
    void backward(float[] above, float[] last, int lastOffset, int lastStride, int steps) {
        int n = units;
        int width = batch * n;
        float[] g = dh;
        Arrays.fill(g, 0, width, 0f);
        Arrays.fill(dc, 0, width, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            int r0 = t * batch;
            if (above != null) {
                int from = r0 * n;
                for (int k = 0; k < width; k++) {
                    g[k] += above[from + k];
                }
            } else if (t == steps - 1) {
                for (int i = 0; i < batch; i++) {
                    int from = lastOffset + i * lastStride;
                    for (int k = 0; k < n; k++) {
                        g[i * n + k] += last[from + k];
                    }
                }
            }
            for (int i = 0; i < batch; i++) {
                int row = r0 + i;
                int go = i * n;
                int ao = row * gates;
                if (gru) {
                    // h = u h' + (1 - u) c, c = tanh(zx_c + r zh_c), r and u sigmoids of zx + zh
                    float[] previous = t > 0 ? h : zeros;
                    int po = t > 0 ? (row - batch) * n : 0;
                    for (int k = 0; k < n; k++) {
                        float r = act[ao + k];
                        float u = act[ao + n + k];
                        float c = act[ao + 2 * n + k];
                        float gk = g[go + k];
                        float dcandidate = gk * (1f - u) * (1f - c * c);
                        float dr = dcandidate * recurrentCandidate[row * n + k] * r * (1f - r);
                        float du = gk * (previous[po + k] - c) * u * (1f - u);
                        delta[ao + k] = dr;
                        delta[ao + n + k] = du;
                        delta[ao + 2 * n + k] = dcandidate;
                        deltaRecurrent[ao + k] = dr;
                        deltaRecurrent[ao + n + k] = du;
                        deltaRecurrent[ao + 2 * n + k] = dcandidate * r;
                        direct[go + k] = gk * u;
                    }
                } else if (lstm) {
                    Kernels.lstmDelta(g, go, dc, act, ao, cellTanh, row * n, t > 0 ? cell : zeros,
                            t > 0 ? (row - batch) * n : 0, delta, n);
                } else {
                    for (int k = 0; k < n; k++) {
                        float hk = h[row * n + k];
                        delta[ao + k] = g[go + k] * (1f - hk * hk);
                    }
                }
            }
            // gradient for the previous step's output
            if (t > 0) {
                Kernels.multiply(batch, n, gates, deltaRecurrent, r0 * gates, gates, 1, rwT, 0, n, g, 0, n, null, false);
                if (gru) {
                    for (int k = 0; k < width; k++) {
                        g[k] += direct[k];
                    }
                }
            }
        }
        int rows = steps * batch;
        if (inGrad != null) {
            // gradient for this layer's input, every step at once
            Kernels.multiply(rows, nIn, gates, delta, 0, gates, 1, wT, 0, nIn, inGrad, 0, nIn, null, false);
            if (mask != null) {
                for (int k = 0; k < rows * nIn; k++) {
                    inGrad[k] *= mask[k];
                }
            }
        }
        weightGradients(rows);
    }

    /** dW = sum over steps and windows of input^T delta, dRW likewise with the previous output, db = sum delta. */
    private void weightGradients(int rows) {
        Kernels.multiply(nIn, gates, rows, in, 0, 1, nIn, delta, 0, gates, wGrad, 0, gates, null, false);
        // the previous output of rows batch.. is row - batch; step 0 has none
        Kernels.multiply(units, gates, rows - batch, h, 0, 1, units, deltaRecurrent, batch * gates, gates, rwGrad, 0,
                gates, null, false);
        // db = 1^T delta, one more product (the Vector API kernel adds the rows in order: 1 * x + s is x + s exactly)
        Kernels.multiply(1, gates, rows, ones, 0, 0, 1, delta, 0, gates, bGrad, 0, gates, null, false);
    }
}
