package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.foresight.window.Representation;
import io.foresight.window.Scaler;
import io.foresight.window.WindowPlan;
import io.foresight.window.Windows;

/**
 * {@link NetworkFit} as a global network uses it: one network fitted on the windows of two series of very different
 * levels, each encoded by its own series' scaler, early-stopped on a validation subset; then each series forecast
 * by the same network through {@link NetworkForecaster#withScaler}.
 */
class NetworkFitTest {

    static final int WINDOW = 12;
    static final int HORIZON = 4;

    static double[][] series(double level, double period, int length) {
        double[] values = new double[length];
        for (int t = 0; t < length; t++) {
            values[t] = level * (1 + 0.3 * Math.sin(2 * Math.PI * t / period) + 0.002 * t);
        }
        return new double[][] {values};
    }

    static Windows concat(Windows a, Windows b) {
        List<float[][]> inputs = new ArrayList<>(Arrays.asList(a.inputs()));
        inputs.addAll(Arrays.asList(b.inputs()));
        List<float[]> targets = new ArrayList<>(Arrays.asList(a.targets()));
        targets.addAll(Arrays.asList(b.targets()));
        int[] ends = new int[inputs.size()];
        return new Windows(inputs.toArray(float[][][]::new), targets.toArray(float[][]::new), ends);
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"LSTM", "SIMPLE_RNN", "GRU", "BIDIRECTIONAL"})
    void fitsOneNetworkOnWindowsOfManySeriesAndForecastsEachWithItsOwnScaler(Method method) {
        double[][] small = series(10, 7, 120);
        double[][] large = series(5000, 12, 120);
        WindowPlan plan = WindowPlan.split(120, WINDOW, HORIZON, 0.2);
        Scaler smallScaler = Scaler.fit(Representation.RELATIVE, small, plan.trainEnd());
        Scaler largeScaler = Scaler.fit(Representation.RELATIVE, large, plan.trainEnd());
        Windows train = concat(plan.trainingWindows(small, smallScaler), plan.trainingWindows(large, largeScaler));
        Windows validation = concat(plan.validationWindows(small, smallScaler), plan.validationWindows(large, largeScaler));
        TrainingSettings settings = new TrainingSettings(Architecture.valueOf(method.name()), Representation.RELATIVE,
                WINDOW, HORIZON, List.of(8), 25, 16, 0.01, 0.0, 4, true, 3, 1, 0.2);

        List<Double> validationLosses = new ArrayList<>();
        NetworkFit.Result fit = NetworkFit.fit(method, settings, 4, train, validation, Integer.MAX_VALUE,
                (epoch, max, trainLoss, validationLoss) -> validationLosses.add(validationLoss), null);

        assertThat(fit.epochsRun()).isEqualTo(validationLosses.size()).isBetween(1, 25);
        assertThat(fit.bestValidationLoss()).isEqualTo(validationLosses.stream().mapToDouble(d -> d).min().orElseThrow());
        assertThat(validationLosses.get(fit.bestEpoch() - 1)).isEqualTo(fit.bestValidationLoss());
        // the returned network carries the best epoch's parameters, not the last epoch's
        assertThat(RecurrentTraining.of(fit.network(), 0.0, 1).loss(validation.inputs(), validation.targets()))
                .isEqualTo(fit.bestValidationLoss());
        assertThat(fit.bestValidationLoss()).isLessThan(validationLosses.get(0) + 1e-12);

        NetworkForecaster forSmall = new NetworkForecaster(fit.network(), smallScaler, WINDOW, HORIZON);
        NetworkForecaster forLarge = forSmall.withScaler(largeScaler);
        assertThat(forLarge.network()).isSameAs(forSmall.network());
        assertThat(forLarge.scaler()).isSameAs(largeScaler);
        int end = plan.trainEnd();
        float[] raw = forSmall.predict(new float[][][] {largeScaler.encodeInput(large, end, WINDOW)})[0];
        double[] expected = largeScaler.decode(large[0], end, raw);
        assertThat(forLarge.forecast(large, new int[] {end})[0]).containsExactly(expected);
        // on the large series' own scale: near its level of 5,000, where the small series' scaler would not be
        for (double value : expected) {
            assertThat(value).isBetween(2000.0, 9000.0);
        }
        for (double value : forSmall.forecast(small, new int[] {end})[0]) {
            assertThat(value).isBetween(3.0, 20.0);
        }
    }
}
