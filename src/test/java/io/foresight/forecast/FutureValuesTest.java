package io.foresight.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;
import io.foresight.model.Architecture;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelVersion;
import io.foresight.window.Representation;

/** Where a forecast's future feature values come from, and the refusal when one is missing. */
class FutureValuesTest {

    /** Daily data to 2025-01-05 (tail: the last 3 days), a plan stored for 2025-01-06 and 07; horizon 3. */
    private static ModelVersion version() {
        ModelVersion version = mock(ModelVersion.class);
        when(version.model()).thenReturn("demand");
        when(version.version()).thenReturn(1);
        when(version.data()).thenReturn(new ModelVersion.Data("ds-1", "demand", "sha", "demand", List.of(), "P1D", true,
                30, 0, "2024-12-07", "2025-01-05", List.of("promo", "price"), null, null));
        when(version.settings()).thenReturn(new TrainingSettings(Architecture.AUTO, Representation.RELATIVE, 8, 3,
                List.of(32), 10, 32, 0.005, 0, 42, true, 10, 7, 0.2));
        // tail channels: demand, promo, price
        when(version.tail()).thenReturn(new ModelVersion.Tail(List.of("2025-01-03", "2025-01-04", "2025-01-05"),
                new double[][] {{10, 11, 12}, {0, 1, 0}, {5, 5, 6}}, new double[][] {{1, 0}, {6, 7}}));
        return version;
    }

    private static ForecastQuery.Observation row(String timestamp, Double promo, Double price) {
        Map<String, Double> values = new HashMap<>();
        if (promo != null) {
            values.put("promo", promo);
        }
        if (price != null) {
            values.put("price", price);
        }
        return new ForecastQuery.Observation(timestamp, values);
    }

    @Test
    void theStoredPlanAnswersAfterTheEndAndTheTailBeforeIt() {
        // from the end of the data: the two stored days, the third step is sent
        double[][] values = FutureValues.of(version(), LocalDateTime.of(2025, 1, 5, 0, 0), 3,
                List.of(row("2025-01-08", 1.0, 8.0)));
        assertThat(values[0]).containsExactly(1, 0, 1);
        assertThat(values[1]).containsExactly(6, 7, 8);
        // history that ends two days before the data did: its next steps are in the stored tail, then in the plan
        double[][] earlier = FutureValues.of(version(), LocalDateTime.of(2025, 1, 3, 0, 0), 3, null);
        assertThat(earlier[0]).containsExactly(1, 0, 1);
        assertThat(earlier[1]).containsExactly(5, 6, 6);
    }

    @Test
    void sentValuesReplaceTheStoredOnesColumnByColumn() {
        double[][] values = FutureValues.of(version(), LocalDateTime.of(2025, 1, 5, 0, 0), 3,
                List.of(row("2025-01-07", 1.0, null), row("2025-01-08", 0.0, 9.0)));
        assertThat(values[0]).containsExactly(1, 1, 0);
        assertThat(values[1]).containsExactly(6, 7, 9);
    }

    @Test
    void aMissingValueIsRefusedNamingTheColumnsAndTheDays() {
        assertThatThrownBy(() -> FutureValues.of(version(), LocalDateTime.of(2025, 1, 5, 0, 0), 4,
                List.of(row("2025-01-08", 1.0, null))))
                .isInstanceOf(ForesightException.class)
                .hasMessageContaining("[promo, price] have no value at 2 of them: 2025-01-08 (price), 2025-01-09")
                // where the stored plan ends, and why a plan in the dataset may end before its last row
                .hasMessageContaining("The plan stored with the version ends at 2025-01-07: training keeps the dataset's"
                        + " rows after the last target value up to the first step where a future feature has no value");
    }

    @Test
    void sentRowsMustBeStepsAfterTheHistoryOnceEach() {
        assertThatThrownBy(() -> FutureValues.of(version(), LocalDateTime.of(2025, 1, 5, 0, 0), 3,
                List.of(row("2025-01-05", 1.0, 1.0)))).hasMessageContaining("is not a step after 2025-01-05");
        assertThatThrownBy(() -> FutureValues.of(version(), LocalDateTime.of(2025, 1, 5, 0, 0), 3,
                List.of(row("2025-01-06T12:00:00", 1.0, 1.0)))).hasMessageContaining("is not a step after");
        assertThatThrownBy(() -> FutureValues.of(version(), LocalDateTime.of(2025, 1, 5, 0, 0), 3,
                List.of(row("2025-01-06", 1.0, 1.0), row("2025-01-06", 0.0, 1.0)))).hasMessageContaining("twice");
        assertThatThrownBy(() -> FutureValues.of(version(), LocalDateTime.of(2025, 1, 5, 0, 0), 3,
                List.of(row("2025-01-06", Double.POSITIVE_INFINITY, 1.0)))).hasMessageContaining("not a finite number");
    }
}
