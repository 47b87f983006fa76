package io.foresight.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.foresight.observation.Observations;

/** The points behind the live scores: one per target timestamp, from the latest origin before it, the newest kept. */
class LivePointTest {

    /** A daily forecast from ORIGIN + {@code day} days of {@code values}, 80 % bounds -/+ 1 and 95 % -/+ 2. */
    static LedgerEntry from(int day, float... values) {
        int h = values.length;
        float[][] lower = new float[2][h];
        float[][] upper = new float[2][h];
        for (int k = 0; k < h; k++) {
            lower[0][k] = values[k] - 1;
            upper[0][k] = values[k] + 1;
            lower[1][k] = values[k] - 2;
            upper[1][k] = values[k] + 2;
        }
        return LedgerEntry.of(1, "", "P1D", LedgerEntry.seconds(LiveScoreTest.ORIGIN.plusDays(day)), 1, 1,
                new float[] {80, 95}, values, lower, upper);
    }

    @Test
    void eachTargetTakesTheForecastWithTheLatestOriginBeforeIt() {
        Observations actual = LiveScoreTest.actual(10, 20, 30, 40); // days 1..4
        List<ScoredPoint> points = new ArrayList<>();
        LiveAccuracy.score(from(0, 11, 21, 31), actual, points); // days 1-3, steps 1-3
        LiveAccuracy.score(from(2, 33.5f, 44), actual, points); // days 3-4, steps 1-2
        List<LivePoint> chart = LivePoint.latest(points, true);
        assertThat(chart).extracting(LivePoint::timestamp).containsExactly("2024-01-02", "2024-01-03", "2024-01-04",
                "2024-01-05");
        assertThat(chart).extracting(LivePoint::forecast).containsExactly(11.0, 21.0, 33.5, 44.0);
        assertThat(chart).extracting(LivePoint::actual).containsExactly(10.0, 20.0, 30.0, 40.0);
        assertThat(chart).extracting(LivePoint::step).containsExactly(1, 2, 1, 2);
        assertThat(chart).extracting(LivePoint::origin).containsExactly("2024-01-01", "2024-01-01", "2024-01-03",
                "2024-01-03");
        assertThat(chart.get(2).lower()).isEqualTo(Map.of("80", 32.5, "95", 31.5));
        assertThat(chart.get(2).upper()).isEqualTo(Map.of("80", 34.5, "95", 35.5));
    }

    @Test
    void onlyTheNewestPointsAreKept() {
        int n = LivePoint.MAX + 50;
        double[] values = new double[n];
        float[] forecast = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
            forecast[i] = i + 0.5f;
        }
        List<ScoredPoint> points = new ArrayList<>();
        LiveAccuracy.score(from(0, forecast), LiveScoreTest.actual(values), points);
        List<LivePoint> chart = LivePoint.latest(points, false);
        assertThat(chart).hasSize(LivePoint.MAX);
        assertThat(chart.get(0).actual()).isEqualTo(50.0);
        assertThat(chart.get(LivePoint.MAX - 1).actual()).isEqualTo(n - 1.0);
        // actual i is at ORIGIN + i + 1 days: 50 -> 2024-01-01 + 51 days
        assertThat(chart.get(0).timestamp()).isEqualTo("2024-02-21T00:00:00");
    }
}
