package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The stored panel file gives back exactly the panel parsing gives, refuses damaged files, and files of format
 * version 1 already on disk keep reading: {@code src/test/resources/fixtures/panel-format-1} holds one written for
 * {@code csv/shops-long.csv} (month ends, a gap, missing values, quoted ids, a series too short, a text column);
 * written once with {@code -Dpanel.fixtures.write=true}, a format change must keep reading it.
 */
class PanelFileTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/panel-format-1");

    private static ParsedPanel shops() {
        return LongFormatParser.parse(resource("shops-long.csv"), List.of("store", "item"), 200, 1_000, 100);
    }

    @Test
    void theFixtureParsesAsDescribed() {
        ParsedPanel parsed = shops();
        assertThat(parsed.panel().ids()).containsExactly("12/1", "7/3", "New \"York\"/1");
        assertThat(parsed.tooShort()).extracting(ShortSeries::id).containsExactly("9/9");
        assertThat(parsed.gaps()).containsExactly(0, 1, 0);
        TimeSeries sevenThree = parsed.panel().find("7/3").orElseThrow();
        assertThat(sevenThree.timestamps().get(2)).hasToString("2020-03-31T00:00");
        assertThat(sevenThree.column("sales").values()).containsExactly(10, 11, Double.NaN, 13, Double.NaN, 15);
        assertThat(sevenThree.columnNames()).containsExactly("sales", "price");
    }

    @Test
    void writesAndReadsBackTheSamePanelAndGaps() throws Exception {
        ParsedPanel parsed = shops();
        PanelFile.Stored read = PanelFile.read(PanelFile.write(parsed.panel(), parsed.gaps()));

        PanelDatasetServiceTest.assertSamePanel(read.panel(), parsed.panel());
        assertThat(read.gaps()).containsExactly(parsed.gaps());
        assertThat(read.panel().series().get(0).data().timestamps()).isInstanceOf(RegularTimestamps.class);
    }

    @Test
    void aDamagedOrTruncatedFileIsRefused() {
        ParsedPanel parsed = shops();
        byte[] file = PanelFile.write(parsed.panel(), parsed.gaps());
        for (int at : new int[] {0, 5, 40, file.length / 2, file.length - 1}) {
            byte[] damaged = file.clone();
            damaged[at] ^= 0x10;
            assertThatThrownBy(() -> PanelFile.read(damaged)).isInstanceOf(SeriesFile.DamagedException.class);
        }
        assertThatThrownBy(() -> PanelFile.read(Arrays.copyOf(file, file.length - 9)))
                .isInstanceOf(SeriesFile.DamagedException.class);
        assertThatThrownBy(() -> PanelFile.read(new byte[10])).isInstanceOf(SeriesFile.DamagedException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void version1FilesStillReadAsTheParsedCsv() throws IOException, SeriesFile.DamagedException {
        ParsedPanel parsed = shops();
        Path fixture = FIXTURES.resolve("shops-long.panel.bin");
        if (Boolean.getBoolean("panel.fixtures.write")) {
            Files.createDirectories(FIXTURES);
            Files.write(fixture, PanelFile.write(parsed.panel(), parsed.gaps()));
        }
        PanelFile.Stored read = PanelFile.read(Files.readAllBytes(fixture));
        PanelDatasetServiceTest.assertSamePanel(read.panel(), parsed.panel());
        assertThat(read.gaps()).containsExactly(parsed.gaps());
    }
}
