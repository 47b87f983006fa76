package io.foresight.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import tools.jackson.databind.JsonNode;

/**
 * The many-series benchmark ({@code java -jar foresight.jar panel-bench}): a long-format panel (generated, or a CSV
 * given with {@code --csv}) uploaded to a service started from this jar, one model trained over all its series with
 * {@code AUTO}, then the service restarted with a bounded heap ({@code --serve-heap}, 1 GiB by default) on the same
 * data directory and asked for every series at once (JSON and CSV) and for single series. Every figure is measured over
 * HTTP on this machine, in this run (docs/BENCHMARK.md, "Many series").
 */
public final class PanelBench {

    static final String USAGE = """
            usage: panel-bench [options]
              --series=N          series to generate (default 10000)
              --min-length=N      shortest generated series (default 100)
              --max-length=N      longest generated series (default 300)
              --csv=FILE          a long-format CSV to use instead (id column --id-column, target --target)
              --id-column=NAME    its id column (default series)
              --target=NAME       its target column (default value)
              --horizon=N         forecast horizon (default 12)
              --requests=N        single-series forecasts timed (default 500)
              --serve-heap=SIZE   the serving service's -Xmx (default 1g)
              --settle=SECONDS    wait this long after the serving service is healthy before the first request
                                  (default 0: the first request may wait for the version's background load)""";

    private record Options(int series, int minLength, int maxLength, Path csv, String idColumn, String target, int horizon,
            int requests, String serveHeap, int settle) {

        static Options parse(String[] args) {
            Arguments line = Arguments.read(args, Set.of("series", "min-length", "max-length", "csv", "id-column",
                    "target", "horizon", "requests", "serve-heap", "settle"));
            int series = line.positive("series", 10_000);
            int minLength = line.positive("min-length", 100);
            int maxLength = line.positive("max-length", 300);
            Path csv = line.value("csv", Path::of, null);
            String idColumn = line.text("id-column", "series");
            String target = line.text("target", "value");
            int horizon = line.positive("horizon", 12);
            int requests = line.positive("requests", 500);
            String heap = line.text("serve-heap", "1g");
            int settle = line.value("settle", Integer::parseInt, 0);
            return new Options(series, minLength, maxLength, csv, idColumn, target, horizon, requests, heap, settle);
        }
    }

    private PanelBench() {
    }

    /** @return 0, 1 when the benchmark failed, 2 for a wrong command line */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("panel-bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("foresight-panel-bench");
            run(options, dataDir, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("panel-bench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (dataDir != null) {
                ServiceProcess.delete(dataDir);
            }
        }
    }

