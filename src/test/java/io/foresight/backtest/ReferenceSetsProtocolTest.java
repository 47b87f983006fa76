package io.foresight.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.foresight.dataset.DatasetService;
import io.foresight.dataset.TimeSeries;

/**
 * The Java protocol ({@link ProtocolRules}, as the backtest applies it) and the R one ({@code scripts/protocol.R}, which
 * wrote each set's REFERENCE.md and reference.csv) agree on every series of the committed sets: the same horizon h,
 * seasonal period m and training size, and the same naive MASE (so the same split and MASE scale). Only the naive
 * forecast is computed here; nothing is trained. If this fails, {@code scripts/judge.R} would refuse the backtest's
 * results for that set.
 */
class ReferenceSetsProtocolTest {

    private static final Pattern MASE_ROW = Pattern.compile("^\\| (\\S+) \\| ([^|]+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|");

    @ParameterizedTest
    @ValueSource(strings = {"benchmark/heldout", "benchmark/fresh", "benchmark/judging"})
    void javaAndRProtocolsAgreeOnEverySeries(String set) throws IOException {
        Path dir = Path.of(set);
        Map<String, int[]> table = new HashMap<>(); // n, h, m from REFERENCE.md's MASE table
        for (String line : Files.readAllLines(dir.resolve("REFERENCE.md"))) {
            Matcher row = MASE_ROW.matcher(line);
            if (row.find() && !row.group(1).equals("series")) {
                table.putIfAbsent(row.group(1), new int[] {Integer.parseInt(row.group(3)), Integer.parseInt(row.group(4)),
                        Integer.parseInt(row.group(5))});
            }
        }
        Map<String, Double> naive = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("reference.csv"))) {
            String[] cells = line.split(",");
            if (cells.length >= 3 && cells[1].equals("naive") && !cells[0].equals("MEDIAN")) {
                naive.put(cells[0], Double.parseDouble(cells[2]));
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("series"))) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(files).hasSize(naive.size());
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
            TimeSeries data = DatasetService.parse(Files.readAllBytes(file));
            String frequency = data.frequency().code();
            int h = ProtocolRules.horizon(frequency);
            double[] values = data.columns().get(0).values();
            int m = ProtocolRules.seasonalPeriod(frequency, values);
            double[] train = Arrays.copyOfRange(values, 0, values.length - h);
            double[] test = Arrays.copyOfRange(values, values.length - h, values.length);
            double mase = ProtocolRules.score(test, ProtocolRules.naive(train, h), ProtocolRules.maseScale(train, m)).mase();

            assertThat(table).as(set + ": REFERENCE.md row of " + name).containsKey(name);
            assertThat(new int[] {values.length, h, m}).as(set + "/" + name + " (" + frequency + "): n, h, m")
                    .containsExactly(table.get(name));
            assertThat(naive).as(set + ": reference.csv naive row of " + name).containsKey(name);
            assertThat(Math.abs(mase - naive.get(name))).as(set + "/" + name + ": naive MASE " + mase + " vs R's " + naive.get(name))
                    .isLessThanOrEqualTo(1e-6 * Math.max(1, Math.abs(mase)));
        }
    }
}
