package io.foresight.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RollingOrigins}: where the backtest tool and cross-validation cut a series. */
class RollingOriginsTest {

    @Test
    void theLastWindowEndsAtTheEndOfTheSeriesAndEarlierOnesAreAStepApart() {
        // 60 points, 3 windows of 6 steps, 6 apart: forecasts start after 42, 48 and 54 points
        assertThat(RollingOrigins.end(60, 3, 0, 6, 6)).isEqualTo(42);
        assertThat(RollingOrigins.end(60, 3, 1, 6, 6)).isEqualTo(48);
        assertThat(RollingOrigins.end(60, 3, 2, 6, 6)).isEqualTo(54);
        // step 1: overlapping windows one point apart
        assertThat(RollingOrigins.end(100, 4, 0, 1, 12)).isEqualTo(85);
        assertThat(RollingOrigins.end(100, 4, 3, 1, 12)).isEqualTo(88);
    }

    @Test
    void theBacktestToolsOriginsAreHorizonsBackFromTheEnd() {
        // BacktestCommand: origin o of n ends n - o + 1 horizons before the end of the series
        for (int origins = 1; origins <= 4; origins++) {
            for (int origin = 1; origin <= origins; origin++) {
                int back = origins - origin + 1;
                assertThat(RollingOrigins.end(144, origins, origin - 1, 12, 12)).isEqualTo(144 - back * 12);
            }
        }
    }

    @Test
    void theNeededLengthIsTheHistoryBeforeTheFirstWindowPlusTheWindowsSpan() {
        assertThat(RollingOrigins.needed(12, 3, 6, 6)).isEqualTo(12 + 12 + 6);
        assertThat(RollingOrigins.end(30, 3, 0, 6, 6)).isEqualTo(12); // exactly the history left before the first
        assertThat(RollingOrigins.needed(1000, 500, 1_000_000, 1000)).isEqualTo(1000 + 499_000_000L + 1000);
    }
}
