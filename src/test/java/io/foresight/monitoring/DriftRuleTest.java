package io.foresight.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The drift rule: live MASE against validation MASE times a factor, coverage against level minus a margin. */
class DriftRuleTest {

    static final DriftRule RULE = new DriftRule(4, 1.5, 0.1);

    /** A point at {@code target} with scaled error {@code scaled}, inside (or not) its 80 % and 95 % intervals. */
    static ScoredPoint point(long target, double scaled, boolean in80, boolean in95) {
        return new ScoredPoint(target, scaled, scaled, new float[] {80, 95}, new boolean[] {in80, in95}, null, 0, Double.NaN);
    }

    @Test
    void aWindowWithinTheFactorAndTheMarginIsNotDrifting() {
        List<ScoredPoint> points = List.of(point(1, 1.4, true, true), point(2, 1.4, true, true), point(3, 1.4, true, true),
                point(4, 1.6, false, true));
        // mean 1.45 <= 1.5 x 1.0; 80 %: 0.75 >= 0.7; 95 %: 1.0
        DriftRule.Drift drift = RULE.judge(points, 1.0);
        assertThat(drift.drifting()).isFalse();
        assertThat(drift.reasons()).isEmpty();
        assertThat(drift.recent().mase()).isCloseTo(1.45, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void maseAboveTheFactorTimesValidationIsDrifting() {
        List<ScoredPoint> points = List.of(point(1, 1.6, true, true), point(2, 1.6, true, true), point(3, 1.6, true, true),
                point(4, 1.6, true, true));
        DriftRule.Drift drift = RULE.judge(points, 1.0);
        assertThat(drift.drifting()).isTrue();
        assertThat(drift.reasons()).singleElement().asString().contains("live MASE 1.600").contains("1.5 x the validation MASE 1.000");
        // the same errors are fine for a version that validated at 1.1 (1.6 <= 1.65)
        assertThat(RULE.judge(points, 1.1).drifting()).isFalse();
    }

    @Test
    void coverageMoreThanTheMarginBelowTheLevelIsDrifting() {
        // 80 %: 2 of 4 = 0.5 < 0.7; 95 %: 3 of 4 = 0.75 < 0.85
        List<ScoredPoint> points = List.of(point(1, 0, true, true), point(2, 0, true, true), point(3, 0, false, true),
                point(4, 0, false, false));
        DriftRule.Drift drift = RULE.judge(points, 1.0);
        assertThat(drift.drifting()).isTrue();
        assertThat(drift.reasons()).hasSize(2);
        assertThat(drift.reasons().get(0)).startsWith("80 % intervals covered 0.500");
        assertThat(drift.reasons().get(1)).startsWith("95 % intervals covered 0.750");
    }

    @Test
    void onlyTheLastWindowOfPointsIsJudgedAndFewerAreNot() {
        List<ScoredPoint> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            points.add(point(i, 9, false, false)); // bad long ago
        }
        for (int i = 10; i < 14; i++) {
            points.add(point(i, 0.5, true, true)); // good lately
        }
        assertThat(RULE.judge(points, 1.0).drifting()).isFalse();
        assertThat(RULE.judge(points.subList(0, 3), 1.0).drifting()).as("3 points of a window of 4").isFalse();
        assertThat(RULE.judge(points.subList(0, 4), 1.0).drifting()).isTrue();
    }

    @Test
    void withoutAValidationMaseOnlyCoverageIsJudged() {
        List<ScoredPoint> points = List.of(point(1, 50, true, true), point(2, 50, true, true), point(3, 50, true, true),
                point(4, 50, true, true));
        assertThat(RULE.judge(points, Double.NaN).drifting()).isFalse();
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new DriftRule(0, 1.5, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriftRule(10, 0, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriftRule(10, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
