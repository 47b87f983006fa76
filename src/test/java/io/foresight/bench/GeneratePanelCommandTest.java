package io.foresight.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratePanelCommandTest {

    @TempDir
    Path dir;

    private int run(String... args) {
        return GeneratePanelCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void writesMonthlySeriesOfTheAskedLengthsEndingInTheSameMonth() throws IOException {
        Path file = dir.resolve("panel.csv");
        assertThat(run("--series=50", "--min-length=100", "--max-length=300", "--end=2020-06", "--out=" + file)).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("series,timestamp,value");
        Map<String, List<String[]>> bySeries = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(cells).hasSize(3);
            bySeries.computeIfAbsent(cells[0], k -> new java.util.ArrayList<>()).add(cells);
        }
        assertThat(bySeries).hasSize(50).containsKeys("s01", "s50");
        for (List<String[]> rows : bySeries.values()) {
            assertThat(rows.size()).isBetween(100, 300);
            assertThat(rows.get(rows.size() - 1)[1]).isEqualTo("2020-06-01");
            LocalDate previous = null;
            for (String[] row : rows) {
                LocalDate month = LocalDate.parse(row[1]);
                assertThat(month.getDayOfMonth()).isEqualTo(1);
                if (previous != null) {
                    assertThat(month).isEqualTo(previous.plusMonths(1));
                }
                previous = month;
                assertThat(Double.parseDouble(row[2])).isFinite();
            }
        }
        // lengths differ between series (drawn per series)
        assertThat(bySeries.values().stream().map(List::size).distinct().count()).isGreaterThan(10);
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnother() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        assertThat(run("--series=20", "--out=" + a)).isZero();
        assertThat(run("--series=20", "--out=" + b)).isZero();
        assertThat(run("--series=20", "--seed=7", "--out=" + c)).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    }

    @Test
    void aWrongCommandLineIsRefused() {
        assertThat(run("--series=10")).isEqualTo(2);
        assertThat(run("--series=0", "--out=" + dir.resolve("x.csv"))).isEqualTo(2);
        assertThat(run("--min-length=300", "--max-length=100", "--out=" + dir.resolve("x.csv"))).isEqualTo(2);
        assertThat(run("--end=2020-13", "--out=" + dir.resolve("x.csv"))).isEqualTo(2);
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }
}
