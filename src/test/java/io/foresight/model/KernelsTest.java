package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void tanhIsWithinFloatPrecisionEverywhere() {
        double worst = 0;
        for (double x = -20; x <= 20; x += 1e-4) {
            float f = (float) x;
            worst = Math.max(worst, Math.abs(Kernels.tanh(f) - Math.tanh(f)));
        }
        assertThat(worst).isLessThan(4e-7);
        assertThat(Kernels.tanh(1e-20f)).isEqualTo(1e-20f, org.assertj.core.data.Offset.offset(1e-26f));
        assertThat(Kernels.tanh(100f)).isEqualTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Kernels.tanh(-100f)).isEqualTo(-1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Kernels.tanh(Float.NaN)).isNaN();
    }

    @Test
    void sigmoidIsWithinFloatPrecisionEverywhere() {
        double worst = 0;
        for (double x = -40; x <= 40; x += 1e-4) {
            float f = (float) x;
            worst = Math.max(worst, Math.abs(Kernels.sigmoid(f) - 1 / (1 + Math.exp(-f))));
        }
        assertThat(worst).isLessThan(3e-7);
        assertThat(Kernels.sigmoid(Float.NaN)).isNaN();
    }

    @Test
    void theTestsRunTheVectorApiKernels() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector (pom.xml): the fast path is what is tested
        assertThat(Kernels.VECTOR).isTrue();
        assertThat(Kernels.description()).startsWith("Vector API");
    }

    @Test
    void matrixProductsEqualAPlainReferenceForOddShapes() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {4, 16, 1}, {7, 33, 9}, {64, 256, 64}, {5, 47, 300}, {13, 8, 513},
            {64, 48, 64}, {2, 100, 17}, {9, 31, 0},
            // cache-blocked and packed (VectorKernels: B from 128 rows of C, A too from 256 columns): row blocks of 128
            // with short last slivers, more than one k block, column blocks of 512 and tails past the packed panels
            {137, 291, 300}, {200, 530, 17}, {129, 100, 513}, {260, 256, 40}, {128, 256, 256}, {131, 1061, 3}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            for (boolean transposed : new boolean[] {false, true}) {
                for (int init = 0; init < 3; init++) { // 0: zero, 1: bias, 2: accumulate
                    int pad = 3; // row strides wider than the rows, offsets inside larger arrays
                    int lda = (transposed ? m : k) + pad;
                    float[] a = values(random, 5 + (transposed ? k : m) * lda);
                    float[] b = values(random, 2 + k * (n + pad));
                    float[] c = values(random, 4 + m * (n + 1));
                    float[] bias = init == 1 ? values(random, n) : null;
                    float[] before = c.clone();
                    int ars = transposed ? 1 : lda;
                    int acs = transposed ? lda : 1;
                    float[] scalar = c.clone();
                    Kernels.multiply(m, n, k, a, 5, ars, acs, b, 2, n + pad, c, 4, n + 1, bias, init == 2);
                    Kernels.scalarMultiply(m, n, k, a, 5, ars, acs, b, 2, n + pad, scalar, 4, n + 1, bias, init == 2);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            int ci = 4 + i * (n + 1) + j;
                            double expected = init == 2 ? before[ci] : init == 1 ? bias[j] : 0;
                            double magnitude = Math.abs(expected);
                            for (int p = 0; p < k; p++) {
                                double product = (double) a[5 + i * ars + p * acs] * b[2 + p * (n + pad) + j];
                                expected += product;
                                magnitude += Math.abs(product);
                            }
                            double tolerance = 1e-6 * magnitude + 1e-30;
                            assertThat((double) c[ci]).as("%s %s init %d at %d,%d", java.util.Arrays.toString(shape),
                                    transposed, init, i, j).isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
                            assertThat((double) scalar[ci]).isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
                        }
                        // the column between rows (row stride n + 1) is not written
                        assertThat(c[4 + i * (n + 1) + n]).isEqualTo(before[4 + i * (n + 1) + n]);
                    }
                    for (int x = 0; x < 4; x++) {
                        assertThat(c[x]).isEqualTo(before[x]);
                    }
                }
            }
        }
    }

    @Test
    void theLstmDeltaKernelIsTheScalarOneBitForBit() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 5, 8, 16, 37, 64}) {
            float[] g = values(random, n + 2);
            float[] carry = values(random, n + 2);
            float[] act = values(random, 4 * n + 1);
            float[] cellTanh = values(random, n + 3);
            float[] previous = values(random, n);
            float[] delta = new float[4 * n + 1];
            float[] carry2 = carry.clone();
            float[] delta2 = delta.clone();
            Kernels.lstmDelta(g, 2, carry, act, 1, cellTanh, 3, previous, 0, delta, n);
            Kernels.scalarLstmDelta(g, 2, carry2, act, 1, cellTanh, 3, previous, 0, delta2, n);
            assertThat(delta).isEqualTo(delta2);
            assertThat(carry).isEqualTo(carry2);
        }
    }

    @Test
    void theLstmCellKernelIsTheScalarOneBitForBit() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n : new int[] {1, 5, 8, 16, 37, 64}) {
            float[] z = values(random, 4 * n + 2);
            for (int k = 0; k < z.length; k++) {
                z[k] *= 6; // into the flat parts of tanh and sigmoid too
            }
            float[] previous = values(random, n + 1);
            float[] z2 = z.clone();
            float[][] out = {new float[n + 3], new float[n + 3], new float[n + 3]};
            float[][] out2 = {new float[n + 3], new float[n + 3], new float[n + 3]};
            Kernels.lstmCell(z, 2, previous, 1, out[0], 3, out[1], out[2], 1, n);
            Kernels.scalarLstmCell(z2, 2, previous, 1, out2[0], 3, out2[1], out2[2], 1, n);
            assertThat(z).isEqualTo(z2);
            for (int x = 0; x < 3; x++) {
                assertThat(out[x]).isEqualTo(out2[x]);
            }
            for (int k = 0; k < n; k++) { // c = f c' + i a, h = o tanh(c)
                float c = z2[2 + n + k] * previous[1 + k] + z2[2 + 3 * n + k] * z2[2 + k];
                assertThat(out2[0][3 + k]).isEqualTo(c);
                assertThat(out2[2][1 + k]).isEqualTo(z2[2 + 2 * n + k] * Kernels.tanh(c));
            }
        }
    }

    private static float[] values(SplittableRandom random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    @Test
    void arrayFormsMatchTheScalarOnes() {
        float[] v = new float[37];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - 18) * 0.37f;
        }
        v[5] = Float.NaN;
        v[6] = 40f;
        v[7] = -1e-20f;
        float[] t = v.clone();
        float[] s = v.clone();
        Kernels.tanh(t, 3, 30);
        Kernels.sigmoid(s, 3, 30);
        for (int i = 0; i < v.length; i++) {
            boolean inside = i >= 3 && i < 30;
            // bit for bit (floatToIntBits: NaN equals NaN)
            assertThat(Float.floatToIntBits(t[i])).isEqualTo(Float.floatToIntBits(inside ? Kernels.tanh(v[i]) : v[i]));
            assertThat(Float.floatToIntBits(s[i])).isEqualTo(Float.floatToIntBits(inside ? Kernels.sigmoid(v[i]) : v[i]));
        }
    }

    @Test
    void accumulateAddsEveryRow() {
        float[][] rows = new float[7][5];
        float[] v = new float[7];
        for (int j = 0; j < 7; j++) {
            v[j] = j + 1;
            for (int k = 0; k < 5; k++) {
                rows[j][k] = j * 10 + k;
            }
        }
        float[] acc = {1, 1, 1, 1, 1};
        Kernels.accumulate(acc, rows, v, 5);
        for (int k = 0; k < 5; k++) {
            double expected = 1;
            for (int j = 0; j < 7; j++) {
                expected += v[j] * rows[j][k];
            }
            assertThat((double) acc[k]).isEqualTo(expected);
        }
    }
}
