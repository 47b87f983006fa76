package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.model.Accuracy;
import io.foresight.model.Architecture;
import io.foresight.model.Baselines;
import io.foresight.model.Method;
import io.foresight.model.TrainingSettings;
import io.foresight.window.Representation;

/**
 * A stored ETS version serves with the season it was fitted with: the one its settings record, else (versions stored
 * before it was recorded) the version's season, as before.
 */
class VersionLoaderEtsSeasonTest {

    private static final int HORIZON = 4;

    /** 40 quarters with a trend and a clear season. */
    private static final double[] SERIES = java.util.stream.IntStream.range(0, 40)
            .mapToDouble(t -> 100 + t + 10 * new double[] {1, -1, 2, -2}[t % 4] + Math.sin(t)).toArray();

    private static ModelVersion version(int period, Integer etsPeriod) {
        ModelVersion version = mock(ModelVersion.class);
        when(version.method()).thenReturn(Method.ETS);
        when(version.members()).thenReturn(List.of());
        when(version.settings()).thenReturn(new TrainingSettings(Architecture.AUTO, Representation.RELATIVE, 8, HORIZON,
                List.of(32), 50, 32, 0.005, 0, 42, true, 10, period, 0.2, etsPeriod));
        Accuracy none = new Accuracy(1, 1, 1, 1);
        when(version.validation()).thenReturn(new ModelVersion.Validation(4, 20, period, 1, none, none, none, true, true));
        return version;
    }

    private static double[] served(ModelVersion version) {
        return new VersionLoader(null).forecaster(version).forecast(new double[][] {SERIES}, new int[] {SERIES.length})[0];
    }

    private static double[] ets(int period) {
        return Baselines.of(Method.ETS, period, HORIZON).forecast(new double[][] {SERIES}, new int[] {SERIES.length})[0];
    }

    @Test
    void aVersionRecordingItsEtsSeasonServesWithIt() {
        assertThat(served(version(1, 4))).containsExactly(ets(4));
        assertThat(ets(4)).isNotEqualTo(ets(1));
    }

    @Test
    void aVersionStoredBeforeTheEtsSeasonWasRecordedServesAsBefore() {
        assertThat(served(version(1, null))).containsExactly(ets(1));
        assertThat(served(version(4, null))).containsExactly(ets(4));
    }
}
