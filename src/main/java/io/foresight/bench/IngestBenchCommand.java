package io.foresight.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.foresight.AtomicFiles;
import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.Panel;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code foresight ingest-bench}: how fast a long-format CSV of many series becomes a stored dataset. It generates
 * {@code --series} series ({@code store,item} ids) of {@code --points} daily points with a {@code sales} value and a
 * {@code price} feature in memory (10,000 x 200 = 2,000,000 rows by default), then times, each {@code --repeat}
 * times: parsing alone ({@link DatasetService#parsePanel}), the upload (parse, validate and store through
 * {@link DatasetService#create}, files synced) and the read of the stored panel by a service that has not cached it.
 * It prints seconds, rows per second and the heap: the peak while parsing and what the parsed panel keeps. See
 * docs/BENCHMARK.md, "Ingesting many series".
 */
public final class IngestBenchCommand {

    static final String USAGE = """
            usage: ingest-bench [options]
              --series=N      series (default 10000; ids store/item, 100 items per store)
              --points=N      points per series (default 200)
              --frequency=F   P1D (daily from 2020-01-01, default), P1M (month ends from 2000-01-31) or B
                              (business days from 2020-01-01)
              --repeat=N      timed runs of each step; the best is reported (default 3)
              --data-dir=DIR  where to store the datasets (default: a temporary directory, removed after)""";

    private IngestBenchCommand() {
    }

    /** Runs the benchmark; the exit status (0 done, 2 bad arguments). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int series;
        int points;
        int repeat;
        String frequency;
        Path dataDir;
        try {
            Arguments line = Arguments.read(args, Set.of("series", "points", "repeat", "data-dir", "frequency"));
            series = line.positive("series", 10_000);
            points = line.positive("points", 200);
            repeat = line.positive("repeat", 3);
            dataDir = line.value("data-dir", Path::of, null);
            frequency = line.text("frequency", "P1D");
            if (!List.of("P1D", "P1M", "B").contains(frequency)) {
                throw new IllegalArgumentException("--frequency must be P1D, P1M or B");
            }
        } catch (IllegalArgumentException e) {
            err.println("ingest-bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        boolean temporary = dataDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("foresight-ingest-bench") : dataDir;
            try {
                measure(series, points, frequency, repeat, dir, out);
            } finally {
                if (temporary) {
                    AtomicFiles.deleteRecursively(dir);
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ForesightException e) {
            err.println("ingest-bench: " + e.getMessage());
            return 1;
        }
    }

    private static void measure(int seriesCount, int points, String frequency, int repeat, Path dataDir,
            PrintStream out) {
        long generateStart = System.nanoTime();
        byte[] csv = generate(seriesCount, points, frequency);
        long rows = (long) seriesCount * points;
        out.printf(Locale.ROOT, "ingest-bench: %,d series x %d points = %,d rows, %.1f MB of CSV (generated in %.2f s);"
                + " %d cores, max heap %d MB, Java %s%n", seriesCount, points, rows, csv.length / 1e6,
                seconds(System.nanoTime() - generateStart), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        List<String> ids = List.of("store", "item");

        double parse = Double.MAX_VALUE;
        double parseCpu = Double.MAX_VALUE;
        long peak = 0;
        Panel panel = null;
        for (int i = 0; i < repeat; i++) {
            panel = null;
            gc();
            long before = heapUsed();
            resetPeaks();
            long start = System.nanoTime();
            long cpuStart = cpu();
            panel = DatasetService.parsePanel(csv, ids);
            parse = Math.min(parse, seconds(System.nanoTime() - start));
            parseCpu = Math.min(parseCpu, seconds(cpu() - cpuStart));
            peak = Math.max(peak, peakHeap() - before);
        }
        gc();
        long held = heapUsed();
        panel = null;
        gc();
        long retained = held - heapUsed();
        report(out, "parse", parse, parseCpu, rows);

        ForesightProperties properties = new ForesightProperties(dataDir, null, false,
                new ForesightProperties.Limits(1000, 1000, 1000, 8, 512, 200, 1_000_000, 100, 1024,
                        Duration.ofSeconds(5), 50, 100),
                new ForesightProperties.Training(16, 1, Duration.ofMinutes(30), List.of(32), 0, 1000),
                new ForesightProperties.Serving(16));
        JsonMapper json = JsonMapper.builder().build();
        DatasetService service = new DatasetService(properties, json);
        double upload = Double.MAX_VALUE;
        double uploadCpu = Double.MAX_VALUE;
        DatasetInfo info = null;
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            long cpuStart = cpu();
            info = service.create("bench", "bench.csv", csv, ids, false);
            upload = Math.min(upload, seconds(System.nanoTime() - start));
            uploadCpu = Math.min(uploadCpu, seconds(cpu() - cpuStart));
        }
        report(out, "upload (parse, validate, store)", upload, uploadCpu, rows);
        double read = Double.MAX_VALUE;
        double readCpu = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            DatasetService fresh = new DatasetService(properties, json);
            long start = System.nanoTime();
            long cpuStart = cpu();
            int size = fresh.loadPanel(info.id()).size();
            read = Math.min(read, seconds(System.nanoTime() - start));
            readCpu = Math.min(readCpu, seconds(cpu() - cpuStart));
            if (size != info.series()) {
                throw new IllegalStateException("read " + size + " series of " + info.series());
            }
        }
        report(out, "read the stored panel (cache miss)", read, readCpu, rows);
        out.printf(Locale.ROOT, "  dataset: %d series, frequency %s, %,d rows, %s to %s%n", info.series(),
                info.frequency(), info.rows(), info.start(), info.end());
        out.printf(Locale.ROOT, "  heap: peak %.0f MB above the CSV while parsing; the parsed panel keeps %.0f MB"
                + " (%.1f bytes per row; the values alone are %d)%n", peak / 1e6, retained / 1e6,
                (double) retained / rows, 8 * 2);
    }

    /** Wall-clock seconds and rows per second, and the CPU seconds of the thread (on a busy machine, less). */
    private static void report(PrintStream out, String step, double seconds, double cpuSeconds, long rows) {
        out.printf(Locale.ROOT, "  %-36s %6.2f s  %,12.0f rows/s  (CPU %.2f s)%n", step, seconds, rows / seconds,
                cpuSeconds);
    }

    /** CPU time of this thread, which does all the work (the garbage collector's threads aside). */
    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** {@code store,item,date,sales,price}: store = series / 100 + 1, item = series % 100 + 1. */
    static byte[] generate(int seriesCount, int points, String frequency) {
        String[] dates = new String[points];
        LocalDate date = LocalDate.parse(frequency.equals("P1M") ? "2000-01-31" : "2020-01-01");
        for (int d = 0; d < points; d++) {
            dates[d] = date.toString();
            date = switch (frequency) {
                case "P1M" -> date.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth());
                case "B" -> date.plusDays(date.getDayOfWeek() == DayOfWeek.FRIDAY ? 3 : 1);
                default -> date.plusDays(1);
            };
        }
        ByteArrayOutputStream csv = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16,
                32L * seriesCount * points + 64));
        csv.writeBytes("store,item,date,sales,price\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder(64);
        for (int s = 0; s < seriesCount; s++) {
            int store = s / 100 + 1;
            int item = s % 100 + 1;
            for (int d = 0; d < points; d++) {
                line.setLength(0);
                line.append(store).append(',').append(item).append(',').append(dates[d]).append(',')
                        .append(10 + (store * 7 + item * 3 + d * 13) % 90).append('.').append(d % 10).append(',')
                        .append(1 + item % 9).append(".99\n");
                csv.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return csv.toByteArray();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
