package io.foresight.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code foresight generate-panel}: writes a synthetic many-series panel as a long-format CSV
 * {@code series,timestamp,value}, for measuring the speed and memory of many-series training (never its accuracy:
 * the series are made up). Every series is monthly, between {@code --min-length} and {@code --max-length} points, all
 * ending in the same month, and is level x (1 + trend) x (1 + season) + AR(1) noise, with its level, trend, seasonal
 * amplitude and phase, and noise drawn per series. The same {@code --seed} and options give the same file, byte for
 * byte. See docs/DATA.md.
 */
public final class GeneratePanelCommand {

    static final String USAGE = """
            usage: generate-panel --out=FILE.csv [options]
              --out=FILE.csv       where to write the panel (series,timestamp,value)
              --series=N           how many series (default 10000)
              --min-length=N       shortest series, points (default 100)
              --max-length=N       longest series, points (default 300)
              --seed=N             random seed (default 42)
              --end=YYYY-MM        the month every series ends in (default 2024-12)""";

    /** The command line. */
    record Options(Path out, int series, int minLength, int maxLength, long seed, YearMonth end) {

        static Options parse(List<String> args) {
            Arguments line = Arguments.read(args, Set.of("out", "series", "min-length", "max-length", "seed", "end"),
                    Set.of());
            Path out = line.value("out", Path::of, null);
            int series = line.positive("series", 10_000);
            int minLength = line.positive("min-length", 100);
            int maxLength = line.positive("max-length", 300);
            long seed = line.value("seed", value -> {
                try {
                    return Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--seed must be a whole number; got '" + value + "'");
                }
            }, 42L);
            YearMonth end = line.value("end", value -> {
                try {
                    return YearMonth.parse(value);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--end must be a month as YYYY-MM; got '" + value + "'");
                }
            }, YearMonth.of(2024, 12));
            if (out == null || out.toString().isEmpty()) {
                throw new IllegalArgumentException("--out=FILE.csv is required");
            }
            if (minLength < 2 || minLength > maxLength) {
                throw new IllegalArgumentException("--min-length must be at least 2 and at most --max-length; got "
                        + minLength + " and " + maxLength);
            }
            return new Options(out, series, minLength, maxLength, seed, end);
        }
    }

    private GeneratePanelCommand() {
    }

    /** @return 0, 1 when the file could not be written, 2 for a wrong command line */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println("generate-panel: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        long started = System.nanoTime();
        try (Writer writer = new BufferedWriter(Files.newBufferedWriter(options.out(), StandardCharsets.UTF_8), 1 << 16)) {
            long rows = write(options, writer);
            out.printf("wrote %d series, %d rows to %s in %.1f s%n", options.series(), rows, options.out(),
                    (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IOException e) {
            err.println("generate-panel: cannot write " + options.out() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Writes the header and every series; returns the number of data rows. */
    static long write(Options options, Writer writer) throws IOException {
        writer.write("series,timestamp,value\n");
        SplittableRandom root = new SplittableRandom(options.seed());
        int width = String.valueOf(options.series()).length();
        long rows = 0;
        StringBuilder line = new StringBuilder(48);
        for (int i = 1; i <= options.series(); i++) {
            SplittableRandom random = root.split();
            String id = "s" + "0".repeat(width - String.valueOf(i).length()) + i;
            double[] values = series(random, options.minLength() + random.nextInt(options.maxLength() - options.minLength() + 1));
            YearMonth month = options.end().minusMonths(values.length - 1L);
            for (double v : values) {
                line.setLength(0);
                line.append(id).append(',').append(month).append("-01,").append(v).append('\n');
                writer.append(line);
                month = month.plusMonths(1);
            }
            rows += values.length;
        }
        return rows;
    }

    /**
     * One series of {@code n} points: level in [10, 10000) (log-uniform), a linear trend of -50 % to +100 % over
     * the series, a yearly season of amplitude 0 to 40 % of the level with a random phase (a quarter of the series
     * have none), and AR(1) noise (coefficient 0 to 0.8, standard deviation 1 to 10 % of the level). Values are
     * rounded to 3 decimals.
     */
    static double[] series(SplittableRandom random, int n) {
        double level = Math.pow(10, 1 + 3 * random.nextDouble());
        double trend = -0.5 + 1.5 * random.nextDouble();
        double amplitude = random.nextDouble() < 0.25 ? 0 : 0.4 * random.nextDouble();
        double phase = 12 * random.nextDouble();
        double ar = 0.8 * random.nextDouble();
        double sd = (0.01 + 0.09 * random.nextDouble()) * level;
        double[] values = new double[n];
        double noise = 0;
        for (int t = 0; t < n; t++) {
            noise = ar * noise + sd * gaussian(random);
            double season = 1 + amplitude * Math.sin(2 * Math.PI * (t + phase) / 12);
            double v = level * (1 + trend * t / n) * season + noise;
            values[t] = Math.round(v * 1000) / 1000.0;
        }
        return values;
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
