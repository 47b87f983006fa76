package io.foresight.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.ForesightProperties;
import io.foresight.model.Baselines;
import io.foresight.model.Method;
import io.foresight.observation.ObservationStore;
import io.foresight.observation.Observations;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelVersion;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ForecastService#oneStepAhead}: each observation's forecast is made from the stored tail and the observations
 * before it only (as many points as the tail holds), with the bounds of the version's calibration, on a stored
 * version (the schema-1 fixture "short": monthly, tail of 8 points ending 1951-06-01) made a statistical method.
 */
class OneStepAheadTest {

    static final Path MANIFEST = Path.of("src/test/resources/fixtures/registry-schema-1/models/short/versions/1/manifest.json");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    ModelVersion version(Method method) throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(Files.readString(MANIFEST));
        manifest.put("method", method.name());
        manifest.putArray("members");
        return JSON.treeToValue(manifest, ModelVersion.class);
    }

    ForecastService service() {
        ForesightProperties properties = new ForesightProperties(dataDir, null, false,
                new ForesightProperties.Limits(1000, 1000, 1000, 8, 512, 200, 1_000_000, 100, 1024,
                        Duration.ofSeconds(5), 50, 100),
                new ForesightProperties.Training(16, 1, Duration.ofMinutes(30), List.of(32), 0, 1000),
                new ForesightProperties.Serving(16), new ForesightProperties.Registry("better", 10));
        return new ForecastService(null, event -> { }, properties, new ObservationStore(dataDir.resolve("observations")));
    }

    /** Monthly observations from {@code first} on. */
    static Observations observed(String first, double... values) {
        long[] seconds = new long[values.length];
        LocalDateTime t = LocalDateTime.parse(first + "T00:00");
        for (int i = 0; i < values.length; i++) {
            seconds[i] = t.plusMonths(i).toEpochSecond(ZoneOffset.UTC);
        }
        return new Observations("", seconds, values);
    }

    @Test
    void eachObservationIsForecastFromWhatCameBeforeIt() throws Exception {
        ModelVersion naive = version(Method.NAIVE);
        List<OneStepAhead> checked = service().oneStepAhead(naive, "", observed("1951-07-01", 180, 185, 600, 190),
                null, 99);
        assertThat(checked).hasSize(4);
        // naive: the value before; the first observation's is the tail's last value (178)
        assertThat(checked.stream().mapToDouble(OneStepAhead::expected).toArray()).containsExactly(178, 180, 185, 600);
        assertThat(checked.get(2).timestamp()).isEqualTo(LocalDateTime.parse("1951-09-01T00:00"));
        assertThat(checked.get(2).actual()).isEqualTo(600);
        // the bounds are the version's one-step bounds at 99 %, computed where every bound is computed
        double[] lower = new double[1];
        double[] upper = new double[1];
        naive.intervals().bounds(naive.intervalScale(), IntervalCalibration.floor(naive.settings().representation()), 0,
                185, new double[] {99}, lower, upper);
        assertThat(checked.get(2).lower()).isEqualTo(lower[0]);
        assertThat(checked.get(2).upper()).isEqualTo(upper[0]);
        assertThat(upper[0]).isGreaterThan(185).isLessThan(600);
    }

    @Test
    void aLaterObservationDoesNotChangeTheForecastOfAnEarlierOne() throws Exception {
        ModelVersion theta = version(Method.THETA);
        double[] values = {180, 185, 170, 190, 200, 210, 205, 220, 230, 225, 240};
        List<OneStepAhead> all = service().oneStepAhead(theta, "", observed("1951-07-01", values), null, 95);
        double[] changed = values.clone();
        changed[10] = 1000;
        List<OneStepAhead> other = service().oneStepAhead(theta, "", observed("1951-07-01", changed), null, 95);
        for (int i = 0; i < values.length; i++) {
            assertThat(other.get(i).expected()).isEqualTo(all.get(i).expected());
        }
        // each forecast reads as many points as the tail holds: the tail's end followed by the observations before it
        double[] tail = theta.tail().values()[0];
        int length = tail.length;
        double[] sequence = new double[length + values.length];
        System.arraycopy(tail, 0, sequence, 0, length);
        System.arraycopy(values, 0, sequence, length, values.length);
        for (int i = 0; i < values.length; i++) {
            double[] history = Arrays.copyOfRange(sequence, i, i + length);
            double expected = Baselines.of(Method.THETA, theta.validation().seasonalPeriod(), theta.settings().horizon())
                    .forecast(new double[][] {history}, length)[0];
            assertThat(all.get(i).expected()).as("observation %d", i).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void onlyObservationsAfterTheGivenTimestampAreChecked() throws Exception {
        ModelVersion naive = version(Method.NAIVE);
        Observations observed = observed("1951-07-01", 180, 185, 600, 190);
        List<OneStepAhead> all = service().oneStepAhead(naive, "", observed, null, 99);
        List<OneStepAhead> later = service().oneStepAhead(naive, "", observed, LocalDateTime.parse("1951-08-01T00:00"), 99);
        assertThat(later).containsExactly(all.get(2), all.get(3));
    }

    @Test
    void observationsThatDoNotContinueTheTrainingDataAreNotChecked() throws Exception {
        ModelVersion naive = version(Method.NAIVE);
        assertThat(service().oneStepAhead(naive, "", observed("1951-08-01", 180, 185), null, 99)).isEmpty();
        // those at or before the end of the training data are not new
        List<OneStepAhead> checked = service().oneStepAhead(naive, "", observed("1951-05-01", 1, 2, 180), null, 99);
        assertThat(checked).hasSize(1);
        assertThat(checked.get(0).expected()).isEqualTo(178);
    }
}
