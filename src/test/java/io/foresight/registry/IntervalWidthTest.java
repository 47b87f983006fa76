package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalWidthTest {

    static IntervalCalibration uniform(int samples, int horizon) {
        double[][] grid = new double[horizon][101];
        double[] rms = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            for (int q = 0; q <= 100; q++) {
                grid[k][q] = q / 100.0; // |residual| uniform on [0, 1]
            }
            rms[k] = Math.sqrt(1 / 3.0);
        }
        return new IntervalCalibration(samples, grid, rms);
    }

    @Test
    void normalQuantileMatchesKnownValues() {
        assertThat(IntervalCalibration.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(IntervalCalibration.normalQuantile(0.9)).isCloseTo(1.281552, within(1e-6));
        assertThat(IntervalCalibration.normalQuantile(0.01)).isCloseTo(-2.326348, within(1e-6));
    }

    @Test
    void studentQuantileMatchesTables() {
        // t tables: (p, degrees of freedom, quantile)
        double[][] table = {{0.975, 2, 4.303}, {0.975, 3, 3.182}, {0.975, 5, 2.571}, {0.975, 10, 2.228},
            {0.975, 30, 2.042}, {0.9, 2, 1.886}, {0.9, 3, 1.638}, {0.9, 10, 1.372}};
        for (double[] row : table) {
            assertThat(IntervalCalibration.studentQuantile(row[0], row[1])).as("t(%s, %s)", row[0], row[1])
                    .isCloseTo(row[2], within(0.01 * row[2]));
        }
        assertThat(IntervalCalibration.studentQuantile(0.975, 1e6)).isCloseTo(1.959964, within(1e-5));
    }

    @Test
    void widerLevelsGiveWiderIntervalsEvenFromFewWindows() {
        IntervalCalibration few = uniform(18, 12);
        assertThat(few.halfWidth(11, 95)).isGreaterThan(few.halfWidth(11, 80));
        // the last of 12 steps from 18 windows: (18 + 11) / 12 = 2.42 independent errors, so Student's t with 2
        // degrees of freedom (1.886 at 90 %) and the mean's own uncertainty make the parametric interval the wider one
        double effective = (18 + 11) / 12.0;
        assertThat(few.halfWidth(11, 80)).isCloseTo(1.886 * Math.sqrt(1 / 3.0) * Math.sqrt(1 + 1 / effective), within(0.01));
    }

    @Test
    void nearStepsCountMoreIndependentErrorsThanFarOnes() {
        // the same residual spread at every step: one-step errors of 18 consecutive origins are 18 independent
        // errors, 12-step errors of the same origins overlap and count as about 2.4
        IntervalCalibration few = uniform(18, 12);
        // (at 95 % the parametric interval is wider than the empirical maximum, 1)
        assertThat(few.halfWidth(0, 95)).isCloseTo(
                IntervalCalibration.studentQuantile(0.975, 17) * Math.sqrt(1 / 3.0) * Math.sqrt(1 + 1 / 18.0), within(1e-9));
        assertThat(few.halfWidth(0, 95)).isLessThan(few.halfWidth(5, 95));
        assertThat(few.halfWidth(5, 95)).isLessThan(few.halfWidth(11, 95));
    }

    @Test
    void manyWindowsUseTheEmpiricalQuantileWhenItIsWider() {
        IntervalCalibration many = uniform(100_000, 10);
        // uniform |r|: the 80 % quantile is 0.8, the normal approximation 1.2816 * 0.577 = 0.74
        assertThat(many.halfWidth(0, 80)).isCloseTo(0.8, within(1e-3));
        assertThat(many.halfWidth(19, 80)).isCloseTo(0.8 * Math.sqrt(2), within(1e-3));
    }

    @Test
    void overlappingWindowsCountWithTheOverlappingEstimatorsEfficiency() {
        IntervalCalibration blocks = uniform(18, 12);
        IntervalCalibration overlapping = new IntervalCalibration(18, blocks.absResidualQuantiles(), blocks.rms(), true);
        // the first step has no overlap: 18 independent errors either way
        assertThat(IntervalCalibration.effective(18, 0, true)).isEqualTo(18.0);
        assertThat(overlapping.halfWidth(0, 95)).isEqualTo(blocks.halfWidth(0, 95));
        // the last of 12 steps: 29 / 12 = 2.42 blocks, times 1 + 11 / 24 for the overlap
        assertThat(IntervalCalibration.effective(18, 11, true)).isCloseTo(29 / 12.0 * (1 + 11 / 24.0), within(1e-12));
        assertThat(IntervalCalibration.effective(18, 11, false)).isCloseTo(29 / 12.0, within(1e-12));
        double effective = 29 / 12.0 * (1 + 11 / 24.0);
        assertThat(overlapping.halfWidth(11, 80)).isCloseTo(IntervalCalibration.studentQuantile(0.9, effective - 1)
                * Math.sqrt(1 / 3.0) * Math.sqrt(1 + 1 / effective), within(1e-9));
        assertThat(overlapping.halfWidth(11, 95)).isLessThan(blocks.halfWidth(11, 95));
        // a version stored before (no "overlapping") keeps counting by blocks
        assertThat(new IntervalCalibration(18, blocks.absResidualQuantiles(), blocks.rms(), null).halfWidth(11, 95))
                .isEqualTo(blocks.halfWidth(11, 95));
    }
}
