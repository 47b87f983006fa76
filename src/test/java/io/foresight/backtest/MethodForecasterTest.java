package io.foresight.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.dataset.DatasetService;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.Architecture;
import io.foresight.model.Baselines;
import io.foresight.model.Method;

/** {@code backtest --method=M}: one statistical method's forecast of each part, as the method itself makes it. */
class MethodForecasterTest {

    @Test
    void forecastsEachPartWithTheMethodAndTheSeasonTheServiceWouldChoose() {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        double[] values = new double[72];
        for (int t = 0; t < values.length; t++) {
            values[t] = 100 + t + 20 * Math.sin(2 * Math.PI * t / 12);
            csv.append(LocalDate.of(2015, 1, 1).plusMonths(t)).append(',').append(values[t]).append('\n');
        }
        TimeSeries data = DatasetService.parse(csv.toString().getBytes(StandardCharsets.UTF_8));
        double[] train = java.util.Arrays.copyOf(values, 54);
        PanelForecaster.TrainingPart part = new PanelForecaster.TrainingPart("s", "s", data, train, 18, Architecture.AUTO, null);

        PanelForecaster.Outcome outcome = new MethodForecaster(Method.THETA).forecast(List.of(part)).get(0);

        double[] expected = Baselines.of(Method.THETA, 12, 18).forecast(new double[][] {train}, new int[] {54})[0];
        assertThat(outcome.error()).isNull();
        assertThat(outcome.method()).isEqualTo("THETA");
        assertThat(outcome.point()).containsExactly(expected);
        assertThat(outcome.lower()).as("no intervals").isNull();
    }

    @Test
    void onlyStatisticalMethodsAreAccepted() {
        assertThatThrownBy(() -> new MethodForecaster(Method.LSTM)).hasMessageContaining("statistical method");
        assertThatThrownBy(() -> BacktestOptions.parse(List.of("--method=THETA", "--many", "a.csv")))
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> BacktestOptions.parse(List.of("--method=NOPE", "a.csv"))).hasMessageContaining("--method");
        assertThat(BacktestOptions.parse(List.of("--method=theta", "a.csv")).method())
                .isEqualTo(Method.THETA);
    }
}
