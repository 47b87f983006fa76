package io.foresight.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foresight.dataset.Panel;
import io.foresight.dataset.TimeSeries;

class LongFormatTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recognisesASeriesColumnButNotANumericOneOrAWideFile() {
        assertThat(LongFormat.idColumn(bytes("series,timestamp,value\na,2020-01-01,1\n"), null)).isEqualTo("series");
        assertThat(LongFormat.idColumn(bytes("timestamp,series\n2020-01-01,1\n"), null)).isNull();
        assertThat(LongFormat.idColumn(bytes("timestamp,series,other\n2020-01-01,1.5,2\n"), null)).isNull();
        assertThat(LongFormat.idColumn(bytes("timestamp,value\n2020-01-01,1\n"), null)).isNull();
        assertThat(LongFormat.idColumn(bytes("store,timestamp,value\n7,2020-01-01,1\n"), "store")).isEqualTo("store");
        assertThatThrownBy(() -> LongFormat.idColumn(bytes("timestamp,value\n2020-01-01,1\n"), "store"))
                .hasMessageContaining("--id-column=store").hasMessageContaining("[timestamp, value]");
    }

    @Test
    void splitsInterleavedRowsIntoOneSeriesPerIdOrderedById() {
        String csv = """
                series,timestamp,value
                b,2020-01-01,10
                a,2020-01-01,1
                b,2020-02-01,11
                a,2020-02-01,
                "a",2020-03-01,3
                b,2020-03-01,12
                a,2020-04-01,4
                """;
        Panel panel = LongFormat.split(bytes(csv), "series");
        assertThat(panel.idColumns()).containsExactly("series");
        assertThat(panel.ids()).containsExactly("a", "b");
        TimeSeries a = panel.find("a").orElseThrow();
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.columnNames()).containsExactly("value");
        double[] values = a.column("value").values();
        assertThat(values[0]).isEqualTo(1.0);
        assertThat(values[1]).isNaN();
        assertThat(values[3]).isEqualTo(4.0);
        assertThat(a.frequency().code()).isEqualTo(panel.find("b").orElseThrow().frequency().code());
        assertThat(panel.find("b").orElseThrow().column("value").values()).containsExactly(10, 11, 12);
    }

    @Test
    void saysWhichRowOrSeriesIsWrong() {
        assertThatThrownBy(() -> LongFormat.split(bytes("series,timestamp,value\na,2020-01-01,1\n,2020-02-01,2\n"), "series"))
                .hasMessageContaining("row 2").hasMessageContaining("series");
        assertThatThrownBy(() -> LongFormat.split(bytes("series,timestamp,value\na,2020-01-01,1,9\n"), "series"))
                .hasMessageContaining("row 1 has 4 fields");
        assertThatThrownBy(() -> LongFormat.split(bytes("series,timestamp,value\na,2020-01-01,1\na,2020-02-01,x\na,2020-03-01,3\n"),
                "series")).hasMessageContaining("series 'a'");
        assertThatThrownBy(() -> LongFormat.split(bytes("series,timestamp,value\n"), "series")).hasMessageContaining("no rows");
    }

    @Test
    void readsQuotedFieldsWithCommasAndQuotes() {
        assertThat(LongFormat.records("a,\"b,c\",\"d\"\"e\"\r\n1,2,3"))
                .containsExactly(List.of("a", "b,c", "d\"e"), List.of("1", "2", "3"));
    }
}
