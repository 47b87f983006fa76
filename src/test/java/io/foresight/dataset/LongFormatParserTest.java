package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;

/** Long-format CSVs into the series of a panel: ids, grouping, order, gaps, and errors that name series and rows. */
class LongFormatParserTest {

    private static ParsedPanel parse(String csv, String... idColumns) {
        return LongFormatParser.parse(bytes(csv), List.of(idColumns), 200, 1_000_000, 100_000);
    }

    private static void assertRejected(String csv, List<String> idColumns, String... fragments) {
        assertThatThrownBy(() -> LongFormatParser.parse(bytes(csv), idColumns, 200, 1_000_000, 100_000))
                .isInstanceOf(ForesightException.class)
                .satisfies(e -> assertThat(((ForesightException) e).kind()).isEqualTo(ForesightException.Kind.BAD_INPUT))
                .message().contains(fragments);
    }

    private static double[] values(TimeSeries series, String column) {
        return series.column(column).values();
    }

    @Test
    void groupsRowsBySeriesIdsJoinedWithSlashAndSortsEachSeriesByTime() {
        String csv = """
                store,item,date,sales,price
                2,1,2020-03-01,23,1.5
                1,1,2020-02-01,12,1.0
                1,2,2020-01-01,100,9
                1,1,2020-01-01,11,1.0
                2,1,2020-01-01,21,1.5
                1,2,2020-02-01,101,9
                1,1,2020-03-01,13,1.25
                2,1,2020-02-01,22,NA
                1,2,2020-03-01,102,9
                """;
        ParsedPanel parsed = parse(csv, "store", "item");
        Panel panel = parsed.panel();

        assertThat(panel.idColumns()).containsExactly("store", "item");
        assertThat(panel.ids()).containsExactly("1/1", "1/2", "2/1");
        TimeSeries first = panel.find("1/1").orElseThrow();
        assertThat(first.frequency().code()).isEqualTo("P1M");
        assertThat(first.dateOnly()).isTrue();
        assertThat(first.timestamps()).containsExactly(LocalDateTime.parse("2020-01-01T00:00"),
                LocalDateTime.parse("2020-02-01T00:00"), LocalDateTime.parse("2020-03-01T00:00"));
        assertThat(values(first, "sales")).containsExactly(11, 12, 13);
        assertThat(values(first, "price")).containsExactly(1.0, 1.0, 1.25);
        assertThat(values(panel.find("2/1").orElseThrow(), "price")).containsExactly(1.5, Double.NaN, 1.5);
        assertThat(first.columnNames()).containsExactly("sales", "price");
        assertThat(parsed.columns()).extracting(ColumnInfo::type)
                .containsExactly("ID", "ID", "TIMESTAMP", "NUMBER", "NUMBER");
        assertThat(parsed.timestampColumn()).isEqualTo("date");
        assertThat(parsed.tooShort()).isEmpty();
        assertThat(parsed.totalGaps()).isZero();
    }

    @Test
    void fillsEachSeriesGapsOnTheDatasetsOneFrequencyFromItsOwnStart() {
        StringJoiner csv = new StringJoiner("\n").add("id,date,y");
        LocalDate start = LocalDate.parse("2024-01-01");
        for (int day = 0; day < 10; day++) {
            csv.add("a," + start.plusDays(day) + "," + day);
            if (day != 4) {
                csv.add("b," + start.plusDays(day + 3) + "," + (100 + day)); // b starts later and misses one day
            }
        }
        ParsedPanel parsed = parse(csv.toString(), "id");

        TimeSeries b = parsed.panel().find("b").orElseThrow();
        assertThat(b.frequency().code()).isEqualTo("P1D");
        assertThat(b.timestamps().get(0)).isEqualTo(LocalDateTime.parse("2024-01-04T00:00"));
        assertThat(b.size()).isEqualTo(10);
        assertThat(values(b, "y")).containsExactly(100, 101, 102, 103, Double.NaN, 105, 106, 107, 108, 109);
        assertThat(parsed.gaps()).containsExactly(0, 1);
        assertThat(parsed.totalGaps()).isEqualTo(1);
    }

