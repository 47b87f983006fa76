package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/**
 * {@link IntervalCalibration#bounds}, the one computation of forecast bounds: always lower <= value <= upper,
 * nested levels, finite numbers or an ArithmeticException (issue 15, family 6).
 */
class IntervalBoundsTest {

    static final double[] LEVELS = {10, 50, 80, 95, 99, 99.9};

    /** A positive series of the given values on the log scale (LOG_RELATIVE), fitted on all of them. */
    static Scaler logScaler(double... values) {
        return Scaler.fit(Representation.LOG_RELATIVE, new double[][] {values}, values.length);
    }

    static IntervalCalibration zeroWidth() {
        return new IntervalCalibration(20, new double[][] {new double[101]}, new double[1]);
    }

    @Test
    void aZeroWidthOnTheLogScaleKeepsTheValueInsideItsBounds() {
        // exp(log(5) + 0) came out as 4.999999999999999 in the service: the bounds of a constant series sat below
        // its forecast of 5
        double[] lower = new double[LEVELS.length];
        double[] upper = new double[LEVELS.length];
        zeroWidth().bounds(logScaler(5, 5, 5, 5), 0, 3, 5.0, LEVELS, lower, upper);
        for (int j = 0; j < LEVELS.length; j++) {
            assertThat(lower[j]).isBetween(5.0 - 1e-14, 5.0);
            assertThat(upper[j]).isEqualTo(5.0);
        }
    }

    @Test
    void aSubnormalValueIsInsideItsBounds() {
        // the logarithm clamps values below Double.MIN_NORMAL: the lower bound came out at 2.2e-308, above 1e-310
        double[] lower = new double[LEVELS.length];
        double[] upper = new double[LEVELS.length];
        IntervalWidthTest.uniform(20, 3).bounds(logScaler(1e-310, 2e-310, 3e-310, 1e-310), 0, 1, 1e-310, LEVELS, lower, upper);
        for (int j = 0; j < LEVELS.length; j++) {
            assertThat(lower[j]).isBetween(0.0, 1e-310);
            assertThat(upper[j]).isGreaterThanOrEqualTo(1e-310);
        }
    }

    @Test
    void boundsAreOrderedAndNestedForEveryLevelStepAndSampleSize() {
        Scaler level = Scaler.fit(Representation.RELATIVE, new double[][] {{1, 3, 2, 5, 4, 6}}, 6);
        Scaler log = logScaler(1, 3, 2, 5, 4, 6);
        double[] levels = new double[999];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (i + 1) / 10.0; // 0.1 % to 99.9 %
        }
        double[] lower = new double[levels.length];
        double[] upper = new double[levels.length];
        for (int samples : new int[] {1, 2, 3, 5, 10, 40, 1000}) {
            IntervalCalibration intervals = IntervalWidthTest.uniform(samples, 4);
            for (int step = 0; step < 12; step++) {
                for (Scaler scaler : new Scaler[] {level, log}) {
                    for (double value : new double[] {-7.5, 0, 3.25, 1e12}) {
                        double floor = scaler == log ? 0 : Double.NEGATIVE_INFINITY;
                        intervals.bounds(scaler, floor, step, value, levels, lower, upper);
                        for (int j = 0; j < levels.length; j++) {
                            assertThat(lower[j]).isLessThanOrEqualTo(value).isGreaterThanOrEqualTo(Math.min(value, floor));
                            assertThat(upper[j]).isGreaterThanOrEqualTo(value);
                            if (j > 0) {
                                assertThat(lower[j]).as("samples %d step %d level %s", samples, step, levels[j])
                                        .isLessThanOrEqualTo(lower[j - 1]);
                                assertThat(upper[j]).as("samples %d step %d level %s", samples, step, levels[j])
                                        .isGreaterThanOrEqualTo(upper[j - 1]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void anOverflowingBoundOrValueIsAnArithmeticExceptionNamingIt() {
        double[] lower = new double[2];
        double[] upper = new double[2];
        IntervalCalibration intervals = IntervalWidthTest.uniform(20, 3);
        assertThatThrownBy(() -> intervals.bounds(logScaler(1, 1e300, 1, 1e300), 0, 2, 1e300, new double[] {80, 95}, lower, upper))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("80 % interval of step 3")
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> intervals.bounds(logScaler(1, 2), 0, 0, Double.POSITIVE_INFINITY, new double[0], lower, upper))
                .isInstanceOf(ArithmeticException.class).hasMessage("the forecast of step 1 is Infinity");
        assertThatThrownBy(() -> intervals.bounds(logScaler(1, 2), 0, 0, Double.NaN, new double[] {80}, lower, upper))
                .isInstanceOf(ArithmeticException.class).hasMessage("the forecast of step 1 is NaN");
    }
}
