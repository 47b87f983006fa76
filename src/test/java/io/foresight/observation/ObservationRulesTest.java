package io.foresight.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;

/** The rules a batch of observations must follow: grid, order, duplicates, gaps, values, series, replace. */
class ObservationRulesTest {

    private static final Frequency MONTHLY = Frequency.parse("P1M");
    private static final LocalDateTime END = LocalDateTime.of(1960, 12, 1, 0, 0);
    private static final ObservationRules.Target TARGET = new ObservationRules.Target(END, false, null);

    private static List<NewObservation> points(String series, Object... timestampsAndValues) {
        List<NewObservation> points = new ArrayList<>();
        for (int i = 0; i < timestampsAndValues.length; i += 2) {
            points.add(new NewObservation(series, (String) timestampsAndValues[i], (Double) timestampsAndValues[i + 1],
                    "points[" + i / 2 + "]"));
        }
        return points;
    }

    private static ObservationStore.Change check(List<NewObservation> points, boolean replace,
            Map<String, Observations> stored) {
        return ObservationRules.check("air", MONTHLY, true, points, replace, id -> id.equals("") ? TARGET : null, stored);
    }

    private static String rejected(List<NewObservation> points, boolean replace, Map<String, Observations> stored) {
        try {
            check(points, replace, stored);
        } catch (ForesightException e) {
            assertThat(e.kind()).isEqualTo(ForesightException.Kind.BAD_INPUT);
            return e.getMessage();
        }
        throw new AssertionError("accepted " + points);
    }

    private static Observations stored(String... monthsAfterEnd) {
        Observations none = Observations.none("");
        long[] seconds = new long[monthsAfterEnd.length];
        double[] values = new double[monthsAfterEnd.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = Observations.seconds(LocalDateTime.parse(monthsAfterEnd[i] + "T00:00"));
            values[i] = 100 + i;
        }
        return none.with(seconds, values, false);
    }

    @Test
    void consecutiveStepsAfterTheTrainingDataAreAccepted() {
        ObservationStore.Change change = check(points("", "1961-01-01", 417.0, "1961-02-01", 391.0), false, Map.of());
        assertThat(change.appends()).hasSize(1);
        ObservationStore.Append append = change.appends().get(0);
        assertThat(append.values()).containsExactly(417.0, 391.0);
        assertThat(Observations.time(append.seconds()[1])).isEqualTo(LocalDateTime.of(1961, 2, 1, 0, 0));
    }

    @Test
    void aBatchContinuesTheLastStoredObservationNotTheTrainingData() {
        Map<String, Observations> stored = Map.of("", stored("1961-01-01", "1961-02-01"));
        assertThat(check(points("", "1961-03-01", 1.0), false, stored).appends()).hasSize(1);
        assertThat(rejected(points("", "1961-02-01", 1.0), false, stored))
                .contains("1961-02-01 is at or before the last known one, 1961-02-01").contains("replace");
    }

    @Test
    void aTimestampOfTheTrainingDataIsRejected() {
        assertThat(rejected(points("", "1960-12-01", 1.0), false, Map.of()))
                .contains("points[0]: timestamp 1960-12-01 is at or before the last known one, 1960-12-01 (the end of the"
                        + " training data)")
                .contains("nothing was stored");
    }

    @Test
    void duplicatesAreNamed() {
        assertThat(rejected(points("", "1961-01-01", 1.0, "1961-01-01", 2.0), false, Map.of()))
                .contains("points[1]: timestamp 1961-01-01 is a duplicate");
    }

    @Test
    void outOfOrderPointsAreNamed() {
        assertThat(rejected(points("", "1961-01-01", 1.0, "1961-03-01", 2.0, "1961-02-01", 3.0), false, Map.of()))
                .contains("points[1]: timestamp 1961-03-01 leaves a gap; the next step is 1961-02-01")
                .contains("points[2]: timestamp 1961-02-01 comes before the point sent ahead of it")
                .startsWith("2 problems");
    }

    @Test
    void offGridTimestampsAreNamed() {
        assertThat(rejected(points("", "1961-01-15", 1.0), false, Map.of()))
                .contains("1961-01-15 is not on the model's grid (frequency P1M, e.g. 1961-01-01)");
    }

    @Test
    void gapsAreRejected() {
        assertThat(rejected(points("", "1961-02-01", 1.0), false, Map.of()))
                .contains("1961-02-01 leaves a gap; the next step is 1961-01-01");
    }

    @Test
    void missingAndNonFiniteValuesAndBadTimestampsAreNamed() {
        String detail = rejected(points("", "1961-01-01", null, "1961-02-01", Double.NaN, "Feb 1961", 3.0), false,
                Map.of());
        assertThat(detail).contains("points[0] (1961-01-01): the value is missing")
                .contains("points[1] (1961-02-01): the value NaN is not a finite number")
                .contains("points[2]: 'Feb 1961' is not a timestamp");
    }

    @Test
    void aLogScaleModelNeedsPositiveValues() {
        ObservationRules.Target positive = new ObservationRules.Target(END, true, null);
        assertThatThrownBy(() -> ObservationRules.check("air", MONTHLY, true, points("", "1961-01-01", 0.0), false,
                id -> positive, Map.of())).hasMessageContaining("not positive");
    }

    @Test
    void unknownSeriesRejectTheWholeBatchWithTheGoodOnes() {
        List<NewObservation> batch = new ArrayList<>(points("7/3", "1961-01-01", 1.0));
        batch.addAll(points("9/9", "1961-01-01", 1.0));
        String detail = rejected0(batch);
        assertThat(detail).contains("series '9/9' is not a series of model 'air'").startsWith("1 problem");
    }

    private static String rejected0(List<NewObservation> batch) {
        try {
            ObservationRules.check("air", MONTHLY, true, batch, false, id -> id.equals("7/3") ? TARGET : null, Map.of());
        } catch (ForesightException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void manyProblemsAreCountedBeyondTheFirstFew() {
        List<NewObservation> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new NewObservation("", "1961-01-01", 1.0, "points[" + i + "]"));
        }
        assertThat(rejected(batch, false, Map.of())).startsWith("19 problems").endsWith("; and 11 more.");
    }

    @Test
    void replaceRewritesFromItsFirstTimestampButNeverTheTrainingData() {
        Map<String, Observations> stored = Map.of("", stored("1961-01-01", "1961-02-01", "1961-03-01"));
        ObservationStore.Change change = check(points("", "1961-02-01", 7.0, "1961-03-01", 8.0, "1961-04-01", 9.0), true,
                stored);
        Observations after = stored.get("").with(change.appends().get(0).seconds(), change.appends().get(0).values(),
                change.replace());
        assertThat(after.values()).containsExactly(100.0, 7.0, 8.0, 9.0);
        assertThat(rejected(points("", "1960-12-01", 1.0), true, stored)).contains("never rewritten");
        assertThat(rejected(points("", "1961-05-01", 1.0), true, stored))
                .contains("1961-05-01 leaves a gap; the next step is 1961-04-01");
        assertThat(rejected(points("", "1961-02-01", 1.0), false, stored)).contains("at or before");
    }
}
