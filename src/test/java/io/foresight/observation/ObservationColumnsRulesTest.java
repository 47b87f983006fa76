package io.foresight.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;
import io.foresight.dataset.Frequency;

/**
 * The columns an observation carries besides its target (a model's feature columns and future features): each read
 * at every point, a missing, non-numeric or unknown one refused with the column and its timestamps, one problem per
 * column however many points have it.
 */
class ObservationColumnsRulesTest {

    private static final Frequency DAILY = Frequency.parse("P1D");
    private static final LocalDate END = LocalDate.of(2000, 8, 27);
    private static final ObservationRules.Target TARGET = new ObservationRules.Target(END.atStartOfDay(), false, null);

    private static NewObservation point(int day, Map<String, Object> columns) {
        return new NewObservation("", END.plusDays(day).toString(), 1000.0 + day, "points[" + (day - 1) + "]",
                columns);
    }

    private static ObservationStore.Change check(List<String> columns, List<NewObservation> points) {
        return ObservationRules.check("demand", DAILY, true, columns, points, false, id -> id.isEmpty() ? TARGET : null,
                Map.of());
    }

    private static String rejected(List<String> columns, List<NewObservation> points) {
        try {
            check(columns, points);
        } catch (ForesightException e) {
            assertThat(e.kind()).isEqualTo(ForesightException.Kind.BAD_INPUT);
            return e.getMessage();
        }
        throw new AssertionError("accepted " + points);
    }

    @Test
    void everyColumnIsStoredWithItsPointsInTheModelsOrder() {
        ObservationStore.Change change = check(List.of("price", "promo"), List.of(
                point(1, Map.of("promo", 1, "price", 2.5)), point(2, Map.of("promo", 0.0, "price", 3L))));
        ObservationStore.Append append = change.appends().get(0);
        assertThat(append.values()).containsExactly(1001, 1002);
        assertThat(append.names()).containsExactly("price", "promo");
        assertThat(append.columns()[0]).containsExactly(2.5, 3);
        assertThat(append.columns()[1]).containsExactly(1, 0);
    }

    @Test
    void aColumnMissingAtManyPointsIsOneProblemNamingTheFirstTimestamps() {
        List<NewObservation> points = new ArrayList<>();
        for (int day = 1; day <= 30; day++) {
            Map<String, Object> cells = new HashMap<>();
            cells.put("promo", day == 3 ? null : 1); // null: missing, as a column left out (the even days)
            points.add(point(day, day % 2 == 0 ? Map.of() : cells));
        }
        String detail = rejected(List.of("promo"), points);
        assertThat(detail).isEqualTo("1 problem in the observations; nothing was stored: column 'promo' has no value"
                + " at 16 timestamps: 2000-08-29, 2000-08-30, 2000-08-31, 2000-09-02, 2000-09-04, 2000-09-06, 2000-09-08,"
                + " 2000-09-10, ... (model 'demand' reads its target and [promo], at every point).");
    }

    @Test
    void aNonNumericOrInfiniteValueAndAColumnTheModelDoesNotReadAreRefused() {
        String detail = rejected(List.of("promo"), List.of(point(1, Map.of("promo", "1")),
                point(2, Map.of("promo", Double.POSITIVE_INFINITY)), point(3, Map.of("promo", true, "temp", 21.5))));
        assertThat(detail).contains("column 'promo' is not a finite number at 3 timestamps: 2000-08-28, 2000-08-29,"
                + " 2000-08-30").contains("'temp' is not a column model 'demand' reads at 2000-08-30");
    }

    @Test
    void aModelOfItsTargetAloneRefusesAnyOtherField() {
        assertThat(rejected(List.of(), List.of(point(1, Map.of("promo", 1)))))
                .contains("'promo' is not a column model 'demand' reads at 2000-08-28 (model 'demand' reads its target"
                        + " alone (send timestamp and value))");
        assertThat(check(List.of(), List.of(point(1, Map.of()))).appends().get(0).names()).isEmpty();
    }

    @Test
    void aCsvCarriesTheColumnsByHeaderAndItsCellsAreNumbersOrMissing() {
        byte[] csv = ("day,promo,demand\n2000-08-28,1,1001\n2000-08-29,,1002\n2000-08-30,yes,1003\n2000-08-31,1e0,1004\n")
                .getBytes(StandardCharsets.UTF_8);
        List<NewObservation> points = ObservationService.csvPoints(csv, "demand", "demand", List.of(),
                List.of("promo"), 10, 100);
        assertThat(points).extracting(p -> p.columns().get("promo")).containsExactly(1.0, null, "yes", 1.0);
        String detail = rejected(List.of("promo"), points);
        assertThat(detail).contains("column 'promo' has no value at 2000-08-29")
                .contains("column 'promo' is not a finite number at 2000-08-30");

        byte[] extra = "day,promo,temp,demand\n2000-08-28,1,20,1001\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ObservationService.csvPoints(extra, "demand", "demand", List.of(), List.of("promo"),
                10, 100)).isInstanceOf(ForesightException.class)
                .hasMessageContaining("the columns it reads [promo] and one timestamp column (no other column)");
        byte[] without = "day,demand\n2000-08-28,1001\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ObservationService.csvPoints(without, "demand", "demand", List.of(),
                List.of("promo"), 10, 100)).hasMessageContaining("its header is [day, demand]");
    }

    @Test
    void storedPointsWithoutAColumnReadAsNaNAfterThoseWithIt() {
        Observations none = Observations.none("");
        long second = Observations.seconds(LocalDateTime.of(2000, 8, 28, 0, 0));
        Observations with = none.with(new long[] {second}, new double[] {1}, List.of("promo"), new double[][] {{1}},
                false);
        assertThat(with.with(new long[] {second + 86_400}, new double[] {2}, false).column("promo"))
                .containsExactly(1, Double.NaN);
    }
}
