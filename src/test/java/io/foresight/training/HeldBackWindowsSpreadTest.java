package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.foresight.window.WindowPlan;

/** The origins one horizon apart the regression on the known future is scored and compared on. */
class HeldBackWindowsSpreadTest {

    static final int HORIZON = 3;

    /** Origins 5..14 one step apart; the actual at origin e is e, e+1, e+2. */
    static HeldBackWindows consecutive() {
        int[] ends = new int[10];
        double[][] actual = new double[10][];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = 5 + i;
            actual[i] = new double[] {ends[i], ends[i] + 1, ends[i] + 2};
        }
        return new HeldBackWindows(new double[1][20], new WindowPlan(20, 2, HORIZON, 5), 1, ends, actual, 2.0, 0);
    }

    @Test
    void theSpreadOriginsAreAHorizonApartCountedBackFromTheLast() {
        HeldBackWindows windows = consecutive();
        HeldBackWindows spread = windows.spread();
        assertThat(spread.ends()).containsExactly(5, 8, 11, 14);
        assertThat(spread.actual()[1]).containsExactly(8, 9, 10);
        assertThat(spread.maseScale()).isEqualTo(windows.maseScale());
        // one forecast overlaps HORIZON consecutive origins, and none of the spread ones
        assertThat(windows.overlap()).isEqualTo(HORIZON);
        assertThat(spread.overlap()).isEqualTo(1);
        assertThat(windows.covers(spread)).isTrue();
        assertThat(spread.covers(windows)).isFalse();
        // the latest consecutive origins spread are the latest spread origins
        HeldBackWindows latest = new HeldBackWindows(windows.channels(), windows.plan(), 1, new int[] {11, 12, 13, 14},
                new double[][] {windows.actual()[6], windows.actual()[7], windows.actual()[8], windows.actual()[9]}, 2.0, 0);
        assertThat(latest.spread().ends()).containsExactly(11, 14);
        assertThat(spread.covers(latest.spread())).isTrue();
    }

    @Test
    void rowsAtPicksTheForecastsOfTheOriginsAsked() {
        HeldBackWindows windows = consecutive();
        double[][] forecasts = new double[10][];
        for (int i = 0; i < forecasts.length; i++) {
            forecasts[i] = new double[] {100 + i, 0, 0};
        }
        double[][] rows = windows.rowsAt(forecasts, windows.spread());
        assertThat(rows).hasNumberOfRows(4);
        assertThat(rows[0][0]).isEqualTo(100);
        assertThat(rows[3][0]).isEqualTo(109);
        assertThatThrownBy(() -> windows.spread().rowsAt(rows, windows)).isInstanceOf(IllegalArgumentException.class);
        // a fold per spread origin: each is an independent forecast
        assertThat(windows.spread().foldMase(rows)).hasSize(4);
        assertThat(windows.foldMase(forecasts)).hasSize(4);
    }
}