    @Test
    void monthlySeriesWithDifferentFirstDaysEachKeepTheirOwnGrid() {
        // a: month ends; b: the 30th (February clamps to the 29th, March is the 30th again); c: month ends from February
        String csv = """
                id,date,v
                a,2020-01-31,1
                b,2020-01-30,1
                a,2020-02-29,2
                b,2020-02-29,2
                a,2020-03-31,3
                b,2020-03-30,3
                c,2020-02-29,1
                c,2020-03-31,2
                c,2020-05-31,4
                c,2020-06-30,5
                c,2020-07-31,6
                a,2020-04-30,4
                b,2020-04-30,4
                """;
        ParsedPanel parsed = parse(csv, "id");

        assertThat(parsed.panel().ids()).containsExactly("a", "b", "c");
        assertThat(parsed.panel().find("b").orElseThrow().timestamps()).extracting(LocalDateTime::toLocalDate)
                .containsExactly(LocalDate.parse("2020-01-30"), LocalDate.parse("2020-02-29"),
                        LocalDate.parse("2020-03-30"), LocalDate.parse("2020-04-30"));
        TimeSeries c = parsed.panel().find("c").orElseThrow();
        assertThat(c.frequency().code()).isEqualTo("P1M");
        assertThat(c.timestamps().get(2)).isEqualTo(LocalDateTime.parse("2020-04-30T00:00"));
        assertThat(values(c, "v")).containsExactly(1, 2, Double.NaN, 4, 5, 6);
        assertThat(parsed.gaps()).containsExactly(0, 0, 1);
        // the 31st is not on b's grid of the 30th, although it is on a's
        // b is now the longest, and alone it would be read as P30D: the longest series vote, and P1M wins
        assertRejected(csv + "b,2020-05-31,5\n", List.of("id"), "Series b: 2020-05-31 at row 14 (line 15) is not on the"
                + " P1M grid that starts at its first timestamp 2020-01-30", "inferred from series c, a (2 of the 3 longest)");
    }

    @Test
    void aDuplicateTimestampNamesTheSeriesAndBothRows() {
        String csv = """
                store,item,date,sales
                7,3,2020-01-01,1
                7,3,2020-02-01,2
                7,4,2020-01-01,1
                7,4,2020-02-01,1
                7,4,2020-03-01,1
                7,4,2020-04-01,1
                7,3,2020-03-01,3
                7,3,2020-03-01,4
                """;
        assertRejected(csv, List.of("store", "item"),
                "Series 7/3: duplicate timestamp 2020-03-01 at row 7 (line 8) and row 8 (line 9)");
    }

    @Test
    void aDuplicateInTheLongestSeriesIsNamedToo() {
        String csv = "id,date,v\nx,2020-01-01,1\nx,2020-01-02,1\nx,2020-01-03,1\nx,2020-01-02,5\n";
        assertRejected(csv, List.of("id"), "Series x: duplicate timestamp 2020-01-02 at row 2 (line 3) and row 4 (line 5)");
    }

    @Test
    void lineNumbersCountBlankLinesAndLineBreaksInsideQuotes() {
        String csv = "id,date,v\n\n\"a\nb\",2020-01-01,1\n\"a\nb\",2020-01-02,1\n\n\"a\nb\",2020-01-03,1\n\"a\nb\",2020-01-03,2\n";
        assertRejected(csv, List.of("id"), "at row 3 (line 8) and row 4 (line 10)");
    }

    @Test
    void seriesTooShortAreListedAndLeftOutNotFatal() {
        String csv = """
                id,date,v
                long,2020-01-01,1
                long,2020-01-02,2
                long,2020-01-03,3
                short,2020-01-01,1
                tiny,2020-01-05,1
                short,2020-01-02,2
                """;
        ParsedPanel parsed = parse(csv, "id");

        assertThat(parsed.panel().ids()).containsExactly("long");
        assertThat(parsed.tooShort()).extracting(ShortSeries::id).containsExactly("short", "tiny");
        assertThat(parsed.tooShort().get(0).rows()).isEqualTo(2);
        assertThat(parsed.tooShort().get(0).reason()).contains("2 rows", "at least 3");
    }

    @Test
    void everySeriesTooShortIsAnError() {
        assertRejected("id,date,v\na,2020-01-01,1\nb,2020-01-01,1\n", List.of("id"),
                "Every one of the 2 series has fewer than 3 rows");
    }

    @Test
    void unknownIdColumnsAreListedWithTheColumnsThereAre() {
        assertRejected("store,date,v\n1,2020-01-01,1\n", List.of("Store", "item"),
                "columns the CSV does not have: Store, item", "its columns are store, date, v");
    }

    @Test
    void anEmptyIdCellNamesTheRowAndColumn() {
        assertRejected("store,item,date,v\n1,1,2020-01-01,1\n1,,2020-01-02,1\n", List.of("store", "item"),
                "row 2 (line 3), column 'item': the id is empty");
    }

