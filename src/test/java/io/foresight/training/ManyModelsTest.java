package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.ForesightProperties;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.SeriesModelFile;
import io.foresight.registry.VersionLoader;
import tools.jackson.databind.json.JsonMapper;

/** Many models trained group by group, as the Spark job's tasks do, and committed as one version. */
class ManyModelsTest {

    @TempDir
    Path dir;

    private static final TrainingRequest SPEC = new TrainingRequest(null, "value", null, 6, null, null, null, null, null,
            null, null, null, null, null, null);

    /** Networks for every series, so that each group brings networks of its own. */
    private static final TrainingRequest LSTM = new TrainingRequest(null, "value", null, 6,
            io.foresight.model.Architecture.LSTM, null, List.of(8), 5, null, null, null, null, null, null, null);

    /** Monthly series {@code id}: a level, a trend and a yearly season, {@code points} long, rows newest first. */
    private static String series(String id, int points, double level) {
        StringBuilder csv = new StringBuilder();
        LocalDate start = LocalDate.of(2020, 1, 1);
        for (int t = points - 1; t >= 0; t--) {
            double value = level + 0.5 * t + 10 * Math.sin(2 * Math.PI * t / 12) + ((t * 7919) % 13) / 4.0;
            csv.append(id).append(',').append(start.plusMonths(t)).append(',').append(value).append('\n');
        }
        return csv.toString();
    }

    private static byte[] csv(String... series) {
        return ("id,timestamp,value\n" + String.join("", series)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void groupsTrainedApartBecomeOneVersionWithEverySeriesAndTheFailuresNamed() {
        ModelRegistry registry = new ModelRegistry(ForesightProperties.defaults(dir), JsonMapper.builder().build(), c -> {
        });
        ManyModels models = new ManyModels("shop", LSTM, List.of("id"), "test.csv", ForesightProperties.defaults(dir));
        Map<String, byte[]> groups = new LinkedHashMap<>();
        groups.put("b", models.train("b", csv(series("b", 48, 200))));
        groups.put("a", models.train("a", csv(series("a", 40, 100))));
        groups.put("short", models.train("short", csv(series("short", 5, 10))));
        groups.put("bad", models.train("bad", "id,timestamp,value\nbad,2020-01-01,1\nbad,yesterday,2\n"
                .getBytes(StandardCharsets.UTF_8)));

        ModelVersion version = models.commit(groups, registry, "test-job", Instant.now(), Map.of("java", "17"));

        assertThat(version.version()).isEqualTo(1);
        assertThat(version.series().count()).isEqualTo(4);
        assertThat(version.series().failed()).isEqualTo(2);
        assertThat(version.data().points()).isEqualTo(88);
        assertThat(version.data().frequency()).isEqualTo("P1M");
        List<SeriesModel> stored = SeriesModelFile.read(registry.read(version, SeriesModelFile.NAME));
        assertThat(stored).extracting(SeriesModel::id).containsExactly("a", "b", "bad", "short");
        assertThat(stored.get(0).trained()).isTrue();
        assertThat(stored.get(0).end()).isEqualTo("2023-04-01");
        assertThat(stored.get(2).failure()).isNotBlank();
        assertThat(stored.get(3).failure()).contains("5 points");
        // each group's networks were renumbered after the previous groups': the networks a series names forecast, from
        // its stored tail, exactly what it forecast when it was trained
        assertThat(stored.stream().filter(s -> !s.members().isEmpty())).hasSize(2);
        assertThat(stored.stream().flatMap(s -> s.members().stream()).distinct().count())
                .as("every network stored is one a series forecasts with").isEqualTo(version.members().size());
        VersionLoader loader = new VersionLoader(registry);
        for (SeriesModel s : stored.stream().filter(SeriesModel::trained).toList()) {
            double[] again = VersionLoader.forecaster(version, s, loader.networks(version)).forecast(s.tail(),
                    s.tail()[0].length);
            assertThat(again).as(s.id()).containsExactly(s.forecast());
        }
    }

    @Test
    void aGroupTrainedTwiceGivesTheSameBytes() {
        ManyModels models = new ManyModels("shop", SPEC, List.of("id"), "test.csv", ForesightProperties.defaults(dir));
        byte[] csv = csv(series("a", 40, 100), series("b", 36, 50));

        assertThat(models.train("g", csv)).isEqualTo(models.train("g", csv));
    }

    @Test
    void nothingIsRegisteredWhenNoSeriesCouldBeTrained() {
        ModelRegistry registry = new ModelRegistry(ForesightProperties.defaults(dir), JsonMapper.builder().build(), c -> {
        });
        ManyModels models = new ManyModels("shop", SPEC, List.of("id"), "test.csv", ForesightProperties.defaults(dir));
        Map<String, byte[]> groups = Map.of("short", models.train("short", csv(series("short", 5, 10))));

        assertThatThrownBy(() -> models.commit(groups, registry, "test-job", Instant.now(), Map.of()))
                .isInstanceOf(TrainingFailedException.class).hasMessageContaining("Nothing was registered");
        assertThat(registry.names()).isEmpty();
    }
}
