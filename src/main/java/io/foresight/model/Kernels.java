package io.foresight.model;

/**
 * The arithmetic of {@link RecurrentInference} and {@link RecurrentTraining}: loops over plain float arrays
 * written so that HotSpot's C2 vectorises them (no branches, no calls, no int/float conversions inside).
 */
final class Kernels {

    private static final float TANH_CLAMP = 7.90531110763549805f;

    private Kernels() {
    }

    /** {@code acc[0..n) += sum_j v[j] * rows[j][0..n)}, four rows per pass over {@code acc}. */
    static void accumulate(float[] acc, float[][] rows, float[] v, int n) {
        int j = 0;
        for (; j + 4 <= rows.length; j += 4) {
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
        for (; j < rows.length; j++) {
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
        for (int k = from; k < to; k++) {
            v[k] = tanh(v[k]);
        }
    }

    /** {@link #sigmoid} of {@code v[from..to)} in place. */
    static void sigmoid(float[] v, int from, int to) {
        for (int k = from; k < to; k++) {
            v[k] = sigmoid(v[k]);
        }
    }
}
