package io.foresight.model;

/**
 * The arithmetic of {@link RecurrentInference} and {@link RecurrentTraining}: the one matrix product
 * ({@link #multiply}) behind every gate, gradient and output product, and the element-wise kernels (tanh, sigmoid,
 * the LSTM cell and its derivative) on flat row-major float arrays.
 *
 * <p>Two implementations of the same operations: {@link VectorKernels}, register-blocked with the Java Vector API
 * ({@code jdk.incubator.vector}), when the JVM was started with {@code --add-modules jdk.incubator.vector} (the
 * launchers, Dockerfile and tests do); otherwise the plain loops here, which HotSpot's C2 vectorises itself (no
 * branches, no calls, no int/float conversions inside). KernelsTest keeps the two equal; {@link #description} says
 * which one runs.
 */
final class Kernels {

    private static final float TANH_CLAMP = 7.90531110763549805f;

    /** Whether the Vector API is there (module resolved at start-up) and not switched off. */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("foresight.kernels"));

    private Kernels() {
    }

    /** Which implementation runs, for the bench's report. */
    static String description() {
        return VECTOR ? "Vector API (" + VectorKernels.description() + ")"
                : "scalar loops (start java with --add-modules jdk.incubator.vector for the Vector API)";
    }

    /**
     * {@code C = init + A B} on row-major arrays, {@code A} [m x k], {@code B} [k x n] (row stride {@code ldb}),
     * {@code C} [m x n] (row stride {@code ldc}). Element (i, p) of A is {@code a[aOff + i * ars + p * acs]}:
     * {@code ars = lda, acs = 1} for A itself, {@code ars = 1, acs = lda} for the transpose of a stored
     * [k x m] matrix (weight gradients {@code X^T dZ}). {@code init} is C's own content when {@code accumulate},
     * else {@code bias} repeated on every row, else zero.
     */
    static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, float[] bias, boolean accumulate) {
        if (VECTOR) {
            VectorKernels.multiply(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, accumulate);
        } else {
            scalarMultiply(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, accumulate);
        }
    }

    /** {@link #multiply} in plain loops: the reference of the Vector API kernel and the fallback without it. */
    static void scalarMultiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, float[] bias, boolean accumulate) {
        scalarMultiply(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, bias, 0, accumulate);
    }

    /** Rows of B per pass of the scalar product. */
    private static final int SCALAR_KC = 64;

    /** Per thread: a block of B's rows, a row of C and a column of A, each starting at index 0 (see below). */
    private static final ThreadLocal<float[][]> SCRATCH = new ThreadLocal<>();

    /**
     * {@link #scalarMultiply} with the bias read from {@code bias[biasOff..biasOff + n)}. C2 vectorises
     * {@code acc[k] += a * row[k]} only when both arrays are indexed alike (it cannot rule out that two float arrays
     * at different offsets overlap), so a block of B's rows is copied into zero-based rows once and used by every row
     * of A, and each row of C is accumulated in a zero-based copy ({@link #accumulate}, four rows of B per pass).
     */
    static void scalarMultiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                if (bias != null) {
                    System.arraycopy(bias, biasOff, c, ci, n);
                } else {
                    java.util.Arrays.fill(c, ci, ci + n, 0f);
                }
            }
        }
        if (k == 0 || m == 0 || n == 0) {
            return;
        }
        float[][] scratch = SCRATCH.get();
        if (scratch == null || scratch[0].length < n) {
            scratch = new float[SCALAR_KC + 2][Math.max(n, SCALAR_KC)];
            SCRATCH.set(scratch);
        }
        float[][] rows = scratch; // rows 0..SCALAR_KC of it
        float[] row = scratch[SCALAR_KC];
        float[] column = scratch[SCALAR_KC + 1];
        for (int p0 = 0; p0 < k; p0 += SCALAR_KC) {
            int kc = Math.min(SCALAR_KC, k - p0);
            for (int q = 0; q < kc; q++) {
                System.arraycopy(b, bOff + (p0 + q) * ldb, rows[q], 0, n);
            }
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                int ai = aOff + i * ars + p0 * acs;
                for (int q = 0; q < kc; q++) {
                    column[q] = a[ai + q * acs];
                }
                System.arraycopy(c, ci, row, 0, n);
                accumulate(row, rows, column, kc, n);
                System.arraycopy(row, 0, c, ci, n);
            }
        }
    }

    /** {@code acc[0..n) += sum_j v[j] * rows[j][0..n)}, four rows per pass over {@code acc}. */
    static void accumulate(float[] acc, float[][] rows, float[] v, int n) {
        accumulate(acc, rows, v, rows.length, n);
    }

    /** {@code acc[0..n) += sum_{j < count} v[j] * rows[j][0..n)}, four rows per pass over {@code acc}. */
    static void accumulate(float[] acc, float[][] rows, float[] v, int count, int n) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            float a0 = v[j];
            float a1 = v[j + 1];
            float a2 = v[j + 2];
            float a3 = v[j + 3];
            float[] r0 = rows[j];
            float[] r1 = rows[j + 1];
            float[] r2 = rows[j + 2];
            float[] r3 = rows[j + 3];
            for (int k = 0; k < n; k++) {
                acc[k] += a0 * r0[k] + a1 * r1[k] + a2 * r2[k] + a3 * r3[k];
            }
        }
        for (; j < count; j++) {
            float a = v[j];
            float[] r = rows[j];
            for (int k = 0; k < n; k++) {
                acc[k] += a * r[k];
            }
        }
    }

    /**
     * tanh in float: a rational approximation (the one Eigen and XNNPACK use) on the input clamped to
     * [-7.905, 7.905], where float tanh reaches 1; absolute error below 4e-7 (RecurrentInferenceTest). NaN stays NaN.
     */
    static float tanh(float x) {
        float c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float x2 = c * c;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = p * x2 + -8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        p = p * c;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return p / q;
    }

    /** The logistic function as {@code (1 + tanh(x/2)) / 2}; absolute error below 3e-7. */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** {@link #tanh} of {@code v[from..to)} in place. */
    static void tanh(float[] v, int from, int to) {
        if (VECTOR) {
            VectorKernels.tanh(v, from, to);
            return;
        }
        for (int k = from; k < to; k++) {
            v[k] = tanh(v[k]);
        }
    }

    /** {@link #sigmoid} of {@code v[from..to)} in place. */
    static void sigmoid(float[] v, int from, int to) {
        if (VECTOR) {
            VectorKernels.sigmoid(v, from, to);
            return;
        }
        for (int k = from; k < to; k++) {
            v[k] = sigmoid(v[k]);
        }
    }

    /**
     * One LSTM step of one row in place: the pre-activations {@code z[zo..zo + 4n)} (DL4J's block order [a, f, o, i])
     * become the gate activations, and with the previous cell {@code previous[po..po + n)} it writes the cell
     * {@code c = f*c' + i*a}, its tanh and the output {@code h = o*tanh(c)}.
     */
    static void lstmCell(float[] z, int zo, float[] previous, int po, float[] cell, int co, float[] cellTanh, float[] h,
            int ho, int n) {
        if (VECTOR) {
            VectorKernels.lstmCell(z, zo, previous, po, cell, co, cellTanh, h, ho, n);
        } else {
            scalarLstmCell(z, zo, previous, po, cell, co, cellTanh, h, ho, n);
        }
    }

    /** {@link #lstmCell} in plain loops; the in-place passes index one array alike, which C2 vectorises. */
    static void scalarLstmCell(float[] z, int zo, float[] previous, int po, float[] cell, int co, float[] cellTanh,
            float[] h, int ho, int n) {
        for (int k = zo; k < zo + n; k++) {
            z[k] = tanh(z[k]);
        }
        for (int k = zo + n; k < zo + 4 * n; k++) {
            z[k] = sigmoid(z[k]);
        }
        for (int k = 0; k < n; k++) {
            cell[co + k] = z[zo + n + k] * previous[po + k] + z[zo + 3 * n + k] * z[zo + k];
        }
        System.arraycopy(cell, co, cellTanh, co, n);
        for (int k = co; k < co + n; k++) {
            cellTanh[k] = tanh(cellTanh[k]);
        }
        for (int k = 0; k < n; k++) {
            h[ho + k] = z[zo + 2 * n + k] * cellTanh[co + k];
        }
    }

    /**
     * The LSTM cell's backward step of one row (equations in {@link RecurrentTraining}): from the output gradient
     * {@code g}, the carried cell gradient {@code carry} (updated to {@code dc * f}), the activations {@code act} and
     * {@code tanh(c)}, and the previous cell, the four blocks of {@code delta}.
     */
    static void lstmDelta(float[] g, int go, float[] carry, float[] act, int ao, float[] cellTanh, int co,
            float[] previous, int po, float[] delta, int n) {
        if (VECTOR) {
            VectorKernels.lstmDelta(g, go, carry, act, ao, cellTanh, co, previous, po, delta, n);
        } else {
            scalarLstmDelta(g, go, carry, act, ao, cellTanh, co, previous, po, delta, n);
        }
    }

    /** {@link #lstmDelta} in plain loops. */
    static void scalarLstmDelta(float[] g, int go, float[] carry, float[] act, int ao, float[] cellTanh, int co,
            float[] previous, int po, float[] delta, int n) {
        scalarLstmDelta(g, go, carry, act, ao, cellTanh, co, previous, po, delta, 0, n);
    }

    /** {@link #scalarLstmDelta} of units {@code from..n) only (the tail a vector loop leaves). */
    static void scalarLstmDelta(float[] g, int go, float[] carry, float[] act, int ao, float[] cellTanh, int co,
            float[] previous, int po, float[] delta, int from, int n) {
        for (int k = from; k < n; k++) {
            float a = act[ao + k];
            float f = act[ao + n + k];
            float o = act[ao + 2 * n + k];
            float i = act[ao + 3 * n + k];
            float tc = cellTanh[co + k];
            float gk = g[go + k];
            float cell = carry[go + k] + gk * o * (1f - tc * tc);
            delta[ao + k] = cell * i * (1f - a * a);
            delta[ao + n + k] = cell * previous[po + k] * f * (1f - f);
            delta[ao + 2 * n + k] = gk * tc * o * (1f - o);
            delta[ao + 3 * n + k] = cell * a * i * (1f - i);
            carry[go + k] = cell * f;
        }
    }

    /**
     * One GRU step in place: {@code z[zo..zo + 3n)} holds x W + b, {@code zh[hzo..hzo + 3n)} holds h' RW; leaves
     * [r, u, c] in {@code z} and the new state in {@code h[ho..ho + n)} (h' on entry).
     */
    static void gru(float[] z, int zo, float[] zh, int hzo, float[] h, int ho, int units) {
        for (int k = 0; k < 2 * units; k++) {
            z[zo + k] = sigmoid(z[zo + k] + zh[hzo + k]);
        }
        for (int k = 0; k < units; k++) {
            float r = z[zo + k];
            float u = z[zo + units + k];
            float c = tanh(z[zo + 2 * units + k] + r * zh[hzo + 2 * units + k]);
            z[zo + 2 * units + k] = c;
            h[ho + k] = u * h[ho + k] + (1f - u) * c;
        }
    }
}
