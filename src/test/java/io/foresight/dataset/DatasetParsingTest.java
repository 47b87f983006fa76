package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.bytes;
import static io.foresight.dataset.CsvFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the parser accepts and how it regularises it. */
class DatasetParsingTest {

    private static ParsedDataset parse(String csv) {
        return DatasetParser.parse(bytes(csv), 200, 1_000_000);
    }

    private static LocalDateTime day(String date) {
        return LocalDate.parse(date).atStartOfDay();
    }

    @Test
    void airPassengersIsMonthlyWithDateOnlyTimestamps() {
        TimeSeries series = DatasetService.parse(resource("AirPassengers.csv"));
        assertThat(series.size()).isEqualTo(144);
        assertThat(series.frequency().code()).isEqualTo("P1M");
        assertThat(series.dateOnly()).isTrue();
        assertThat(series.columnNames()).containsExactly("value");
        assertThat(series.timestamps().get(0)).isEqualTo(day("1949-01-01"));
        assertThat(series.timestamps().get(143)).isEqualTo(day("1960-12-01"));
        assertThat(series.column("value").values()[0]).isEqualTo(112.0);
        assertThat(series.column("value").values()[143]).isEqualTo(432.0);
    }

    @Test
    void euStockMarketsIsBusinessDaily() {
        ParsedDataset parsed = DatasetParser.parse(resource("EuStockMarkets-head200.csv"), 200, 1_000_000);
        TimeSeries series = parsed.series();
        assertThat(series.frequency().code()).isEqualTo("B");
        assertThat(series.columnNames()).containsExactly("DAX", "SMI", "CAC", "FTSE");
        assertThat(series.size()).isEqualTo(200);
        assertThat(parsed.gaps()).isZero();
        assertThat(series.timestamps()).noneMatch(t -> t.getDayOfWeek() == DayOfWeek.SATURDAY
                || t.getDayOfWeek() == DayOfWeek.SUNDAY);
        assertThat(series.column("DAX").values()[0]).isEqualTo(1628.75);
    }

    @Test
    void taylorIsHalfHourly() {
        TimeSeries series = DatasetService.parse(resource("taylor-head400.csv"));
        assertThat(series.frequency().code()).isEqualTo("PT30M");
        assertThat(series.frequency().seasonalPeriod()).isEqualTo(48);
        assertThat(series.dateOnly()).isFalse();
        assertThat(series.size()).isEqualTo(400);
        assertThat(series.timestamps().get(1)).isEqualTo(LocalDateTime.parse("2000-06-05T00:30:00"));
    }

    @ParameterizedTest
    @CsvSource({"AirPassengers.csv, P1M, 144", "EuStockMarkets.csv, B, 1860", "taylor.csv, PT30M, 4032"})
    void theSharedSampleFilesParseWhenPresent(String file, String frequency, int rows) throws IOException {
        Path path = Path.of("../shared/data", file);
        assumeThat(Files.isReadable(path)).as("shared sample data next to the project").isTrue();
        ParsedDataset parsed = DatasetParser.parse(Files.readAllBytes(path), 200, 1_000_000);
        assertThat(parsed.series().frequency().code()).isEqualTo(frequency);
        assertThat(parsed.series().size()).isEqualTo(rows);
        assertThat(parsed.gaps()).isZero();
        assertThat(parsed.missingValues()).isZero();
    }

    @Test
    void acceptsBomCrlfQuotesAndEmptyCells() {
        ParsedDataset parsed = parse("\uFEFF\"timestamp\",\"value\",note\r\n"
                + "2024-01-01,\"1.5\",\"a, quoted \"\"note\"\"\"\r\n"
                + "2024-01-02,,plain\r\n"
                + "2024-01-03,NA,\r\n"
                + "2024-01-04,null,x\r\n"
                + "2024-01-05,-2e1,\"two\nlines\"\r\n");
        TimeSeries series = parsed.series();
        assertThat(series.columnNames()).containsExactly("value");
        assertThat(series.column("value").values()).containsExactly(1.5, Double.NaN, Double.NaN, Double.NaN, -20.0);
        assertThat(parsed.missingValues()).isEqualTo(3);
        assertThat(parsed.columns()).containsExactly(new ColumnInfo("timestamp", "TIMESTAMP"),
                new ColumnInfo("value", "NUMBER"), new ColumnInfo("note", "TEXT"));
    }

    @Test
    void detectsSemicolonAndTabDelimiters() {
        TimeSeries semicolon = parse("date;a;b\n2024-01-01;1;10\n2024-01-02;2;20\n2024-01-03;3;30\n").series();
        assertThat(semicolon.columnNames()).containsExactly("a", "b");
        assertThat(semicolon.column("b").values()).containsExactly(10, 20, 30);

        TimeSeries tab = parse("ds\ty\n2024-01-01\t1\n2024-01-02\t\n2024-01-03\t3\n").series();
        assertThat(tab.column("y").values()).containsExactly(1, Double.NaN, 3);
    }

    @Test
    void skipsBlankLinesAndTrimsCells() {
        TimeSeries series = parse("\ntimestamp , value\n\n 2024-01-01 , 1 \n   \n2024-01-02,2\n2024-01-03,3\n\n")
                .series();
        assertThat(series.columnNames()).containsExactly("value");
        assertThat(series.column("value").values()).containsExactly(1, 2, 3);
    }

    @Test
    void findsAnUnnamedTimestampColumnAndIgnoresTextColumns() {
        ParsedDataset parsed = parse("station,when,load\nA,2024-01-01 00:00,5\nA,2024-01-01 01:00,6\n"
                + "A,2024-01-01 02:00,7\n");
        assertThat(parsed.timestampColumn()).isEqualTo("when");
        assertThat(parsed.series().frequency().code()).isEqualTo("PT1H");
        assertThat(parsed.series().dateOnly()).isFalse();
        assertThat(parsed.columns()).extracting(ColumnInfo::type).containsExactly("TEXT", "TIMESTAMP", "NUMBER");
    }

