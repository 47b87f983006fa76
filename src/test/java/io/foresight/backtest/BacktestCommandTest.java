package io.foresight.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest command end to end through Spring (no web server), on a small generated monthly series. */
class BacktestCommandTest {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+");

    @TempDir
    Path dir;

    @Test
    void backtestsAGeneratedMonthlySeriesThroughTheService() throws IOException {
        // 72 months (6 years) of trend plus a yearly season: 54 training points, 18 test points
        StringBuilder csv = new StringBuilder("month,sales\n");
        LocalDate month = LocalDate.of(2015, 1, 1);
        for (int t = 0; t < 72; t++) {
            double value = 100 + 0.8 * t + 15 * Math.sin(2 * Math.PI * t / 12) + 3 * Math.cos(t * 1.7);
            csv.append(month.plusMonths(t)).append(',').append(String.format(Locale.ROOT, "%.2f", value)).append('\n');
        }
        Path file = dir.resolve("seasonal.csv");
        Files.writeString(file, csv);
        Path results = dir.resolve("results.csv");

        String out = launch("--epochs=3", "--out=" + results, file.toString());
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("series").contains("MASE", "sMAPE", "cov80", "cov95", "naive", "snaive");
        String row = lines.stream().filter(l -> l.startsWith("seasonal ")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertThat(row).doesNotContain("FAILED");
        String[] cells = row.trim().split("\\s+");
        // series n h m method MASE sMAPE MAE RMSE cov80 cov95 naive snaive train_s
        assertThat(cells).hasSize(14);
        assertThat(cells[1]).isEqualTo("54");
        assertThat(cells[2]).isEqualTo("18");
        assertThat(cells[3]).isEqualTo("12");
        assertThat(cells[4]).as("the forecast's method").matches("[A-Z][A-Z_]*");
        for (String cell : Arrays.copyOfRange(cells, 5, 14)) {
            assertThat(Double.parseDouble(cell)).as(row).isFinite();
        }
        for (String method : List.of("model", "naive", "snaive")) {
            String aggregate = lines.stream().filter(l -> l.trim().startsWith(method + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(out));
            assertThat(finiteNumbers(aggregate)).as(aggregate).isEqualTo(4);
        }
        assertThat(lines).anyMatch(l -> l.contains("mean coverage") && finiteNumbers(l) == 2);
        assertThat(lines).anyMatch(l -> l.contains("model beat snaive on") && l.contains("of 1 series"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("backtest: 1 series, 0 failed");
        assertThat(Files.readAllLines(results)).hasSize(2).first().asString().startsWith("series,origin");
    }

    @Test
    void withDriversEachTargetIsBacktestedWithoutAndWithTheirPlanAndCompared() throws IOException {
        // 150 days of a weekly pattern plus a promotion (about 4 days in 13) that adds 40; its plan is known ahead
        StringBuilder csv = new StringBuilder("day,sales,promo\n");
        LocalDate day = LocalDate.of(2020, 1, 1);
        for (int t = 0; t < 150; t++) {
            int promo = t * 5 % 13 < 4 ? 1 : 0;
            double value = 100 + 10 * Math.sin(2 * Math.PI * t / 7) + 40 * promo + 2 * Math.cos(t * 1.7);
            csv.append(day.plusDays(t)).append(',').append(String.format(Locale.ROOT, "%.2f", value)).append(',')
                    .append(promo).append('\n');
        }
        Path file = dir.resolve("promo.csv");
        Files.writeString(file, csv);
        Files.writeString(dir.resolve("promo.drivers"), "# the promotion is planned\ntargets=sales\nfutureFeatures=promo\n");

        String out = launch("--epochs=3", "--drivers", file.toString());
        List<String> lines = out.lines().toList();
        String without = lines.stream().filter(l -> l.startsWith("promo/sales ")).findFirst().orElseThrow(() -> new AssertionError(out));
        String with = lines.stream().filter(l -> l.startsWith("promo/sales +drivers ")).findFirst()
                .orElseThrow(() -> new AssertionError(out));
        double maseWithout = Double.parseDouble(without.trim().split("\\s+")[5]);
        double maseWith = Double.parseDouble(with.trim().split("\\s+")[6]);
        // the promotion column is a driver, not a target of its own
        assertThat(lines).noneMatch(l -> l.startsWith("promo/promo"));
        // knowing the promotion's plan, the forecast of its days is far better
        assertThat(maseWith).as(out).isLessThan(0.7 * maseWithout);
        int heading = lines.indexOf("with and without drivers (held-back MASE, mean over origins):");
        assertThat(heading).as(out).isPositive();
        assertThat(lines.get(heading + 2)).startsWith("  promo/sales ").contains("%");
        assertThat(lines.get(heading + 3)).contains("geometric mean of with/without over 1 series", "better with drivers on 1 of 1");
    }

    @Test
    void withDriversAndManyAFilesTargetsAreOneModelWithoutAndOneWithTheirPlan() throws IOException {
        // two stores' sales with the same weekly pattern and planned promotion, at different levels
        StringBuilder csv = new StringBuilder("day,north,south,promo\n");
        LocalDate day = LocalDate.of(2020, 1, 1);
        for (int t = 0; t < 150; t++) {
            int promo = t * 5 % 13 < 4 ? 1 : 0;
            double week = 10 * Math.sin(2 * Math.PI * t / 7);
            csv.append(day.plusDays(t)).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 100 + week + 40 * promo + 2 * Math.cos(t * 1.7))).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 60 + week + 30 * promo + 2 * Math.sin(t * 1.3))).append(',')
                    .append(promo).append('\n');
        }
        Path file = dir.resolve("stores.csv");
        Files.writeString(file, csv);
        Files.writeString(dir.resolve("stores.drivers"), "futureFeatures=promo\n");

        String out = launch("--epochs=3", "--drivers", "--many", file.toString());
        List<String> lines = out.lines().toList();
        int heading = lines.indexOf("with and without drivers (held-back MASE, mean over origins):");
        assertThat(heading).as(out).isPositive();
        assertThat(lines.get(heading + 2)).startsWith("  stores/north ").contains("%");
        assertThat(lines.get(heading + 3)).startsWith("  stores/south ").contains("%");
        // both stores' forecasts know the promotion's plan through the one model trained with it
        assertThat(lines.get(heading + 4)).as(out).contains("geometric mean of with/without over 2 series",
                "better with drivers on 2 of 2");
        assertThat(lines).contains("backtest: 4 series, 0 failed");
    }