    private static void run(Options options, Path dataDir, PrintStream out) throws IOException, InterruptedException {
        byte[] csv;
        String source;
        if (options.csv() != null) {
            csv = Files.readAllBytes(options.csv());
            source = options.csv().toString();
        } else {
            StringWriter writer = new StringWriter(options.series() * 200 * 24);
            long rows = GeneratePanelCommand.write(new GeneratePanelCommand.Options(null, options.series(),
                    options.minLength(), options.maxLength(), 42, YearMonth.of(2024, 12)), writer);
            csv = writer.toString().getBytes(StandardCharsets.UTF_8);
            source = "generated: " + options.series() + " monthly series of " + options.minLength() + "-"
                    + options.maxLength() + " points, " + rows + " rows (generate-panel, seed 42)";
        }
        out.println("panel-bench: " + source + ", " + csv.length / 1_000_000 + " MB; "
                + Runtime.getRuntime().availableProcessors() + " processors");
        String model = "panel";
        int seriesCount;
        try (ServiceProcess service = ServiceProcess.start(dataDir, List.of())) {
            long start = System.nanoTime();
            JsonNode dataset = service.uploadDataset("panel", "panel.csv", csv, "&idColumns="
                    + URLEncoder.encode(options.idColumn(), StandardCharsets.UTF_8));
            double upload = seconds(start);
            seriesCount = dataset.get("series").asInt();
            out.printf(Locale.ROOT, "upload: %d series, %d rows in %.1f s%n", seriesCount, dataset.get("rows").asInt(), upload);
            double cpu = service.cpuSeconds();
            start = System.nanoTime();
            service.train(model, "{\"datasetId\":\"" + dataset.get("id").asString() + "\",\"target\":\"" + options.target()
                    + "\",\"horizon\":" + options.horizon() + "}", Duration.ofHours(3));
            double training = seconds(start);
            double trainingCpu = service.cpuSeconds() - cpu;
            JsonNode version = service.get("/api/v1/models/" + model + "/versions/1");
            JsonNode set = version.get("series");
            out.printf(Locale.ROOT, "training (AUTO, global networks): %.1f s, %.1f CPU s, %.1f series/s; %d trained,"
                    + " %d failed; global networks chosen for %d (%.0f %%); median validation MASE %.3f; methods %s%n",
                    training, trainingCpu, seriesCount / training, set.get("count").asInt() - set.get("failed").asInt(),
                    set.get("failed").asInt(), set.get("globalNetwork").asInt(),
                    100.0 * set.get("globalNetwork").asInt() / Math.max(1, set.get("count").asInt() - set.get("failed").asInt()),
                    set.get("medianMase").asDouble(), set.get("methods"));
        }
        try (ServiceProcess service = ServiceProcess.start(dataDir, List.of("-Xmx" + options.serveHeap()), List.of())) {
            byte[] all = ("{\"horizon\":" + options.horizon() + ",\"series\":[\"*\"]}").getBytes(StandardCharsets.UTF_8);
            String path = "/api/v1/models/" + model + "/forecast";
            Thread.sleep(Math.max(0, options.settle()) * 1000L);
            long start = System.nanoTime();
            ServiceProcess.Answer first = expect(service.request("POST", path, all, "application/json"));
            double firstSeconds = seconds(start);
            double[] json = new double[5];
            double[] csvTimes = new double[5];
            int csvBytes = 0;
            for (int i = 0; i < json.length; i++) {
                start = System.nanoTime();
                expect(service.request("POST", path, all, "application/json"));
                json[i] = seconds(start);
                start = System.nanoTime();
                csvBytes = expect(service.request("POST", path, all, "text/csv")).body().length;
                csvTimes[i] = seconds(start);
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode s : ServiceProcess.JSON.readTree(first.body()).get("series")) {
                ids.add(s.get("id").asString());
            }
            SplittableRandom random = new SplittableRandom(7);
            double[] single = new double[options.requests()];
            for (int i = 0; i < single.length; i++) {
                String id = URLEncoder.encode(ids.get(random.nextInt(ids.size())), StandardCharsets.UTF_8);
                start = System.nanoTime();
                expect(service.request("GET", "/api/v1/models/" + model + "/series/" + id + "/forecast?horizon="
                        + options.horizon(), null, "application/json"));
                single[i] = seconds(start) * 1000;
            }
            Arrays.sort(json);
            Arrays.sort(csvTimes);
            Arrays.sort(single);
            out.printf(Locale.ROOT, "serving with -Xmx%s: every series (%d) at horizon %d with 80/95 intervals: first"
                    + " request %d s after the start %.2f s, then JSON median %.2f s (%d MB), CSV median %.2f s (%d MB)%n",
                    options.serveHeap(), ids.size(), options.horizon(), options.settle(), firstSeconds, json[2],
                    first.body().length / 1_000_000, csvTimes[2], csvBytes / 1_000_000);
            out.printf(Locale.ROOT, "one series (%d requests, one client): p50 %.2f ms, p99 %.2f ms; heap used %d MB,"
                    + " RSS %d MB%n", single.length, single[single.length / 2], single[(int) (single.length * 0.99)],
                    service.heapUsedBytes() / 1_000_000, service.rssBytes() / 1_000_000);
        }
    }

    private static ServiceProcess.Answer expect(ServiceProcess.Answer answer) throws IOException {
        if (answer.status() != 200) {
            throw new IOException("the service answered " + answer.status() + ": "
                    + new String(answer.body(), StandardCharsets.UTF_8));
        }
        return answer;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
