package io.foresight.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The backtest's output: a fixed-width line per series and origin (printed as soon as it is known), then the
 * aggregates, the final {@code backtest: N series, M failed} line, and optionally a CSV of every line.
 *
 * <p>Aggregates are over series, not lines: a series' scores are the means over its origins. A series with a
 * failed origin counts as failed and is left out of every aggregate, for the model and the baselines alike,
 * so that the three are always compared on the same series.
 */
public final class BacktestReport {

    /**
     * One series at one origin.
     *
     * @param series       the series' label (file name, plus {@code /column} for a file with several columns)
     * @param origin       1 .. origins, chronological: the last one ends at the end of the series
     * @param origins      how many origins the series has
     * @param frequency    the frequency code
     * @param trainEnd     the last training timestamp
     * @param n            training points
     * @param h            horizon (= test points)
     * @param m            the protocol's seasonal period
     * @param method       the forecast's method, or null when it failed
     * @param model        the model's scores, null when it failed
     * @param cov80        share of test points inside the 80 % interval
     * @param cov95        share of test points inside the 95 % interval
     * @param naive        the naive forecast's scores
     * @param snaive       the seasonal-naive forecast's scores
     * @param trainSeconds the training job's duration (started to finished)
     * @param wallSeconds  everything for this line: upload, queue, training, forecast
     * @param error        why it failed, or null
     */
    public record Line(String series, int origin, int origins, String frequency, String trainEnd, int n, int h, int m,
            String method, ProtocolRules.Scores model, double cov80, double cov95, ProtocolRules.Scores naive,
            ProtocolRules.Scores snaive, double trainSeconds, double wallSeconds, String error) {

        public boolean failed() {
            return error != null;
        }
    }

    private final PrintStream out;
    private final int labelWidth;
    private final boolean showOrigins;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private int leftOut;

    public BacktestReport(PrintStream out, List<String> labels, boolean showOrigins) {
        this.out = out;
        this.labelWidth = Math.max(6, labels.stream().mapToInt(String::length).max().orElse(6));
        this.showOrigins = showOrigins;
    }

    public void header() {
        out.println(String.format(Locale.ROOT, "%-" + labelWidth + "s %s%6s %4s %4s %-15s %7s %7s %10s %10s %5s %5s %7s %7s %8s",
                "series", showOrigins ? String.format("%-7s ", "origin") : "", "n", "h", "m", "method", "MASE", "sMAPE",
                "MAE", "RMSE", "cov80", "cov95", "naive", "snaive", "train_s"));
        out.flush();
    }

    public void add(Line line) {
        lines.add(line);
        String origin = showOrigins ? String.format(Locale.ROOT, "%-7s ", line.origin() + "/" + line.origins()) : "";
        String start = String.format(Locale.ROOT, "%-" + labelWidth + "s %s%6d %4d %4d ", line.series(), origin,
                line.n(), line.h(), line.m());
        if (line.failed()) {
            out.println(start + "FAILED: " + line.error().replaceAll("\\s+", " "));
        } else {
            out.println(start + String.format(Locale.ROOT, "%-15s %7s %7s %10s %10s %5s %5s %7s %7s %8.1f",
                    line.method(), fixed(line.model().mase(), 3), fixed(line.model().smape(), 2),
                    number(line.model().mae()), number(line.model().rmse()), fixed(line.cov80(), 2),
                    fixed(line.cov95(), 2), fixed(line.naive().mase(), 3), fixed(line.snaive().mase(), 3),
                    line.trainSeconds()));
        }
        out.flush();
    }

    /**
     * An origin of a rolling-origin backtest left out before training ({@link ProtocolRules#rollingMinimumTraining}):
     * printed, counted in the summary, neither a line nor a failure (its series' other origins count).
     */
    public void leftOut(String series, int origin, int origins, int n, int h, int m, String why) {
        leftOut++;
        String place = showOrigins ? String.format(Locale.ROOT, "%-7s ", origin + "/" + origins) : "";
        out.println(String.format(Locale.ROOT, "%-" + labelWidth + "s %s%6d %4d %4d ", series, place, n, h, m)
                + "LEFT OUT: " + why);
        out.flush();
    }

