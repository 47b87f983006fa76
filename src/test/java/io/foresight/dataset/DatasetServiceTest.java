package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.bytes;
import static io.foresight.dataset.CsvFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import tools.jackson.databind.json.JsonMapper;

/** Storage, naming, ids and the series cache, against a temporary data directory. */
class DatasetServiceTest {

    @TempDir
    Path dataDir;

    private DatasetService service() {
        return service(200, 1_000_000);
    }

    private DatasetService service(int maxColumns, int maxRows) {
        ForesightProperties properties = new ForesightProperties(dataDir, null, false,
                new ForesightProperties.Limits(1000, 1000, 1000, 8, 512, maxColumns, maxRows, 20, 1024,
                        java.time.Duration.ofSeconds(5), 50, 100),
                new ForesightProperties.Training(16, 1, Duration.ofMinutes(30), List.of(32), 0, 1000),
                new ForesightProperties.Serving(16));
        return new DatasetService(properties, JsonMapper.builder().build());
    }

    private Path datasets() {
        return dataDir.resolve("datasets");
    }

    @Test
    void createStoresTheUploadAndDescribesIt() throws Exception {
        byte[] csv = resource("AirPassengers.csv");
        DatasetInfo info = service().create("air", "AirPassengers.csv", csv);

        assertThat(info.id()).matches("ds-[0-9a-f]{12}");
        assertThat(info.name()).isEqualTo("air");
        assertThat(info.rows()).isEqualTo(144);
        assertThat(info.frequency()).isEqualTo("P1M");
        assertThat(info.start()).isEqualTo("1949-01-01");
        assertThat(info.end()).isEqualTo("1960-12-01");
        assertThat(info.timestampColumn()).isEqualTo("timestamp");
        assertThat(info.columns()).containsExactly(new ColumnInfo("timestamp", "TIMESTAMP"),
                new ColumnInfo("value", "NUMBER"));
        assertThat(info.missingValues()).isZero();
        assertThat(info.gaps()).isZero();
        assertThat(info.sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)));
        assertThat(info.createdAt()).isNotNull();

        Path dir = datasets().resolve(info.id());
        assertThat(dir.resolve("source.csv")).hasBinaryContent(csv);
        assertThat(dir.resolve("dataset.json")).content().contains("\"frequency\":\"P1M\"");
        try (var leftovers = Files.list(datasets())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly(info.id());
        }
    }

    @Test
    void dateTimeSeriesReportStartAndEndWithSeconds() {
        DatasetInfo info = service().create(null, "taylor.csv", resource("taylor-head400.csv"));
        assertThat(info.start()).isEqualTo("2000-06-05T00:00:00");
        assertThat(info.end()).isEqualTo("2000-06-13T07:30:00");
        assertThat(info.frequency()).isEqualTo("PT30M");
    }

    @Test
    void reportsGapsAndMissingValues() {
        DatasetInfo info = service().create("g", null,
                bytes("timestamp,v\n2024-01-01,1\n2024-01-02,\n2024-01-04,4\n2024-01-05,5\n2024-01-06,6\n"));
        assertThat(info.rows()).isEqualTo(6);
        assertThat(info.gaps()).isEqualTo(1);
        assertThat(info.missingValues()).isEqualTo(2);
    }

    @Test
    void datasetsSurviveARestart() {
        DatasetInfo created = service().create("air", null, resource("AirPassengers.csv"));
        DatasetService restarted = service();
        assertThat(restarted.get(created.id())).isEqualTo(created);
        TimeSeries series = restarted.load(created.id());
        assertThat(series.size()).isEqualTo(144);
        assertThat(series.frequency().code()).isEqualTo("P1M");
    }

    @Test
    void listIsNewestFirst() throws InterruptedException {
        DatasetService service = service();
        DatasetInfo first = service.create("first", null, bytes(CsvFixtures.daily(5)));
        Thread.sleep(5);
        DatasetInfo second = service.create("second", null, bytes(CsvFixtures.daily(6)));
        assertThat(service.list()).extracting(DatasetInfo::id).containsExactly(second.id(), first.id());
        assertThat(service().list()).extracting(DatasetInfo::id).containsExactly(second.id(), first.id());
    }

    @Test
    void loadReturnsACopyThatCallersMayChange() {
        DatasetService service = service();
        String id = service.create("d", null, bytes(CsvFixtures.daily(5))).id();
        TimeSeries loaded = service.load(id);
        loaded.column("value").values()[0] = 999;
        assertThat(service.load(id).column("value").values()[0]).isEqualTo(1.0);
    }

    @Test
    void theParsedSeriesIsStoredAndLoadedWithoutParsingTheCsv() throws IOException {
        byte[] csv = resource("EuStockMarkets-head200.csv");
        String id = service().create("eu", null, csv).id();
        Path dir = datasets().resolve(id);
        assertThat(dir.resolve("series.bin")).exists();
        // Proof that a fresh service (empty cache) reads series.bin: the CSV is no longer parseable.
        Files.write(dir.resolve("source.csv"), bytes("not,a\ncsv\n"));
        SeriesFileTest.assertSameSeries(service().load(id), DatasetParser.parse(csv, 200, 1_000_000).series());
    }

    @Test
    void aDatasetStoredBeforeSeriesFilesExistedStillLoads() throws IOException {
        byte[] csv = bytes("timestamp,a,b\n2024-01-01,1,10\n2024-01-02,,20\n2024-01-04,4,40\n2024-01-05,5,50\n"
                + "2024-01-06,6,60\n");
        String id = service().create("old", null, csv).id();
        Files.delete(datasets().resolve(id).resolve("series.bin"));

        DatasetService restarted = service();
        assertThat(restarted.list()).extracting(DatasetInfo::id).containsExactly(id);
        SeriesFileTest.assertSameSeries(restarted.load(id), DatasetParser.parse(csv, 200, 1_000_000).series());
        assertThat(restarted.delete(id)).isTrue();
        assertThat(datasets().resolve(id)).doesNotExist();
    }

    @Test
    void aDamagedSeriesFileFallsBackToTheCsv() throws IOException {
        byte[] csv = resource("taylor-head400.csv");
        String id = service().create("taylor", null, csv).id();
        Path file = datasets().resolve(id).resolve("series.bin");
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 0x40;
        Files.write(file, damaged);
        TimeSeries parsed = DatasetParser.parse(csv, 200, 1_000_000).series();

        SeriesFileTest.assertSameSeries(service().load(id), parsed);
        Files.write(file, java.util.Arrays.copyOf(damaged, 10));
        SeriesFileTest.assertSameSeries(service().load(id), parsed);
    }

    @Test
    void deleteRemovesTheDirectory() {
        DatasetService service = service();
        String id = service.create("d", null, bytes(CsvFixtures.daily(5))).id();
        assertThat(service.delete(id)).isTrue();
        assertThat(datasets().resolve(id)).doesNotExist();
        assertThat(service.find(id)).isEmpty();
        assertThat(service.delete(id)).isFalse();
        assertThatThrownBy(() -> service.load(id)).isInstanceOfSatisfying(ForesightException.class,
                e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.NOT_FOUND));
        assertThat(service().list()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../datasets", "ds-../../etc", "DS-0123456789AB", "ds-0123456789a", "ds-0123456789abc",
            "ds-0123456789ab/..", ""})
    void idsThatAreNotGeneratedOnesAreNotFound(String id) {
        DatasetService service = service();
        assertThat(service.find(id)).isEmpty();
        List<ThrowingCallable> calls = List.of(() -> service.get(id), () -> service.load(id),
                () -> service.delete(id));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOfSatisfying(ForesightException.class,
                    e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.NOT_FOUND))
                    .hasMessageContaining("ds-0123456789ab");
        }
    }

    @Test
    void unknownWellFormedIdIsNotFound() {
        assertThatThrownBy(() -> service().get("ds-0123456789ab"))
                .isInstanceOfSatisfying(ForesightException.class,
                        e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.NOT_FOUND))
                .hasMessageContaining("'ds-0123456789ab'");
    }

    @Test
    void startUpRemovesTemporaryDirectoriesOlderThanAnHourAndSkipsUnreadableOnes() throws IOException {
        DatasetService service = service();
        String id = service.create("kept", null, bytes(CsvFixtures.daily(5))).id();
        Path temporary = Files.createDirectories(datasets().resolve(".tmp-0123abcd"));
        Files.writeString(temporary.resolve("source.csv"), "partial");
        Files.setLastModifiedTime(temporary, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(DatasetStore.LEFTOVER_AGE).minusSeconds(60)));
        // as young as an upload another process sharing the directory may be writing right now
        Path inProgress = Files.createDirectories(datasets().resolve(".tmp-4567cdef"));
        Files.writeString(inProgress.resolve("source.csv"), "partial");
        Files.createDirectories(datasets().resolve("ds-aaaaaaaaaaaa"));
        Files.createDirectories(datasets().resolve("ds-bbbbbbbbbbbb"));
        Files.writeString(datasets().resolve("ds-bbbbbbbbbbbb").resolve("dataset.json"), "{not json");

        DatasetService restarted = service();
        assertThat(temporary).doesNotExist();
        assertThat(inProgress).isDirectory();
        assertThat(restarted.list()).extracting(DatasetInfo::id).containsExactly(id);
        assertThat(restarted.find("ds-aaaaaaaaaaaa")).isEmpty();
    }

    @Test
    void rejectedUploadsLeaveNothingBehind() throws IOException {
        DatasetService service = service();
        assertThatThrownBy(() -> service.create("bad", null, bytes("timestamp,value\n")))
                .isInstanceOf(ForesightException.class);
        assertThatThrownBy(() -> service.create("bad", null, new byte[0])).hasMessageContaining("empty");
        try (var entries = Files.list(datasets())) {
            assertThat(entries).isEmpty();
        }
        assertThat(service.list()).isEmpty();
    }

    @Test
    void limitsComeFromTheProperties() {
        assertThatThrownBy(() -> service(2, 1_000_000).create("x", null,
                bytes("timestamp,a,b\n2024-01-01,1,2\n2024-01-02,1,2\n2024-01-03,1,2\n")))
                .hasMessageContaining("more than 2 columns");
        assertThatThrownBy(() -> service(200, 4).create("x", null, bytes(CsvFixtures.daily(5))))
                .hasMessageContaining("more than 4 data rows");
    }

    @ParameterizedTest
    @CsvSource(value = {
            "'', sales.csv, sales",
            "'  ', C:\\Users\\me\\my data (2).csv, my_data__2_",
            "NULL, /tmp/archive.tar.csv, archive.tar",
            "NULL, .hidden.csv, _hidden",
            "NULL, .csv, _csv",
            "NULL, NULL, dataset",
            "NULL, résumé.csv, r_sum_",
            "NULL, a-very-long-file-name-indeed-yes.csv, a-very-long-file-nam",
            "' my-set_1.0 ', x.csv, my-set_1.0"}, nullValues = "NULL")
    void namesComeFromTheRequestOrTheFileName(String name, String filename, String expected) {
        assertThat(DatasetService.resolveName(name, filename, 20)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {".hidden", "a/b", "../x", "name with space", "ünï", "xxxxxxxxxxxxxxxxxxxxx"})
    void invalidNamesAreRejectedWithThePattern(String name) {
        assertThatThrownBy(() -> service().create(name, "ok.csv", bytes(CsvFixtures.daily(5))))
                .isInstanceOfSatisfying(ForesightException.class,
                        e -> assertThat(e.kind()).isEqualTo(ForesightException.Kind.BAD_INPUT))
                .hasMessageContaining("[A-Za-z0-9._-]");
    }
}