    @Test
    void withDriversAndManyFilesNamingOnePanelAreOneModelEachReadingItsOwnPlan() throws IOException {
        // two products, one file each, each with its own promotion plan; the sidecars name one panel
        LocalDate day = LocalDate.of(2020, 1, 1);
        for (String product : List.of("tea", "jam")) {
            int shift = product.equals("tea") ? 0 : 6;
            StringBuilder csv = new StringBuilder("day,units,promo\n");
            for (int t = 0; t < 150; t++) {
                int promo = (t + shift) * 5 % 13 < 4 ? 1 : 0;
                double week = 10 * Math.sin(2 * Math.PI * t / 7);
                csv.append(day.plusDays(t)).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", 100 + shift + week + 40 * promo + 2 * Math.cos(t * 1.7 + shift)))
                        .append(',').append(promo).append('\n');
            }
            Files.writeString(dir.resolve(product + ".csv"), csv);
            Files.writeString(dir.resolve(product + ".drivers"), "targets=units\nfutureFeatures=promo\npanel=shop\n");
        }

        Path results = dir.resolve("results.csv");
        String out = launch("--epochs=3", "--drivers", "--many", "--out=" + results,
                dir.resolve("tea.csv").toString(), dir.resolve("jam.csv").toString());
        List<String> lines = out.lines().toList();
        int heading = lines.indexOf("with and without drivers (held-back MASE, mean over origins):");
        assertThat(heading).as(out).isPositive();
        // each product's forecast read its own plan: a plan of the other product would miss its promotions
        assertThat(lines.get(heading + 4)).as(out).contains("geometric mean of with/without over 2 series",
                "better with drivers on 2 of 2");
        // one model without and one with the drivers, each over both products: a model's training time is shared
        List<String> rows = Files.readAllLines(results);
        assertThat(rows.get(0)).startsWith("series,origin,").endsWith(",train_seconds,wall_seconds,error");
        for (String withDrivers : List.of("", BacktestCommand.WITH_DRIVERS)) {
            // the cells from the end: a method's name may hold a quoted comma
            List<String> shares = rows.stream().skip(1).map(r -> r.split(",", -1))
                    .filter(c -> c[0].equals("tea/units" + withDrivers) || c[0].equals("jam/units" + withDrivers))
                    .map(c -> c[c.length - 3]).toList();
            assertThat(shares).as("train_seconds of tea and jam" + withDrivers).hasSize(2).containsOnly(shares.get(0));
        }
    }

