package io.foresight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link AnomalyScore}: distance from the forecast in half-widths of the interval's side, rising with it. */
class AnomalyScoreTest {

    @Test
    void isZeroAtTheForecastOneOnABoundAndCountsHalfWidthsBeyond() {
        assertThat(AnomalyScore.score(100, 100, 90, 120)).isZero();
        assertThat(AnomalyScore.score(120, 100, 90, 120)).isCloseTo(1.0, within(1e-12));
        assertThat(AnomalyScore.score(90, 100, 90, 120)).isCloseTo(1.0, within(1e-12));
        // above: half-widths of 20; below: of 10 (an interval on the log scale is not symmetric)
        assertThat(AnomalyScore.score(160, 100, 90, 120)).isCloseTo(3.0, within(1e-12));
        assertThat(AnomalyScore.score(70, 100, 90, 120)).isCloseTo(3.0, within(1e-12));
        assertThat(AnomalyScore.score(110, 100, 90, 120)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void risesWithTheDistanceOnEitherSide() {
        double previous = -1;
        for (double value = 100; value < 400; value += 7) {
            double score = AnomalyScore.score(value, 100, 90, 120);
            assertThat(score).isGreaterThan(previous);
            previous = score;
        }
        previous = -1;
        for (double value = 100; value > -200; value -= 7) {
            double score = AnomalyScore.score(value, 100, 90, 120);
            assertThat(score).isGreaterThan(previous);
            previous = score;
        }
    }

    @Test
    void outsideIsAboveOneAndAnIntervalOfNoWidthGivesAFiniteScore() {
        assertThat(AnomalyScore.outside(120.0001, 90, 120)).isTrue();
        assertThat(AnomalyScore.score(120.0001, 100, 90, 120)).isGreaterThan(1);
        assertThat(AnomalyScore.outside(120, 90, 120)).isFalse();
        assertThat(AnomalyScore.outside(89.9, 90, 120)).isTrue();
        double score = AnomalyScore.score(5.001, 5, 5, 5);
        assertThat(score).isFinite().isGreaterThan(1e5);
        assertThat(AnomalyScore.score(5, 5, 5, 5)).isZero();
    }
}
