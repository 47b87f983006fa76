package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class AutoRegressiveForecasterTest {

    private static double[] forecast(double[] y, int period, int horizon) {
        return new AutoRegressiveForecaster(period, horizon, null).forecast(new double[][] {y}, new int[] {y.length})[0];
    }

    @Test
    void kpssAcceptsNoiseAndRejectsARandomWalk() {
        Random random = new Random(3);
        double[] noise = new double[200];
        double[] walk = new double[200];
        double level = 0;
        for (int t = 0; t < noise.length; t++) {
            noise[t] = random.nextGaussian();
            level += random.nextGaussian();
            walk[t] = level;
        }
        assertThat(AutoRegressiveForecaster.kpss(noise)).isLessThan(AutoRegressiveForecaster.KPSS_CRITICAL);
        assertThat(AutoRegressiveForecaster.kpss(walk)).isGreaterThan(AutoRegressiveForecaster.KPSS_CRITICAL);
    }

    @Test
    void followsACycleThatSmoothingCannot() {
        // z_t = 1.4 z_{t-1} - 0.8 z_{t-2} + e_t around 100: a damped cycle of about 9 steps
        Random random = new Random(11);
        int n = 300;
        double[] y = new double[n];
        double a = 0;
        double b = 0;
        for (int t = 0; t < n; t++) {
            double z = 1.4 * a - 0.8 * b + random.nextGaussian();
            b = a;
            a = z;
            y[t] = 100 + z;
        }
        int horizon = 6;
        double[] f = forecast(y, 1, horizon);
        // the true conditional expectation from the last two values
        double z1 = y[n - 1] - 100;
        double z2 = y[n - 2] - 100;
        double errorAr = 0;
        double errorNaive = 0;
        for (int k = 0; k < horizon; k++) {
            double expected = 1.4 * z1 - 0.8 * z2;
            z2 = z1;
            z1 = expected;
            errorAr += Math.abs(f[k] - (100 + expected));
            errorNaive += Math.abs(y[n - 1] - (100 + expected));
            assertThat(f[k]).as("step %d", k).isCloseTo(100 + expected, within(0.6));
        }
        assertThat(errorAr).isLessThan(errorNaive / 3);
    }

    @Test
    void aTrendIsDifferencedAndContinuedWithItsDrift() {
        Random random = new Random(5);
        double[] y = new double[120];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 2 * t + random.nextGaussian();
        }
        assertThat(AutoRegressiveForecaster.kpss(y)).isGreaterThan(AutoRegressiveForecaster.KPSS_CRITICAL);
        double[] f = forecast(y, 1, 10);
        // the level of the line at the last point, then two per step
        for (int k = 0; k < 10; k++) {
            assertThat(f[k]).as("step %d", k).isCloseTo(50 + 2 * (y.length + k), within(3.0));
        }
    }

    @Test
    void aConstantSeriesIsForecastConstant() {
        double[] y = new double[40];
        java.util.Arrays.fill(y, 7.5);
        assertThat(forecast(y, 1, 5)).containsOnly(7.5);
    }

    @Test
    void aSeasonalSeriesKeepsItsSeason() {
        double[] y = new double[96];
        for (int t = 0; t < y.length; t++) {
            y[t] = (100 + 0.5 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12));
        }
        double[] f = forecast(y, 12, 12);
        for (int k = 0; k < 12; k++) {
            int t = y.length + k;
            assertThat(f[k]).as("step %d", k).isCloseTo((100 + 0.5 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * t / 12)),
                    within(0.05 * y[y.length - 1]));
        }
    }

    @Test
    void onlyStationaryAutoregressionsAreAccepted() {
        assertThat(AutoRegressiveForecaster.stationary(new double[0])).isTrue();
        assertThat(AutoRegressiveForecaster.stationary(new double[] {0.9})).isTrue();
        assertThat(AutoRegressiveForecaster.stationary(new double[] {1.0})).isFalse();
        assertThat(AutoRegressiveForecaster.stationary(new double[] {1.4, -0.8})).isTrue(); // complex roots, |z| = 1.12
        assertThat(AutoRegressiveForecaster.stationary(new double[] {0.6, 0.5})).isFalse(); // a root at z = 0.94
        assertThat(AutoRegressiveForecaster.stationary(new double[] {0.5, 0.3, -0.2})).isTrue();
    }

    @Test
    void solvesALinearSystemAndRefusesASingularOne() {
        double[] x = Linear.solve(new double[][] {{2, 1}, {1, 3}}, new double[] {5, 10});
        assertThat(x[0]).isCloseTo(1.0, within(1e-12));
        assertThat(x[1]).isCloseTo(3.0, within(1e-12));
        assertThat(Linear.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 2})).isNull();
    }
}