    /** A file that could not be read or parsed: no line, but the exit code says so. */
    public void unreadable(String file, String why) {
        unreadable.add(file);
        out.println("cannot read " + file + ": " + why);
        out.flush();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The aggregate lines and the final {@code backtest: N series, M failed}. */
    public void summary(double startupSeconds, double totalSeconds) {
        Map<String, List<Line>> bySeries = new LinkedHashMap<>();
        for (Line line : lines) {
            bySeries.computeIfAbsent(line.series(), k -> new ArrayList<>()).add(line);
        }
        List<List<Line>> ok = new ArrayList<>();
        int failed = 0;
        for (List<Line> series : bySeries.values()) {
            if (series.stream().anyMatch(Line::failed)) {
                failed++;
            } else {
                ok.add(series);
            }
        }
        out.println();
        out.println(String.format(Locale.ROOT, "aggregate over %d series (%d failed left out)%s:", ok.size(), failed,
                showOrigins ? ", each the mean over its origins" : ""));
        out.println(String.format(Locale.ROOT, "  %-7s %11s %11s %12s %12s", "method", "MASE median", "MASE mean",
                "sMAPE median", "sMAPE mean"));
        double[] model = means(ok, l -> l.model().mase());
        double[] naive = means(ok, l -> l.naive().mase());
        double[] snaive = means(ok, l -> l.snaive().mase());
        aggregate("model", model, means(ok, l -> l.model().smape()));
        aggregate("naive", naive, means(ok, l -> l.naive().smape()));
        aggregate("snaive", snaive, means(ok, l -> l.snaive().smape()));
        out.println(String.format(Locale.ROOT, "  mean coverage: 80%% interval %s, 95%% interval %s",
                fixed(mean(means(ok, Line::cov80)), 3), fixed(mean(means(ok, Line::cov95)), 3)));
        out.println(String.format(Locale.ROOT, "  coverage of all test points together: 80%% interval %s, 95%% interval %s",
                fixed(pooled(ok, Line::cov80), 3), fixed(pooled(ok, Line::cov95), 3)));
        out.println(String.format(Locale.ROOT, "  model beat snaive on %d of %d series, naive on %d of %d series",
                beats(model, snaive), ok.size(), beats(model, naive), ok.size()));
        double train = lines.stream().mapToDouble(Line::trainSeconds).sum();
        out.println(String.format(Locale.ROOT, "  time: %.1f s training, %.1f s for the series, %.1f s start-up", train,
                totalSeconds, startupSeconds));
        if (!unreadable.isEmpty()) {
            out.println("  unreadable files: " + String.join(", ", unreadable));
        }
        if (leftOut > 0) {
            out.println(String.format(Locale.ROOT, "  %d origin(s) left out: their training part is shorter than max(2 m, 8)"
                    + " points", leftOut));
        }
        out.println("backtest: " + bySeries.size() + " series, " + failed + " failed");
        out.flush();
    }

    /**
     * With {@code --drivers}: per target backtested without and with its drivers (labels {@code X} and
     * {@code X +drivers}), the MASE of each (the mean over its origins) and the change, then the geometric mean of the
     * ratios (with / without) over the targets both scored. Prints nothing when no line was backtested with drivers.
     */
    public void driversComparison(String suffix) {
        Map<String, List<Line>> bySeries = new LinkedHashMap<>();
        for (Line line : lines) {
            bySeries.computeIfAbsent(line.series(), k -> new ArrayList<>()).add(line);
        }
        List<String> with = bySeries.keySet().stream().filter(l -> l.endsWith(suffix)).toList();
        if (with.isEmpty()) {
            return;
        }
        out.println();
        out.println("with and without drivers (held-back MASE, mean over origins):");
        out.println(String.format(Locale.ROOT, "  %-" + labelWidth + "s %9s %9s %8s  %s", "series", "without", "with",
                "change", "with: method"));
        double logSum = 0;
        int compared = 0;
        int better = 0;
        for (String label : with) {
            String base = label.substring(0, label.length() - suffix.length());
            double mw = mean(bySeries.get(label).stream().mapToDouble(l -> l.model() == null ? Double.NaN : l.model().mase())
                    .toArray());
            double mo = mean(bySeries.getOrDefault(base, List.of()).stream()
                    .mapToDouble(l -> l.model() == null ? Double.NaN : l.model().mase()).toArray());
            String method = bySeries.get(label).stream().map(Line::method).filter(java.util.Objects::nonNull)
                    .distinct().reduce((a, b) -> a + "; " + b).orElse("failed");
            double change = mw / mo - 1;
            out.println(String.format(Locale.ROOT, "  %-" + labelWidth + "s %9s %9s %8s  %s", base, fixed(mo, 4),
                    fixed(mw, 4), Double.isNaN(change) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", 100 * change),
                    method));
            if (mo > 0 && mw > 0 && Double.isFinite(mo) && Double.isFinite(mw)) {
                logSum += Math.log(mw / mo);
                compared++;
                better += mw < mo ? 1 : 0;
            }
        }
        if (compared > 0) {
            out.println(String.format(Locale.ROOT, "  geometric mean of with/without over %d series: %.3f (%+.1f%%); better"
                    + " with drivers on %d of %d", compared, Math.exp(logSum / compared),
                    100 * (Math.exp(logSum / compared) - 1), better, compared));
        }
        out.flush();
    }

    public void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("series,origin,origins,frequency,train_end,n,h,m,method,mase,smape,mae,rmse,"
                + "cov80,cov95,naive_mase,naive_smape,snaive_mase,snaive_smape,train_seconds,wall_seconds,error\n");
        for (Line l : lines) {
            List<String> cells = new ArrayList<>(List.of(l.series(), Integer.toString(l.origin()),
                    Integer.toString(l.origins()), l.frequency(), l.trainEnd(), Integer.toString(l.n()),
                    Integer.toString(l.h()), Integer.toString(l.m()), l.method() == null ? "" : l.method()));
            ProtocolRules.Scores model = l.model();
            cells.addAll(Arrays.asList(cell(model == null ? Double.NaN : model.mase()),
                    cell(model == null ? Double.NaN : model.smape()), cell(model == null ? Double.NaN : model.mae()),
                    cell(model == null ? Double.NaN : model.rmse()), cell(l.cov80()), cell(l.cov95()),
                    cell(l.naive() == null ? Double.NaN : l.naive().mase()),
                    cell(l.naive() == null ? Double.NaN : l.naive().smape()),
                    cell(l.snaive() == null ? Double.NaN : l.snaive().mase()),
                    cell(l.snaive() == null ? Double.NaN : l.snaive().smape()),
                    String.format(Locale.ROOT, "%.3f", l.trainSeconds()), String.format(Locale.ROOT, "%.3f", l.wallSeconds()),
                    l.error() == null ? "" : l.error()));
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(quote(cells.get(i)));
            }
            csv.append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private void aggregate(String name, double[] mase, double[] smape) {
        out.println(String.format(Locale.ROOT, "  %-7s %11s %11s %12s %12s", name, fixed(median(mase), 3),
                fixed(mean(mase), 3), fixed(median(smape), 2), fixed(mean(smape), 2)));
    }

    /** Per series, the mean of the value over its origins (NaN when every origin's value is NaN). */
    /** A share over all scored test points of all series and origins (a series with more points weighs more). */
    private static double pooled(List<List<Line>> series, ToDoubleFunction<Line> share) {
        double inside = 0;
        int points = 0;
        for (List<Line> lines : series) {
            for (Line line : lines) {
                double value = share.applyAsDouble(line);
                if (!Double.isNaN(value)) {
                    inside += value * line.model().points();
                    points += line.model().points();
                }
            }
        }
        return points == 0 ? Double.NaN : inside / points;
    }

    private static double[] means(List<List<Line>> series, ToDoubleFunction<Line> value) {
        double[] result = new double[series.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = mean(series.get(i).stream().mapToDouble(value).toArray());
        }
        return result;
    }

    private static int beats(double[] model, double[] baseline) {
        int n = 0;
        for (int i = 0; i < model.length; i++) {
            if (model[i] < baseline[i]) {
                n++;
            }
        }
        return n;
    }

    /** Mean of the non-NaN values; NaN when there are none. */
    static double mean(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
    }

    /** Median of the non-NaN values; NaN when there are none. */
    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static String fixed(double x, int decimals) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** A value in the series' units, readable at any magnitude in 10 characters. */
    private static String number(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (a >= 1e7 || (a > 0 && a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3e", x);
        }
        return String.format(Locale.ROOT, a >= 1000 ? "%.1f" : "%.3f", x);
    }

    private static String cell(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
