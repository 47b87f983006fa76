package io.foresight.model;

import java.util.Arrays;

import io.foresight.model.RecurrentInference.Cell;
import io.foresight.model.RecurrentInference.Recurrent;

/**
 * One recurrent layer of a {@link RecurrentTraining}: its parameters and gradients, the activations of the current
 * batch, its forward step and its backpropagation through time (the equations are in {@link RecurrentTraining}).
 */
final class RecurrentLayerTraining {

    final Cell kind;
    final boolean lstm;
    final boolean gru;
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
    /** GRU: h' RW of the current step. */
    private final float[] recurrentScratch;
    /** The cell state before the first step. */
    final float[] zeros;
    /** Per [step][window]: the input (after dropout), gate activations, cell, tanh(cell), output, delta. */
    float[][][] in;
    float[][][] act;
    float[][][] cell;
    float[][][] cellTanh;
    float[][][] h;
    float[][][] delta;
    /**
     * GRU only: the recurrent product's candidate block h' RW_c per [step][window], and the deltas of the recurrent
     * pre-activations [r, u, r * dc] (for RW and h'); for the other cells {@code deltaRecurrent == delta}.
     */
    float[][][] recurrentCandidate;
    float[][][] deltaRecurrent;
    /** Dropout mask on the input (0 or 1/keep), or null. */
    float[][][] mask;
    /** Gradient with respect to this layer's input, [step][window][nIn] (only above the first layer). */
    float[][][] inGrad;

    RecurrentLayerTraining(Recurrent r) {
        kind = r.cell();
        lstm = kind == Cell.LSTM;
        gru = kind == Cell.GRU;
        recurrentScratch = gru ? new float[r.gates()] : null;
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
        recurrentCandidate = gru ? new float[steps][batch][units] : null;
        deltaRecurrent = gru ? new float[steps][batch][gates] : delta;
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

    /** One forward step of window {@code b} at step {@code t}: gate activations, cell and output. */
    void step(int t, int b) {
        float[] z = this.act[t][b];
        System.arraycopy(this.b, 0, z, 0, this.gates);
        Kernels.accumulate(z, this.w, this.in[t][b], this.gates);
        if (this.gru) {
            float[] zh = this.recurrentScratch;
            Arrays.fill(zh, 0f);
            float[] h = this.h[t][b];
            if (t > 0) {
                Kernels.accumulate(zh, this.rw, this.h[t - 1][b], this.gates);
                System.arraycopy(this.h[t - 1][b], 0, h, 0, this.units);
            } else {
                Arrays.fill(h, 0f);
            }
            System.arraycopy(zh, 2 * this.units, this.recurrentCandidate[t][b], 0, this.units);
            RecurrentInference.gru(z, zh, h, this.units);
            return;
        }
        if (t > 0) {
            Kernels.accumulate(z, this.rw, this.h[t - 1][b], this.gates);
        }
        float[] h = this.h[t][b];
        int n = this.units;
        if (this.lstm) {
            float[] previous = t > 0 ? this.cell[t - 1][b] : this.zeros;
            float[] c = this.cell[t][b];
            float[] ct = this.cellTanh[t][b];
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

    /**
     * Backpropagation through one layer. The gradient arriving at its output is {@code above[t][b]} (the next
     * layer's input gradient) or, for the top layer, {@code last[b]} at the last step only; {@code t} counts the
     * steps in the order this layer read them (backwards for a bidirectional network's backward layer).
     */
    void backward(float[][][] above, float[][] last, int batch, int steps) {
        int n = this.units;
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
                float[] delta = this.delta[t][b];
                float[] direct = null;
                if (this.gru) {
                    // h = u h' + (1 - u) c, c = tanh(zx_c + r zh_c), r and u sigmoids of zx + zh
                    float[] act = this.act[t][b];
                    float[] previous = t > 0 ? this.h[t - 1][b] : this.zeros;
                    float[] candidate = this.recurrentCandidate[t][b];
                    float[] rec = this.deltaRecurrent[t][b];
                    direct = new float[n];
                    for (int k = 0; k < n; k++) {
                        float r = act[k];
                        float u = act[n + k];
                        float c = act[2 * n + k];
                        float dcandidate = g[k] * (1f - u) * (1f - c * c);
                        float dr = dcandidate * candidate[k] * r * (1f - r);
                        float du = g[k] * (previous[k] - c) * u * (1f - u);
                        delta[k] = dr;
                        delta[n + k] = du;
                        delta[2 * n + k] = dcandidate;
                        rec[k] = dr;
                        rec[n + k] = du;
                        rec[2 * n + k] = dcandidate * r;
                        direct[k] = g[k] * u;
                    }
                } else if (this.lstm) {
                    float[] act = this.act[t][b];
                    float[] ct = this.cellTanh[t][b];
                    float[] previous = t > 0 ? this.cell[t - 1][b] : this.zeros;
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
                    float[] h = this.h[t][b];
                    for (int k = 0; k < n; k++) {
                        delta[k] = g[k] * (1f - h[k] * h[k]);
                    }
                }
                // gradient for the previous step's output and for this layer's input
                Arrays.fill(g, 0f);
                if (t > 0) {
                    Kernels.accumulate(g, this.rwT, this.deltaRecurrent[t][b], n);
                    if (direct != null) {
                        for (int k = 0; k < n; k++) {
                            g[k] += direct[k];
                        }
                    }
                }
                if (this.inGrad != null) {
                    float[] in = this.inGrad[t][b];
                    Arrays.fill(in, 0f);
                    Kernels.accumulate(in, this.wT, delta, this.nIn);
                    if (this.mask != null) {
                        float[] mask = this.mask[t][b];
                        for (int j = 0; j < this.nIn; j++) {
                            in[j] *= mask[j];
                        }
                    }
                }
            }
        }
        weightGradients(batch, steps);
    }

    /** dW = sum over steps and windows of input^T delta, dRW likewise with the previous output, db = sum delta. */
    private void weightGradients(int batch, int steps) {
        int gates = this.gates;
        zero(this.wGrad);
        zero(this.rwGrad);
        Arrays.fill(this.bGrad, 0f);
        int count = steps * batch;
        float[][] inputs = new float[count][];
        float[][] previous = new float[count - batch][];
        float[][] deltas = new float[count][];
        float[][] recurrentDeltas = new float[count][];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int p = t * batch + b;
                inputs[p] = this.in[t][b];
                deltas[p] = this.delta[t][b];
                recurrentDeltas[p] = this.deltaRecurrent[t][b];
                if (t > 0) {
                    previous[p - batch] = this.h[t - 1][b];
                }
                float[] delta = deltas[p];
                for (int k = 0; k < gates; k++) {
                    this.bGrad[k] += delta[k];
                }
            }
        }
        outerSum(this.wGrad, inputs, deltas, 0, gates);
        outerSum(this.rwGrad, previous, recurrentDeltas, batch, gates);
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

    static void zero(float[][] rows) {
        for (float[] row : rows) {
            Arrays.fill(row, 0f);
        }
    }
}
