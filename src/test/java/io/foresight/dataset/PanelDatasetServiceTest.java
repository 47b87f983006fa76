package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import tools.jackson.databind.json.JsonMapper;

/** Many-series datasets through DatasetService: what is reported, stored, read back and listed. */
class PanelDatasetServiceTest {

    @TempDir
    Path dataDir;

    private final JsonMapper json = JsonMapper.builder().build();

    private DatasetService service() {
        ForesightProperties properties = new ForesightProperties(dataDir, null, false,
                new ForesightProperties.Limits(1000, 1000, 1000, 8, 512, 200, 1_000_000, 20, 1024,
                        Duration.ofSeconds(5), 50, 100),
                new ForesightProperties.Training(16, 1, Duration.ofMinutes(30), List.of(32), 0, 1000),
                new ForesightProperties.Serving(16));
        return new DatasetService(properties, json);
    }

    /** store 1..stores x item 1..2, daily from 2024-01-01; series 1/1 misses one day, series 9/9 has one row. */
    static byte[] longCsv(int stores, int days) {
        StringJoiner csv = new StringJoiner("\n", "", "\n").add("store,item,date,sales,price");
        LocalDate start = LocalDate.parse("2024-01-01");
        for (int d = 0; d < days; d++) {
            for (int s = 1; s <= stores; s++) {
                for (int i = 1; i <= 2; i++) {
                    if (s == 1 && i == 1 && d == 3) {
                        continue;
                    }
                    csv.add(s + "," + i + "," + start.plusDays(d) + "," + (s * 100 + i * 10 + d) + "," + (d % 2 == 0 ? "" : "2.5"));
                }
            }
        }
        csv.add("9,9,2024-01-01,1,1");
        return bytes(csv.toString());
    }

    @Test
    void aLongFormatUploadReportsItsSeries() {
        DatasetInfo info = service().create("shops", "shops.csv", longCsv(3, 10), List.of("store", "item"), false);

        assertThat(info.series()).isEqualTo(6);
        assertThat(info.idColumns()).containsExactly("store", "item");
        assertThat(info.manySeries()).isTrue();
        assertThat(info.frequency()).isEqualTo("P1D");
        assertThat(info.rows()).isEqualTo(60);
        assertThat(info.gaps()).isEqualTo(1);
        assertThat(info.start()).isEqualTo("2024-01-01");
        assertThat(info.end()).isEqualTo("2024-01-10");
        assertThat(info.missingValues()).isEqualTo(30 + 2); // every other price, and the two cells of the gap row
        assertThat(info.seriesLength()).isEqualTo(new DatasetInfo.SeriesLengths(10, 10, 10));
        assertThat(info.tooShort()).containsExactly(new ShortSeries("9/9", 1,
                "1 row; at least 3 are needed to infer a frequency and forecast"));
        assertThat(info.tooShortCount()).isEqualTo(1);
        assertThat(info.columns()).extracting(ColumnInfo::type).containsExactly("ID", "ID", "TIMESTAMP", "NUMBER",
                "NUMBER");
    }

    @Test
    void loadPanelGivesTheSeriesAndLoadRefusesAManySeriesDataset() {
        DatasetService service = service();
        DatasetInfo info = service.create("shops", null, longCsv(2, 5), List.of("store", "item"), false);

        Panel panel = service.loadPanel(info.id());
        assertThat(panel.ids()).containsExactly("1/1", "1/2", "2/1", "2/2");
        assertThat(panel.find("1/2").orElseThrow().column("sales").values()).containsExactly(120, 121, 122, 123, 124);
        panel.series().get(0).data().column("sales").values()[0] = -1;
        assertThat(service.loadPanel(info.id()).series().get(0).data().column("sales").values()[0]).isEqualTo(110);

        assertThatThrownBy(() -> service.load(info.id())).isInstanceOf(ForesightException.class)
                .hasMessageContaining("holds 4 series (by store, item), not one");
        DatasetInfo single = service.create("one", null, bytes(CsvFixtures.daily(10)));
        assertThat(single.series()).isEqualTo(1);
        assertThat(single.idColumns()).isEmpty();
        assertThatThrownBy(() -> service.loadPanel(single.id())).isInstanceOf(ForesightException.class)
                .hasMessageContaining("holds one series");
    }

    @Test
    void aCacheMissReadsPanelBinAndAMissingOrDamagedOneParsesTheCsvAgain() throws Exception {
        DatasetInfo info = service().create("shops", null, longCsv(2, 8), List.of("store", "item"), false);
        Panel uploaded = service().loadPanel(info.id()); // a new service: read from panel.bin
        Path panelFile = dataDir.resolve("datasets").resolve(info.id()).resolve(PanelFile.NAME);
        assertThat(panelFile).exists();
        assertThat(uploaded.ids()).containsExactly("1/1", "1/2", "2/1", "2/2");

        byte[] stored = Files.readAllBytes(panelFile);
        stored[stored.length / 2] ^= 1;
        Files.write(panelFile, stored);
        assertSamePanel(service().loadPanel(info.id()), uploaded);
        Files.delete(panelFile);
        assertSamePanel(service().loadPanel(info.id()), uploaded);
        assertThat(service().listSeries(info.id(), "1/1", 0, 10).series().get(0).gaps()).isEqualTo(1);
    }

