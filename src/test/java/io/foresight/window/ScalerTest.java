package io.foresight.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScalerTest {

    static double[][] series() {
        double[] target = new double[60];
        double[] feature = new double[60];
        for (int t = 0; t < 60; t++) {
            target[t] = 100 + 2 * t + 10 * Math.sin(t / 3.0);
            feature[t] = 50 - t + 3 * Math.cos(t);
        }
        return new double[][] {target, feature};
    }

    @ParameterizedTest
    @EnumSource(Representation.class)
    void decodingAnEncodedTargetGivesBackTheOriginalValues(Representation representation) {
        double[][] channels = series();
        Scaler scaler = Scaler.fit(representation, 6, channels, 40);
        // horizon 10 > period 6: seasonal decoding must chain through its own earlier outputs
        float[] encoded = scaler.encodeTarget(channels[0], 45, 10);
        double[] decoded = scaler.decode(channels[0], 45, encoded);
        for (int k = 0; k < 10; k++) {
            assertThat(decoded[k]).isCloseTo(channels[0][45 + k], within(1e-3 * channels[0][45 + k]));
        }
    }

    @ParameterizedTest
    @EnumSource(Representation.class)
    void shiftUndoesResidual(Representation representation) {
        Scaler scaler = Scaler.fit(representation, 6, series(), 40);
        double residual = scaler.residual(250, 230);
        assertThat(scaler.shift(230, residual)).isCloseTo(250, within(1e-9));
    }

    @Test
    void isFittedOnTheTrainingPartOnly() {
        double[][] channels = series();
        Scaler before = Scaler.fit(Representation.LEVEL, channels, 40);
        for (int t = 40; t < 60; t++) {
            channels[0][t] = 1e6;
        }
        Scaler after = Scaler.fit(Representation.LEVEL, channels, 40);
        assertThat(after.center()).containsExactly(before.center());
        assertThat(after.scale()).containsExactly(before.scale());
    }

    @Test
    void levelScalingStandardisesTheTrainingPart() {
        double[][] channels = {{1, 2, 3, 4, 5, 100}};
        Scaler scaler = Scaler.fit(Representation.LEVEL, channels, 5);
        assertThat(scaler.center()[0]).isEqualTo(3.0);
        assertThat(scaler.scale()[0]).isCloseTo(Math.sqrt(2), within(1e-12));
        float[][] input = scaler.encodeInput(channels, 5, 5);
        assertThat(input[0][2]).isEqualTo(0f);
        assertThat(input[0][4]).isCloseTo((float) (2 / Math.sqrt(2)), within(1e-6f));
    }

    @Test
    void relativeInputsEndAtZeroForEveryChannel() {
        double[][] channels = series();
        Scaler scaler = Scaler.fit(Representation.RELATIVE, channels, 40);
        float[][] input = scaler.encodeInput(channels, 30, 12);
        assertThat(input).hasDimensions(2, 12);
        assertThat(input[0][11]).isEqualTo(0f);
        assertThat(input[1][11]).isEqualTo(0f);
        assertThat(input[0][0]).isNotEqualTo(0f);
    }

    @Test
    void seasonalInputsAreSeasonalDifferencesAndNeedOneMoreSeasonOfHistory() {
        double[][] channels = series();
        Scaler scaler = Scaler.fit(Representation.SEASONAL, 6, channels, 40);
        assertThat(scaler.lookback(12)).isEqualTo(18);
        float[][] input = scaler.encodeInput(channels, 30, 12);
        double expected = (channels[0][29] - channels[0][23]) / scaler.scale()[0];
        assertThat(input[0][11]).isCloseTo((float) expected, within(1e-5f));
        // a series that repeats its season exactly is forecast as that season: zero network output
        double[] repeating = new double[40];
        for (int t = 0; t < 40; t++) {
            repeating[t] = 10 + t % 6;
        }
        Scaler seasonal = Scaler.fit(Representation.SEASONAL, 6, new double[][] {repeating}, 30);
        assertThat(seasonal.decode(repeating, 30, new float[8])).containsExactly(10, 11, 12, 13, 14, 15, 10, 11);
    }

    @Test
    void logRepresentationNeedsAPositiveTarget() {
        double[][] channels = {{1, 2, -3, 4, 5}};
        assertThatThrownBy(() -> Scaler.fit(Representation.LOG_RELATIVE, channels, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
    @ParameterizedTest
    @EnumSource(Representation.class)
    void aKnownFutureChannelIsReadLeadStepsAheadOnItsOwnStandardScale(Representation representation) {
        double[][] past = series();
        double[] promo = new double[70]; // reaches 10 steps past the 60 points of history
        for (int t = 0; t < promo.length; t++) {
            promo[t] = t % 7 == 3 ? 1 : 0;
        }
        double[][] channels = {past[0], past[1], promo};
        Scaler scaler = Scaler.fit(representation, 6, channels, 40, 1, 10);
        double mean = 0;
        for (int t = 0; t < 40; t++) {
            mean += promo[t] / 40;
        }
        double variance = 0;
        for (int t = 0; t < 40; t++) {
            variance += (promo[t] - mean) * (promo[t] - mean) / 40;
        }
        float[][] input = scaler.encodeInput(channels, 60, 24);
        for (int i = 0; i < 24; i++) {
            // position i of the window ending at 60 holds the driver at 60 - 24 + i + 10: its last 10 positions are
            // the driver at the 10 steps the window predicts
            assertThat((double) input[2][i]).isCloseTo((promo[36 + i + 10] - mean) / Math.sqrt(variance), within(1e-5));
        }
        // the past-only feature is encoded as without a known future
        assertThat(input[1]).containsExactly(Scaler.fit(representation, 6, past, 40).encodeInput(past, 60, 24)[1]);
    }

    @Test
    void aScalerWithoutKnownFutureReadsNoChannelAhead() {
        Scaler scaler = Scaler.fit(Representation.RELATIVE, series(), 40);
        assertThat(scaler.knownFuture()).isZero();
        assertThat(scaler.lead()).isZero();
    }

    @Test
    void aKnownFutureChannelConstantOverTheTrainingPartReadsAsZeroWhereverItGoesLater() {
        int size = 40;
        double[] target = new double[size];
        double[] holiday = new double[size];
        double[] promo = new double[size];
        for (int i = 0; i < size; i++) {
            target[i] = 100 + i;
            promo[i] = i % 3 == 0 ? 1 : 0;
            holiday[i] = i < 30 ? 7 : 36 - i; // days to the next holiday: 7 (capped) in training, falling after it
        }
        double[][] channels = {target, promo, holiday};
        Scaler scaler = Scaler.fit(Representation.RELATIVE, 1, channels, 30, 2, 4);
        // the promotion varied in training: standardised; the holiday channel did not: 0 at every step read
        float[][] input = scaler.encodeInput(channels, 34, 8);
        for (float v : input[2]) {
            assertThat(v).isZero();
        }
        assertThat(input[1][7]).isEqualTo((float) ((promo[37] - scaler.center()[1]) / scaler.scale()[1]));
        assertThat(input[1][7]).isNotZero();
        assertThat(scaler.scale()[2]).isFinite();
    }
}
