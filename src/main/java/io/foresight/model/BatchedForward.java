package io.foresight.model;

/**
 * {@link RecurrentInference}'s forward pass, over many windows at once (one window is a batch of one): at each step
 * every window's gate sums are accumulated while a block of four weight rows is in cache, instead of the whole weight
 * matrix being read again for each window. The sums are the same expressions in the same order as
 * {@link Kernels#accumulate} for one window, so a window's output does not depend on the batch it ran in
 * (BatchedForwardTest).
 */
final class BatchedForward {

    /** Windows run together (8, 16 and 64 measured: 14 %, 14 % and 8 % faster than one at a time on 470 windows). */
    static final int CHUNK = 16;

    private BatchedForward() {
    }

    /**
     * Outputs for encoded inputs [window][channel][step], every window of the same length, through {@code layers}
     * ({@code directions} per level) and the output layer {@code outW}, {@code outB}.
     */
    static float[][] predict(RecurrentInference.Recurrent[] layers, int directions, int channels, float[][] outW,
            float[] outB, float[][][] inputs) {
        float[][] out = new float[inputs.length][];
        for (int from = 0; from < inputs.length; from += CHUNK) {
            int batch = Math.min(CHUNK, inputs.length - from);
            chunk(layers, directions, channels, outW, outB, inputs, from, batch, out);
        }
        return out;
    }

    private static void chunk(RecurrentInference.Recurrent[] layers, int directions, int channels, float[][] outW,
            float[] outB, float[][][] inputs, int from, int batch, float[][] out) {
        int steps = inputs[from][0].length;
        float[][][] sequence = new float[batch][steps][channels];
        for (int b = 0; b < batch; b++) {
            float[][] input = inputs[from + b];
            if (input.length != channels) {
                throw new IllegalArgumentException("expected " + channels + " channels, got " + input.length);
            }
            for (int j = 0; j < channels; j++) {
                if (input[j].length != steps) {
                    throw new IllegalArgumentException("windows of different lengths in one batch");
                }
                for (int t = 0; t < steps; t++) {
                    sequence[b][t][j] = input[j][t];
                }
            }
        }
        int levels = layers.length / directions;
        float[][] summary = null;
        for (int level = 0; level < levels; level++) {
            boolean keepSequence = level < levels - 1;
            int units = layers[level * directions].units();
            float[][][] next = keepSequence ? new float[batch][steps][units * directions] : null;
            summary = new float[batch][units * directions];
            for (int d = 0; d < directions; d++) {
                float[][] h = run(layers[level * directions + d], sequence, d == 1, next, d * units);
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(h[b], 0, summary[b], d * units, units);
                }
            }
            sequence = next;
        }
        for (int b = 0; b < batch; b++) {
            float[] y = outB.clone();
            Kernels.accumulate(y, outW, summary[b], outB.length);
            out[from + b] = y;
        }
    }

    /**
     * Runs one layer over every window of {@code sequence} [window][step][feature] (backwards when {@code reverse}),
     * writing its output at each step t into {@code next[window][t][offset..offset + units)} when {@code next} is given,
     * and returns each window's state after the last step it read.
     */
    private static float[][] run(RecurrentInference.Recurrent layer, float[][][] sequence, boolean reverse,
            float[][][] next, int offset) {
        int batch = sequence.length;
        int steps = sequence[0].length;
        int units = layer.units();
        int gates = layer.gates();
        float[][] h = new float[batch][units];
        float[][] c = new float[batch][units];
        float[][] z = new float[batch][gates];
        float[][] zh = layer.cell() == RecurrentInference.Cell.GRU ? new float[batch][gates] : null;
        float[][] in = new float[batch][];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            for (int b = 0; b < batch; b++) {
                in[b] = sequence[b][t];
                System.arraycopy(layer.b(), 0, z[b], 0, gates);
            }
            accumulate(z, layer.w(), in, gates);
            switch (layer.cell()) {
                case LSTM -> {
                    if (s > 0) {
                        accumulate(z, layer.rw(), h, gates);
                    }
                    for (int b = 0; b < batch; b++) {
                        float[] zb = z[b];
                        float[] cb = c[b];
                        float[] hb = h[b];
                        Kernels.tanh(zb, 0, units);
                        Kernels.sigmoid(zb, units, gates);
                        for (int k = 0; k < units; k++) {
                            float cell = zb[units + k] * cb[k] + zb[3 * units + k] * zb[k];
                            cb[k] = cell;
                            hb[k] = zb[2 * units + k] * Kernels.tanh(cell);
                        }
                    }
                }
                case SIMPLE_RNN -> {
                    if (s > 0) {
                        accumulate(z, layer.rw(), h, gates);
                    }
                    for (int b = 0; b < batch; b++) {
                        for (int k = 0; k < units; k++) {
                            h[b][k] = Kernels.tanh(z[b][k]);
                        }
                    }
                }
                case GRU -> {
                    for (int b = 0; b < batch; b++) {
                        java.util.Arrays.fill(zh[b], 0f);
                    }
                    if (s > 0) {
                        accumulate(zh, layer.rw(), h, gates);
                    }
                    for (int b = 0; b < batch; b++) {
                        RecurrentInference.gru(z[b], zh[b], h[b], units);
                    }
                }
            }
            if (next != null) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(h[b], 0, next[b][t], offset, units);
                }
            }
        }
        return h;
    }

    /**
     * {@link Kernels#accumulate}{@code (acc[b], rows, v[b], n)} for every window b, each block of four rows read
     * once for all windows: per window the same sums in the same order.
     */
    static void accumulate(float[][] acc, float[][] rows, float[][] v, int n) {
        int j = 0;
        for (; j + 4 <= rows.length; j += 4) {
            float[] r0 = rows[j];
            float[] r1 = rows[j + 1];
            float[] r2 = rows[j + 2];
            float[] r3 = rows[j + 3];
            for (int b = 0; b < acc.length; b++) {
                float[] a = acc[b];
                float[] x = v[b];
                float a0 = x[j];
                float a1 = x[j + 1];
                float a2 = x[j + 2];
                float a3 = x[j + 3];
                for (int k = 0; k < n; k++) {
                    a[k] += a0 * r0[k] + a1 * r1[k] + a2 * r2[k] + a3 * r3[k];
                }
            }
        }
        for (; j < rows.length; j++) {
            float[] r = rows[j];
            for (int b = 0; b < acc.length; b++) {
                float[] a = acc[b];
                float x = v[b][j];
                for (int k = 0; k < n; k++) {
                    a[k] += x * r[k];
                }
            }
        }
    }
}
