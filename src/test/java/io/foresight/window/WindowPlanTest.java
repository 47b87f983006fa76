package io.foresight.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;

class WindowPlanTest {

    @Test
    void trainingTargetsNeverReachIntoTheHeldBackPart() {
        WindowPlan plan = WindowPlan.split(144, 24, 12, 0.2);
        assertThat(plan.trainEnd()).isEqualTo(144 - 29);
        assertThat(plan.lastTrainEnd() + plan.horizon()).isEqualTo(plan.trainEnd());
        assertThat(plan.firstValidationEnd()).isEqualTo(plan.trainEnd());
        assertThat(plan.lastValidationEnd() + plan.horizon()).isEqualTo(144);
        assertThat(plan.trainWindows()).isEqualTo(plan.lastTrainEnd() - 24 + 1);
        assertThat(plan.validationWindows()).isEqualTo(29 - 12 + 1);
    }

    @Test
    void holdsBackLessWhenTheSeriesIsShortButKeepsEnoughTrainingWindows() {
        int size = WindowPlan.minimumSize(24, 12);
        WindowPlan plan = WindowPlan.split(size, 24, 12, 0.2);
        assertThat(plan.trainWindows()).isEqualTo(WindowPlan.MIN_TRAIN_WINDOWS);
        assertThat(plan.validationWindows()).isEqualTo(1);
    }

    @Test
    void refusesASeriesTooShortForWindowAndHorizonWithAClearReason() {
        assertThatThrownBy(() -> WindowPlan.split(40, 24, 12, 0.2))
                .isInstanceOf(ForesightException.class)
                .hasMessageContaining("40 points").hasMessageContaining("at least " + WindowPlan.minimumSize(24, 12));
    }

    @Test
    void windowsHoldTheEncodedInputsAndTargetsOfEachEnd() {
        double[] values = new double[50];
        for (int t = 0; t < 50; t++) {
            values[t] = t;
        }
        double[][] channels = {values};
        WindowPlan plan = WindowPlan.split(50, 5, 3, 0.2);
        Scaler scaler = Scaler.fit(Representation.RELATIVE, channels, plan.trainEnd());
        Windows train = plan.trainingWindows(channels, scaler);
        assertThat(train.count()).isEqualTo(plan.trainWindows());
        assertThat(train.ends()[0]).isEqualTo(5);
        // a straight line with step 1: inputs are -4..0 steps, targets 1..3 steps
        assertThat(train.inputs()[0][0]).containsExactly(-4f, -3f, -2f, -1f, 0f);
        assertThat(train.targets()[0]).containsExactly(1f, 2f, 3f);
    }

    @Test
    void aSeriesTooShortForNetworkWindowsGetsAStatisticalPlanWithAHeldBackHorizon() {
        // 42 monthly points at horizon 18: a network needs 2 * 18 + 2 + 7 = 45
        assertThat(42).isLessThan(WindowPlan.minimumSize(2, 18));
        WindowPlan plan = WindowPlan.forSeries(42, 2, 18, 0.2, 12);
        assertThat(plan.networks()).isFalse();
        assertThat(plan.trainWindows()).isZero();
        // one horizon and a half held back, a season of history kept before it
        assertThat(plan.trainEnd()).isEqualTo(42 - 27);
        assertThat(plan.validationWindows()).isEqualTo(27 - 18 + 1);
        assertThat(plan.lastValidationEnd() + 18).isEqualTo(42);
        // only one season of history left: fewer held back
        WindowPlan tight = WindowPlan.forSeries(32, 2, 18, 0.2, 12);
        assertThat(tight.trainEnd()).isEqualTo(12);
        assertThat(tight.validationWindows()).isEqualTo(3);
        // long enough for networks: the usual split
        assertThat(WindowPlan.forSeries(144, 24, 12, 0.2, 12)).isEqualTo(WindowPlan.split(144, 24, 12, 0.2));
        assertThat(WindowPlan.split(144, 24, 12, 0.2).networks()).isTrue();
    }

    @Test
    void aStatisticalPlanStillNeedsAHorizonAfterASeasonOfHistory() {
        assertThat(WindowPlan.statisticalMinimumSize(18, WindowPlan.statisticalHistory(12))).isEqualTo(30);
        assertThat(WindowPlan.statisticalHistory(1)).isEqualTo(4);
        assertThatThrownBy(() -> WindowPlan.forSeries(29, 2, 18, 0.2, 12))
                .isInstanceOf(ForesightException.class)
                .hasMessageContaining("29 points").hasMessageContaining("at least 30");
    }
}