    static void assertSamePanel(Panel actual, Panel expected) {
        assertThat(actual.idColumns()).isEqualTo(expected.idColumns());
        assertThat(actual.ids()).isEqualTo(expected.ids());
        for (int i = 0; i < expected.size(); i++) {
            SeriesFileTest.assertSameSeries(actual.series().get(i).data(), expected.series().get(i).data());
        }
    }

    @Test
    void listSeriesPagesAndFiltersByIdSubstring() {
        DatasetService service = service();
        DatasetInfo info = service.create("shops", null, longCsv(12, 6), List.of("store", "item"), false);

        SeriesPage first = service.listSeries(info.id(), null, 0, 5);
        assertThat(first.total()).isEqualTo(24);
        assertThat(first.series()).extracting(SeriesSummary::id).containsExactly("1/1", "1/2", "10/1", "10/2", "11/1");
        assertThat(first.series().get(0)).isEqualTo(new SeriesSummary("1/1", 6, "2024-01-01", "2024-01-06", 1, 3 + 2));
        assertThat(service.listSeries(info.id(), null, 4, 5).series()).extracting(SeriesSummary::id)
                .containsExactly("8/1", "8/2", "9/1", "9/2");
        assertThat(service.listSeries(info.id(), null, 5, 5).series()).isEmpty();
        SeriesPage ones = service.listSeries(info.id(), "1/", 0, 100);
        assertThat(ones.series()).extracting(SeriesSummary::id).containsExactly("1/1", "1/2", "11/1", "11/2");
        assertThat(ones.total()).isEqualTo(4);
        assertThatThrownBy(() -> service.listSeries(info.id(), null, -1, 5)).hasMessageContaining("'page' must be 0");
        assertThatThrownBy(() -> service.listSeries(info.id(), null, 0, 1001)).hasMessageContaining("'size' must be 1 to 1000");
    }

    @Test
    void aWideCsvWithSeriesFromColumnsIsOneSeriesPerNumericColumn() {
        String csv = """
                month,north,south,label
                2020-01,,5,x
                2020-02,1,6,x
                2020-04,2,7,x
                2020-05,3,,x
                2020-06,4,,x
                """;
        DatasetService service = service();
        DatasetInfo info = service.create("wide", null, bytes(csv), List.of(), true);

        assertThat(info.series()).isEqualTo(2);
        assertThat(info.seriesFromColumns()).isTrue();
        assertThat(info.idColumns()).isEmpty();
        Panel panel = service.loadPanel(info.id());
        assertThat(panel.ids()).containsExactly("north", "south");
        TimeSeries north = panel.find("north").orElseThrow();
        assertThat(north.columnNames()).containsExactly("value");
        assertThat(north.timestamps().get(0)).hasToString("2020-02-01T00:00");
        assertThat(north.column("value").values()).containsExactly(1, Double.NaN, 2, 3, 4);
        assertThat(service.listSeries(info.id(), "south", 0, 10).series())
                .containsExactly(new SeriesSummary("south", 4, "2020-01-01", "2020-04-01", 1, 1));
        assertThatThrownBy(() -> service.create("both", null, bytes(csv), List.of("label"), true))
                .hasMessageContaining("not both");
    }

    @Test
    void anOldDatasetJsonReadsAsOneSeries() throws Exception {
        String old = """
                {"id":"ds-0123456789ab","name":"air","rows":144,"columns":[{"name":"timestamp","type":"TIMESTAMP"},
                {"name":"value","type":"NUMBER"}],"timestampColumn":"timestamp","frequency":"P1M","start":"1949-01-01",
                "end":"1960-12-01","missingValues":0,"gaps":0,"sha256":"aa","createdAt":"2026-01-15T09:30:00Z"}""";
        DatasetInfo info = json.readValue(old, DatasetInfo.class);

        assertThat(info.series()).isEqualTo(1);
        assertThat(info.idColumns()).isEmpty();
        assertThat(info.seriesFromColumns()).isFalse();
        assertThat(info.manySeries()).isFalse();
        assertThat(info.seriesLength()).isEqualTo(new DatasetInfo.SeriesLengths(144, 144, 144));
        assertThat(info.tooShort()).isEmpty();
        String written = json.writeValueAsString(info);
        assertThat(written).doesNotContain("manySeries");
        assertThat(json.readValue(written, DatasetInfo.class)).isEqualTo(info);
    }
}
