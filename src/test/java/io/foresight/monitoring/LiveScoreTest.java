package io.foresight.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.observation.Observations;

/** The live scores: MASE on the validation scale, coverage per level, bias, and which steps are scored. */
class LiveScoreTest {

    static final LocalDateTime ORIGIN = LocalDateTime.of(2024, 1, 1, 0, 0);

    /** A daily forecast of {@code values} from ORIGIN with 80 % bounds value -/+ w80 and 95 % bounds -/+ w95. */
    static LedgerEntry entry(float scale, float validationMase, float w80, float w95, float... values) {
        int h = values.length;
        float[][] lower = new float[2][h];
        float[][] upper = new float[2][h];
        for (int k = 0; k < h; k++) {
            lower[0][k] = values[k] - w80;
            upper[0][k] = values[k] + w80;
            lower[1][k] = values[k] - w95;
            upper[1][k] = values[k] + w95;
        }
        return LedgerEntry.of(1, "", "P1D", LedgerEntry.seconds(ORIGIN), scale, validationMase, new float[] {80, 95},
                values, lower, upper);
    }

    static Observations actual(double... values) {
        long[] seconds = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            seconds[i] = LedgerEntry.seconds(ORIGIN.plusDays(i + 1));
        }
        return new Observations("", seconds, values);
    }

    @Test
    void maseDividesTheMeanAbsoluteErrorByTheValidationScale() {
        // forecast 10, 20, 30, 40; actual 12, 17, 30, 44: errors -2, 3, 0, -4; |e| mean 2.25; scale 0.5 -> 4.5
        List<ScoredPoint> points = new ArrayList<>();
        LiveAccuracy.score(entry(0.5f, 1, 2.5f, 5, 10, 20, 30, 40), actual(12, 17, 30, 44), points);
        LiveScore score = LiveScore.of(points);
        assertThat(score.scoredPoints()).isEqualTo(4);
        assertThat(score.mase()).isCloseTo(4.5, offset(1e-9));
        assertThat(score.bias()).isCloseTo((-2 + 3 + 0 - 4) / 4.0, offset(1e-9));
        // 80 %: within 2.5 -> errors 2, 0 inside (3 and 4 not); 95 %: within 5 -> all four
        assertThat(score.coverage()).containsExactly(org.assertj.core.api.Assertions.entry("80", 0.5),
                org.assertj.core.api.Assertions.entry("95", 1.0));
    }

    @Test
    void onlyStepsWithAnActualValueAreScoredAndBoundsCountAsInside() {
        List<ScoredPoint> points = new ArrayList<>();
        // two actual values for a forecast of four steps; the second lies exactly on the 80 % upper bound
        LiveAccuracy.score(entry(1, 1, 1, 2, 5, 5, 5, 5), actual(5, 6), points);
        assertThat(points).hasSize(2);
        assertThat(points.get(1).target()).isEqualTo(LedgerEntry.seconds(ORIGIN.plusDays(2)));
        assertThat(LiveScore.of(points).coverage().get("80")).isEqualTo(1.0);

        // observations that skip the forecast's targets score nothing
        Observations later = new Observations("", new long[] {LedgerEntry.seconds(ORIGIN.plusDays(10))}, new double[] {1});
        List<ScoredPoint> none = new ArrayList<>();
        LiveAccuracy.score(entry(1, 1, 1, 2, 5, 5), later, none);
        assertThat(none).isEmpty();
        assertThat(LiveScore.of(none)).isEqualTo(LiveScore.NONE);
    }

    @Test
    void aSeriesWithoutAPositiveScaleHasNoMaseButStillCoverageAndBias() {
        List<ScoredPoint> points = new ArrayList<>();
        LiveAccuracy.score(entry(0, 1, 1, 2, 5, 5), actual(4, 4), points);
        LiveScore score = LiveScore.of(points);
        assertThat(score.mase()).isNull();
        assertThat(score.bias()).isEqualTo(1.0);
        assertThat(score.scoredPoints()).isEqualTo(2);
    }
}