    @Test
    void prefersTheColumnNamedLikeATimestamp() {
        ParsedDataset parsed = parse("other,DateTime,v\n2020-01-01,2024-01-01,1\n2020-01-02,2024-02-01,2\n"
                + "2020-01-03,2024-03-01,3\n");
        assertThat(parsed.timestampColumn()).isEqualTo("DateTime");
        assertThat(parsed.series().frequency().code()).isEqualTo("P1M");
        assertThat(parsed.columns().get(0).type()).isEqualTo("TEXT");
    }

    @Test
    void readsEveryTimestampFormat() {
        assertThat(parse("t,v\n2024-01,1\n2024-02,2\n2024-03,3\n").series().timestamps())
                .containsExactly(day("2024-01-01"), day("2024-02-01"), day("2024-03-01"));
        TimeSeries seconds = parse("timestamp,v\n2024-01-01T00:00:00,1\n2024-01-01 00:15:00,2\n"
                + "2024-01-01T00:30,3\n").series();
        assertThat(seconds.frequency().code()).isEqualTo("PT15M");
        assertThat(seconds.dateOnly()).isFalse();
    }

    @Test
    void convertsOffsetDateTimesToUtc() {
        TimeSeries series = parse("timestamp,v\n2024-01-01T01:00:00+01:00,1\n2024-01-01T01:00:00Z,2\n"
                + "2024-01-01T03:00:00+01:00,3\n2024-01-01T00:00:00-03:00,4\n").series();
        assertThat(series.timestamps()).containsExactly(LocalDateTime.parse("2024-01-01T00:00"),
                LocalDateTime.parse("2024-01-01T01:00"), LocalDateTime.parse("2024-01-01T02:00"),
                LocalDateTime.parse("2024-01-01T03:00"));
        assertThat(series.column("v").values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void sortsUnsortedRowsByTimestamp() {
        TimeSeries series = parse("timestamp,v\n2024-01-03,3\n2024-01-01,1\n2024-01-04,4\n2024-01-02,2\n")
                .series();
        assertThat(series.timestamps().get(0)).isEqualTo(day("2024-01-01"));
        assertThat(series.column("v").values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void fillsGapsWithRowsOfNaN() {
        StringJoiner csv = new StringJoiner("\n", "", "\n").add("timestamp,a,b");
        for (int i = 0; i < 10; i++) {
            if (i != 3 && i != 7) {
                csv.add(LocalDate.parse("2024-01-01").plusDays(i) + "," + i + "," + (i == 5 ? "" : i * 10));
            }
        }
        ParsedDataset parsed = parse(csv.toString());
        TimeSeries series = parsed.series();
        assertThat(series.size()).isEqualTo(10);
        assertThat(series.frequency().code()).isEqualTo("P1D");
        assertThat(parsed.gaps()).isEqualTo(2);
        assertThat(series.timestamps().get(3)).isEqualTo(day("2024-01-04"));
        assertThat(series.column("a").values()[3]).isNaN();
        assertThat(series.column("a").values()[4]).isEqualTo(4);
        assertThat(parsed.missingValues()).as("2 gap rows x 2 columns + 1 empty cell").isEqualTo(5);
    }

    @Test
    void infersMonthEndQuarterlyYearlyAndWeekly() {
        assertThat(parse("d,v\n2023-01-31,1\n2023-02-28,2\n2023-03-31,3\n2023-04-30,4\n").series().frequency())
                .isEqualTo(Frequency.parse("P1M"));
        TimeSeries quarterly = parse("d,v\n2023-03-31,1\n2023-06-30,2\n2023-12-31,4\n2024-03-31,5\n").series();
        assertThat(quarterly.frequency().code()).isEqualTo("P3M");
        assertThat(quarterly.timestamps()).hasSize(5).contains(day("2023-09-30"));
        assertThat(parse("d,v\n2001-01-01,1\n2002-01-01,2\n2003-01-01,3\n").series().frequency().code())
                .isEqualTo("P1Y");
        assertThat(parse("d,v\n2024-01-01,1\n2024-01-08,2\n2024-01-15,3\n").series().frequency().code())
                .isEqualTo("P1W");
    }

    @Test
    void infersBusinessDaysAndTreatsHolidaysAsGaps() {
        StringJoiner csv = new StringJoiner("\n", "", "\n").add("date,close");
        LocalDate d = LocalDate.parse("2024-04-01");
        int row = 0;
        while (row < 20) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                if (!d.equals(LocalDate.parse("2024-04-10"))) {
                    csv.add(d + "," + row);
                }
                row++;
            }
            d = d.plusDays(1);
        }
        ParsedDataset parsed = parse(csv.toString());
        assertThat(parsed.series().frequency()).isEqualTo(Frequency.BUSINESS_DAYS);
        assertThat(parsed.gaps()).isEqualTo(1);
        assertThat(parsed.series().size()).isEqualTo(20);
        assertThat(parsed.series().timestamps().get(7)).isEqualTo(day("2024-04-10"));
    }

    @Test
    void dailyDataThatIncludesWeekendsStaysDaily() {
        assertThat(parse(CsvFixtures.daily(30)).series().frequency().code()).isEqualTo("P1D");
    }

    @Test
    void columnLookupNamesTheAvailableColumns() {
        TimeSeries series = parse(CsvFixtures.daily(5)).series();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> series.column("price"))
                .hasMessageContaining("no numeric column 'price'")
                .hasMessageContaining("[value]");
    }
}
