package io.foresight.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InterpolationTest {

    @Test
    void fillsInnerGapsLinearlyAndEdgesWithTheNearestValue() {
        double[] values = {Double.NaN, 2, Double.NaN, Double.NaN, 5, Double.NaN};
        assertThat(Interpolation.fill(values)).isEqualTo(4);
        assertThat(values).containsExactly(2, 2, 3, 4, 5, 5);
    }

    @Test
    void refusesAColumnWithoutObservations() {
        assertThatThrownBy(() -> Interpolation.fill(new double[] {Double.NaN, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