    @Test
    void aSeriesOffTheDatasetsGridIsNamed() {
        String csv = """
                id,date,v
                a,2020-01-01,1
                a,2020-02-01,1
                a,2020-03-01,1
                a,2020-04-01,1
                b,2020-01-01,1
                b,2020-02-01,1
                b,2020-02-15,1
                """;
        assertRejected(csv, List.of("id"), "Series b: 2020-02-15 at row 7 (line 8) is not on the P1M grid",
                "inferred from series a (1 of the 2 longest)");
    }

    @Test
    void aSeriesWithTooManyGapsIsNamed() {
        String csv = "id,date,v\na,2020-01-01,1\na,2020-01-02,1\na,2020-01-03,1\na,2020-01-04,1\n"
                + "b,2020-01-01,1\nb,2020-01-02,1\nb,2020-01-09,1\n";
        assertRejected(csv, List.of("id"), "Series b: 6 of the 9 points", "more than 20%");
    }

    @Test
    void aBadNumberNamesSeriesRowAndColumnAndATextColumnIsLeftOut() {
        assertRejected("id,date,v\na,2020-01-01,1\na,2020-01-02,x1\na,2020-01-03,1\n", List.of("id"),
                "series a, row 2 (line 3), column 'v': 'x1' is not a finite number");
        ParsedPanel parsed = parse("id,date,v,note\na,2020-01-01,1,hi\na,2020-01-02,2,\na,2020-01-03,3,ho\n", "id");
        assertThat(parsed.columns()).extracting(ColumnInfo::type).containsExactly("ID", "TIMESTAMP", "NUMBER", "TEXT");
        assertThat(parsed.panel().series().get(0).data().columnNames()).containsExactly("v");
    }

    @Test
    void timestampErrorsNameTheRow() {
        assertRejected("id,date,v\na,2020-01-01,1\na,,1\n", List.of("id"),
                "row 2 (line 3), column 'date': the timestamp is empty");
        assertRejected("id,date,v\na,2020-01-01,1\na,2020-13-01,1\n", List.of("id"),
                "row 2 (line 3), column 'date': '2020-13-01' is not a timestamp");
    }

    @Test
    void limitsOnRowsAndSeriesAreErrors() {
        String csv = "id,date,v\na,2020-01-01,1\nb,2020-01-02,1\nc,2020-01-03,1\n";
        assertThatThrownBy(() -> LongFormatParser.parse(bytes(csv), List.of("id"), 200, 2, 10))
                .hasMessageContaining("more than 2 data rows").hasMessageContaining("max-panel-rows");
        assertThatThrownBy(() -> LongFormatParser.parse(bytes(csv), List.of("id"), 200, 10, 2))
                .hasMessageContaining("more than 2 series").hasMessageContaining("max-series");
    }

    @Test
    void raggedRowsAndNonUtf8AreRejectedAsInTheSingleSeriesParser() {
        assertRejected("id,date,v\na,2020-01-01\n", List.of("id"), "row 1 (line 2) has 2 fields but the header has 3");
        assertThatThrownBy(() -> LongFormatParser.parse(new byte[] {'i', 'd', '\n', (byte) 0xC3, '(', '\n'},
                List.of("id"), 200, 10, 10)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void quotedIdsCrlfAndSemicolonsAreRead() {
        String csv = "\uFEFFshop;day;sales\r\n\"New \"\"York\"\"\";2020-01-06;1,5\r\n";
        // 1,5 is no number (the decimal separator is a point): the column is text
        assertRejected(csv, List.of("shop"), "no numeric column besides the id columns and the timestamp column 'day'");
        String ok = "shop;day;sales\r\n\"A; B\";2020-01-06;1.5\r\n\"A; B\";2020-01-07;2\r\n \"A; B\" ;2020-01-08;3\r\n";
        ParsedPanel parsed = LongFormatParser.parse(bytes(ok), List.of("shop"), 200, 100, 100);
        assertThat(parsed.panel().ids()).containsExactly("A; B");
        assertThat(values(parsed.panel().series().get(0).data(), "sales")).containsExactly(1.5, 2, 3);
    }

    @Test
    void aSeriesKeepsNoTimestampObjectPerRow() {
        ParsedPanel parsed = parse("id,date,v\na,2020-01-31,1\na,2020-02-29,2\na,2020-03-31,3\n", "id");
        TimeSeries a = parsed.panel().series().get(0).data();
        assertThat(a.timestamps()).isInstanceOf(RegularTimestamps.class);
        assertThat(a.timestamps().get(2)).isEqualTo(LocalDateTime.parse("2020-03-31T00:00"));
    }
}
