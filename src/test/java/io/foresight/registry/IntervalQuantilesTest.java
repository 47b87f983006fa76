package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/**
 * {@link IntervalCalibration#quantiles}: a forecast's quantiles are the bounds of the central intervals from the same
 * calibration (0.1 and 0.9 the 80 % bounds), the median the forecast, rising with the probability.
 */
class IntervalQuantilesTest {

    private static final Scaler LEVEL = Scaler.fit(Representation.RELATIVE, new double[][] {{10, 30, 20, 50, 40, 60}}, 6);
    private static final Scaler LOG = IntervalBoundsTest.logScaler(10, 30, 20, 50, 40, 60);

    /** A calibration of skewed, step-dependent absolute residuals drawn at random (seeded). */
    private static IntervalCalibration skewed(int samples, int horizon) {
        Random random = new Random(7);
        double[][] residuals = new double[horizon][samples];
        for (int k = 0; k < horizon; k++) {
            for (int i = 0; i < samples; i++) {
                residuals[k][i] = Math.abs(random.nextGaussian()) * (k + 1) * (random.nextDouble() < 0.2 ? 3 : 1);
            }
        }
        return IntervalCalibration.of(residuals);
    }

    @Test
    void quantileLevelsAreTheCentralIntervalsTheyBound() {
        assertThat(IntervalCalibration.quantileLevel(0.1)).isEqualTo(80.0);
        assertThat(IntervalCalibration.quantileLevel(0.9)).isEqualTo(80.0);
        assertThat(IntervalCalibration.quantileLevel(0.025)).isEqualTo(95.0);
        assertThat(IntervalCalibration.quantileLevel(0.975)).isEqualTo(95.0);
        assertThat(IntervalCalibration.quantileLevel(0.05)).isEqualTo(90.0);
        assertThat(IntervalCalibration.quantileLevel(0.5)).isEqualTo(0.0);
        assertThat(IntervalCalibration.quantileLevel(0.3)).isEqualTo(40.0);
    }

    @Test
    void quantileKeysAreWrittenAsTheyAreAskedFor() {
        assertThat(IntervalCalibration.quantileKey(0.1)).isEqualTo("0.1");
        assertThat(IntervalCalibration.quantileKey(0.5)).isEqualTo("0.5");
        assertThat(IntervalCalibration.quantileKey(0.025)).isEqualTo("0.025");
        assertThat(IntervalCalibration.quantileKey(1e-4)).isEqualTo("0.0001");
    }

    @Test
    void quantilesEqualTheBoundsOfTheLevelsTheyCorrespondTo() {
        IntervalCalibration calibration = skewed(30, 4);
        double[] levels = {50, 80, 90, 95};
        double[] quantiles = {0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975};
        for (Scaler scale : new Scaler[] {LEVEL, LOG}) {
            for (int step = 0; step < 7; step++) { // beyond the calibrated horizon too
                double value = 40 + step;
                double[] lower = new double[levels.length];
                double[] upper = new double[levels.length];
                calibration.bounds(scale, IntervalCalibration.floor(scale.representation()), step, value, levels, lower,
                        upper);
                double[] q = new double[quantiles.length];
                calibration.quantiles(scale, IntervalCalibration.floor(scale.representation()), step, value, quantiles, q);
                assertThat(q).containsExactly(lower[3], lower[2], lower[1], lower[0], value, upper[0], upper[1], upper[2],
                        upper[3]);
                assertThat(lower[1]).isLessThan(value); // the test would pass trivially if every bound were the value
            }
        }
    }

    @Test
    void quantilesRiseWithTheProbability() {
        IntervalCalibration calibration = skewed(12, 3);
        double[] probabilities = new double[99];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = (i + 1) / 100.0;
        }
        for (Scaler scale : new Scaler[] {LEVEL, LOG}) {
            for (int step = 0; step < 5; step++) {
                double[] q = new double[probabilities.length];
                calibration.quantiles(scale, IntervalCalibration.floor(scale.representation()), step, 25, probabilities, q);
                for (int i = 1; i < q.length; i++) {
                    assertThat(q[i]).as("q(%s) vs q(%s), step %d", probabilities[i], probabilities[i - 1], step)
                            .isGreaterThanOrEqualTo(q[i - 1]);
                }
                assertThat(q[0]).isLessThan(q[49]);
                assertThat(q[98]).isGreaterThan(q[49]);
                assertThat(q[49]).isEqualTo(25.0);
            }
        }
    }

    @Test
    void aProbabilityOutsideTheOpenUnitIntervalIsRefused() {
        IntervalCalibration calibration = skewed(12, 1);
        double[] out = new double[1];
        for (double p : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> calibration.quantiles(LEVEL, Double.NEGATIVE_INFINITY, 0, 5, new double[] {p}, out))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