    @Test
    void backtestsEverySeriesOfALongFormatFileOnItsOwn() throws IOException {
        // two monthly series of 60 months, interleaved rows: 42 training and 18 test points each
        StringBuilder csv = new StringBuilder("series,timestamp,value\n");
        LocalDate month = LocalDate.of(2015, 1, 1);
        for (int t = 0; t < 60; t++) {
            csv.append("up,").append(month.plusMonths(t)).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 50 + 0.5 * t + 8 * Math.sin(2 * Math.PI * t / 12))).append('\n');
            csv.append("flat,").append(month.plusMonths(t)).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 200 + 5 * Math.cos(t * 1.3))).append('\n');
        }
        Path file = dir.resolve("panel.csv");
        Files.writeString(file, csv);

        String out = launch("--epochs=3", file.toString());
        List<String> lines = out.lines().toList();
        for (String label : List.of("panel/flat ", "panel/up ")) {
            String row = lines.stream().filter(l -> l.startsWith(label)).findFirst().orElseThrow(() -> new AssertionError(out));
            String[] cells = row.trim().split("\\s+");
            assertThat(cells).as(row).hasSize(14);
            assertThat(cells[1]).isEqualTo("42");
            assertThat(cells[2]).isEqualTo("18");
            assertThat(cells[3]).isEqualTo("12");
        }
        assertThat(lines).anyMatch(l -> l.contains("model beat snaive on") && l.contains("of 2 series"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("backtest: 2 series, 0 failed");
    }

    @Test
    void aRollingOriginWithTooShortATrainingPartIsLeftOutAsTheReferenceLeavesItOut() throws IOException {
        // 60 months, 3 origins of 18: the first trains on 6 points, fewer than max(2 m, 8) = 24; the others on 24 and 42
        StringBuilder csv = new StringBuilder("month,value\n");
        LocalDate month = LocalDate.of(2015, 1, 1);
        for (int t = 0; t < 60; t++) {
            csv.append(month.plusMonths(t)).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", 80 + 0.3 * t + 6 * Math.sin(2 * Math.PI * t / 12))).append('\n');
        }
        Path file = dir.resolve("short.csv");
        Files.writeString(file, csv);

        String out = launch("--epochs=3", "--origins=3", file.toString());
        List<String> lines = out.lines().toList();
        assertThat(lines).as(out).anyMatch(l -> l.startsWith("short ") && l.contains("1/3") && l.contains("LEFT OUT")
                && l.contains("max(2 m, 8) = 24"));
        assertThat(lines).as(out).noneMatch(l -> l.contains("FAILED"));
        for (String origin : List.of("2/3", "3/3")) {
            String row = lines.stream().filter(l -> l.startsWith("short ") && l.contains(origin)).findFirst()
                    .orElseThrow(() -> new AssertionError(out));
            assertThat(row).doesNotContain("LEFT OUT");
        }
        assertThat(lines).anyMatch(l -> l.contains("aggregate over 1 series (0 failed left out)"));
        assertThat(lines).anyMatch(l -> l.contains("1 origin(s) left out"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("backtest: 1 series, 0 failed");
    }

    @Test
    void aWrongCommandLineIsRefusedBeforeTheServiceStarts() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = BacktestLauncher.run(new String[] {"--origins=x", "a.csv"}, System.out,
                new PrintStream(errors, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("--origins", "usage: backtest");
    }

    private static int finiteNumbers(String line) {
        Matcher m = NUMBER.matcher(line);
        int n = 0;
        while (m.find()) {
            if (Double.isFinite(Double.parseDouble(m.group()))) {
                n++;
            }
        }
        return n;
    }

    /** Runs {@code backtest args}, asserts it exited 0 and returns what it printed. */
    private static String launch(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = BacktestLauncher.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out + errors).isZero();
        return out;
    }
}
