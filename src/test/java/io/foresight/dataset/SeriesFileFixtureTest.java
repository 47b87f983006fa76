package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Series files already on disk keep loading: {@code src/test/resources/fixtures/series-format-1} holds files written
 * by format version 1 for CSVs of {@code src/test/resources/csv}; each must read back as the series that parsing the
 * CSV gives. Written once with {@code -Dseries.fixtures.write=true}; a format change must keep reading them.
 */
class SeriesFileFixtureTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/series-format-1");

    @ParameterizedTest
    @ValueSource(strings = {"AirPassengers", "EuStockMarkets-head200", "taylor-head400", "gaps-and-missing"})
    void version1FilesStillReadAsTheParsedCsv(String name) throws IOException, SeriesFile.DamagedException {
        TimeSeries parsed = DatasetParser.parse(resource(name + ".csv"), 200, 1_000_000).series();
        Path fixture = FIXTURES.resolve(name + ".series.bin");
        if (Boolean.getBoolean("series.fixtures.write")) {
            Files.createDirectories(FIXTURES);
            Files.write(fixture, SeriesFile.write(parsed));
        }
        SeriesFileTest.assertSameSeries(SeriesFile.read(Files.readAllBytes(fixture)), parsed);
    }
}
