package io.foresight.dataset;

import static io.foresight.dataset.CsvFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.StringJoiner;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.foresight.ForesightException;

/** Every way a CSV is rejected: always bad input, with a detail that names the problem. */
class DatasetValidationTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(byte[] csv, int maxColumns,
            int maxRows) {
        return assertThatThrownBy(() -> DatasetParser.parse(csv, maxColumns, maxRows))
                .isInstanceOfSatisfying(ForesightException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.kind())
                                .isEqualTo(ForesightException.Kind.BAD_INPUT));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String csv) {
        return rejecting(bytes(csv), 200, 1_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "  \r\n", "\uFEFF"})
    void emptyFile(String csv) {
        rejecting(csv).hasMessageContaining("empty");
    }

    @Test
    void headerOnly() {
        rejecting("timestamp,value\n").hasMessageContaining("no data rows");
    }

    @Test
    void fewerThanThreeRows() {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02,2\n").hasMessageContaining("2 data row")
                .hasMessageContaining("at least 3");
    }

    @Test
    void noTimestampColumn() {
        rejecting("a,b\n1,2\n3,4\n5,6\n").hasMessageContaining("no timestamp column")
                .hasMessageContaining("timestamp, date, time, datetime or ds");
    }

    @Test
    void noNumericColumn() {
        rejecting("timestamp,label\n2024-01-01,a\n2024-01-02,b\n2024-01-03,c\n")
                .hasMessageContaining("no numeric column");
    }

    @Test
    void unparseableTimestampNamesRowLineAndValue() {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02,2\n2024-13-01,3\n")
                .hasMessageContaining("row 3 (line 4)")
                .hasMessageContaining("'2024-13-01' is not a timestamp");
    }

    @Test
    void typoInAnUnnamedTimestampColumnIsReportedAsThatTypo() {
        rejecting("when,value\n2024-01-01,1\n2024-01-02,2\n2024-01-0x,3\n")
                .hasMessageContaining("row 3 (line 4), column 'when'")
                .hasMessageContaining("'2024-01-0x'");
    }

    @Test
    void emptyTimestamp() {
        rejecting("timestamp,value\n2024-01-01,1\n,2\n2024-01-03,3\n")
                .hasMessageContaining("row 2 (line 3)").hasMessageContaining("timestamp is empty");
    }

    @Test
    void textInANumericColumnNamesRowLineAndColumn() {
        StringJoiner csv = new StringJoiner("\n", "", "\n").add("timestamp,value");
        for (int i = 0; i < 20; i++) {
            csv.add(LocalDate.parse("2024-01-01").plusDays(i) + "," + (i == 16 ? "abc" : String.valueOf(i)));
        }
        rejecting(csv.toString())
                .hasMessageContaining("row 17 (line 18), column 'value': 'abc' is not a finite number");
    }

    @Test
    void lineNumbersCountBlankLinesAndQuotedLineBreaks() {
        rejecting("timestamp,note,value\n\n2024-01-01,\"two\nlines\",1\n2024-01-02,x,2\n2024-01-03,y,oops\n")
                .hasMessageContaining("row 3 (line 6), column 'value'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf"})
    void nonFiniteValuesGetTheirOwnMessage(String value) {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02," + value + "\n2024-01-03,3\n")
                .hasMessageContaining("row 2 (line 3), column 'value'")
                .hasMessageContaining("non-finite values")
                .hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1p3", "1d", "1f", "1,5", "1e", "--1", "1_000", "١٢"})
    void numbersAreStrictDecimals(String value) {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02,\"" + value + "\"\n2024-01-03,3\n")
                .hasMessageContaining("row 2 (line 3), column 'value'")
                .hasMessageContaining("is not a finite number");
    }

    @Test
    void numbersBeyondDoubleRange() {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02,1e999\n2024-01-03,3\n")
                .hasMessageContaining("row 2 (line 3)").hasMessageContaining("too large");
    }

    @Test
    void duplicateTimestampsNameBothRows() {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2024-01-02,4\n")
                .hasMessageContaining("row 2 (line 3) and row 4 (line 5)")
                .hasMessageContaining("same timestamp 2024-01-02");
    }

    @Test
    void raggedRowNamesTheLine() {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02,2,9\n2024-01-03,3\n")
                .hasMessageContaining("row 2 (line 3) has 3 fields but the header has 2");
        rejecting("timestamp,a,b\n2024-01-01,1,2\n2024-01-02,2,3\n2024-01-03,3\n")
                .hasMessageContaining("line 4").hasMessageContaining("2 fields");
    }

    @Test
    void unclosedQuote() {
        rejecting("timestamp,value\n2024-01-01,1\n2024-01-02,\"2\n2024-01-03,3\n")
                .hasMessageContaining("line 3").hasMessageContaining("never closed");
    }

    @Test
    void tooManyColumns() {
        rejecting(bytes("timestamp,a,b,c\n2024-01-01,1,2,3\n"), 3, 100)
                .hasMessageContaining("more than 3 columns");
    }

    @Test
    void tooManyRows() {
        rejecting(bytes(CsvFixtures.daily(11)), 10, 10).hasMessageContaining("more than 10 data rows");
        org.assertj.core.api.Assertions.assertThat(DatasetParser.parse(bytes(CsvFixtures.daily(10)), 10, 10)
                .series().size()).isEqualTo(10);
    }

    @Test
    void blankHeaderName() {
        rejecting("timestamp,,b\n2024-01-01,1,2\n2024-01-02,1,2\n2024-01-03,1,2\n")
                .hasMessageContaining("Column 2 of the header has no name");
    }

    @Test
    void duplicateHeaderName() {
        rejecting("timestamp,v,v\n2024-01-01,1,2\n2024-01-02,1,2\n2024-01-03,1,2\n")
                .hasMessageContaining("'v' more than once");
    }

    @Test
    void binaryGarbage() {
        byte[] nul = "timestamp,value\n2024-01-01,1\u0000\n".getBytes(StandardCharsets.UTF_8);
        rejecting(nul, 200, 100).hasMessageContaining("not a UTF-8 text CSV");
        byte[] invalidUtf8 = {'t', ',', 'v', '\n', (byte) 0xC3, (byte) 0x28, '\n'};
        rejecting(invalidUtf8, 200, 100).hasMessageContaining("not a UTF-8 text CSV");
        byte[] latin1 = "timestamp,température\n".getBytes(StandardCharsets.ISO_8859_1);
        rejecting(latin1, 200, 100).hasMessageContaining("not a UTF-8 text CSV");
    }

    @Test
    void overlongField() {
        String csv = "timestamp,value,note\n2024-01-01,1,\"" + "x".repeat(100_001) + "\"\n2024-01-02,2,a\n";
        rejecting(csv).hasMessageContaining("line 2").hasMessageContaining("longer than 100000 characters");
    }

    @Test
    void timestampsOffTheGridNameTheFirstOffender() {
        rejecting("timestamp,v\n2024-01-01 00:00,1\n2024-01-01 01:00,2\n2024-01-01 02:00,3\n"
                + "2024-01-01 02:17,4\n2024-01-01 03:00,5\n2024-01-01 04:00,6\n")
                .hasMessageContaining("irregularly spaced")
                .hasMessageContaining("2024-01-01T02:17:00 in row 4 (line 5)")
                .hasMessageContaining("PT1H");
    }

    @Test
    void tooManyGapsIsIrregularSpacing() {
        rejecting("timestamp,v\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n2024-01-10,4\n2024-01-11,5\n")
                .hasMessageContaining("irregularly spaced")
                .hasMessageContaining("6 of the 11 grid points")
                .hasMessageContaining("20%");
    }

    @Test
    void fractionalSecondsAreRejected() {
        rejecting("timestamp,v\n2024-01-01T00:00:00.5,1\n2024-01-01T00:00:01.5,2\n2024-01-01T00:00:02.5,3\n")
                .hasMessageContaining("fraction of a second");
    }

    @Test
    void staticParseUsesTheDefaultLimits() {
        StringJoiner header = new StringJoiner(",").add("timestamp");
        for (int i = 0; i < 200; i++) {
            header.add("c" + i);
        }
        assertThatThrownBy(() -> DatasetService.parse(bytes(header + "\n")))
                .hasMessageContaining("more than 200 columns");
    }
}
