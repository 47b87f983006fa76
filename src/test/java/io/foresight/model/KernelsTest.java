package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

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
    void arrayFormsMatchTheScalarOnes() {
        float[] v = new float[37];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - 18) * 0.37f;
        }
        float[] t = v.clone();
        float[] s = v.clone();
        Kernels.tanh(t, 3, 30);
        Kernels.sigmoid(s, 3, 30);
        for (int i = 0; i < v.length; i++) {
            boolean inside = i >= 3 && i < 30;
            assertThat(t[i]).isEqualTo(inside ? Kernels.tanh(v[i]) : v[i]);
            assertThat(s[i]).isEqualTo(inside ? Kernels.sigmoid(v[i]) : v[i]);
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
