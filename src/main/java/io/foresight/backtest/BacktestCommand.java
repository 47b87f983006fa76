package io.foresight.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.foresight.dataset.DatasetService;
import io.foresight.dataset.Panel;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.forecast.ForecastService;
import io.foresight.training.TrainingService;
import io.foresight.window.RollingOrigins;

/**
 * Applies the accuracy protocol to CSV files through the service's own code path: for every series and origin
 * the training part is handed to a {@link PanelForecaster} (today {@link PerSeriesForecaster}: uploaded as a CSV
 * dataset, trained by a training job exactly as a user's request would be, forecast by the forecast service), and
 * the forecast is scored against the test part next to the naive and seasonal-naive forecasts. A wide file gives one
 * series per numeric column; a long-format file (an id column: {@code --id-column}, or a column named {@code series})
 * one series per id, each backtested on its own. Series run one after the other.
 */
public final class BacktestCommand {

    private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9._-]");

    private final PanelForecaster forecaster;
    private final PrintStream out;

    public BacktestCommand(DatasetService datasets, TrainingService training, ForecastService forecasts, PrintStream out) {
        this(new PerSeriesForecaster(datasets, training, forecasts), out);
    }

    BacktestCommand(PanelForecaster forecaster, PrintStream out) {
        this.forecaster = forecaster;
        this.out = out;
    }

    /** One column of one file (or one id of a long-format file), backtested as a univariate series. */
    private record Series(int index, String label, TimeSeries data, SeriesColumn column, Drivers drivers, String group) {

        Series(int index, String label, TimeSeries data, SeriesColumn column) {
            this(index, label, data, column, null, null);
        }
    }

    /** What a label of a series backtested with its drivers ends with ({@code --drivers}). */
    static final String WITH_DRIVERS = " +drivers";

    /**
     * Runs the backtest and prints the report.
     *
     * @param startupSeconds how long the service took to start, only for the report
     * @return 0, or 1 when a file could not be read
     */
    public int run(BacktestOptions options, double startupSeconds) {
        long started = System.nanoTime();
        List<Series> series = new ArrayList<>();
        List<String[]> unreadable = new ArrayList<>();
        for (Path file : options.files()) {
            try {
                series.addAll(read(file, options, series.size()));
            } catch (IOException e) {
                unreadable.add(new String[] {file.toString(), e.getClass().getSimpleName() + " " + e.getMessage()});
            } catch (RuntimeException e) {
                unreadable.add(new String[] {file.toString(), String.valueOf(e.getMessage())});
            }
        }
        BacktestReport report = new BacktestReport(out, series.stream().map(Series::label).toList(), options.origins() > 1);
        for (String[] file : unreadable) {
            report.unreadable(file[0], file[1]);
        }
        report.header();
        try {
            if (forecaster.wholePanel()) {
                for (int origin = 1; origin <= options.origins(); origin++) {
                    backtest(series, origin, options, report).forEach(report::add);
                }
            } else {
                for (Series s : series) {
                    for (int origin = 1; origin <= options.origins(); origin++) {
                        backtest(List.of(s), origin, options, report).forEach(report::add);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (options.out() != null) {
            try {
                report.writeCsv(options.out());
                out.println("results written to " + options.out());
            } catch (IOException e) {
                out.println("could not write " + options.out() + ": " + e.getMessage());
            }
        }
        report.summary(startupSeconds, (System.nanoTime() - started) / 1e9);
        report.driversComparison(WITH_DRIVERS);
        return unreadable.isEmpty() ? 0 : 1;
    }

    private static List<Series> read(Path file, BacktestOptions options, int before) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String base = file.getFileName().toString();
        if (base.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            base = base.substring(0, base.length() - 4);
        }
        String idColumn = LongFormat.idColumn(bytes, options.idColumn());
        List<Series> result = new ArrayList<>();
        Path sidecar = Drivers.sidecar(file);
        if (options.drivers() && idColumn == null && Files.exists(sidecar)) {
            // each target without, then with what the set knows about the future
            Drivers drivers = Drivers.read(sidecar);
            TimeSeries data = DatasetService.parse(bytes);
            List<String> targets = drivers.targets().isEmpty() ? data.columnNames().stream()
                    .filter(c -> !drivers.futureFeatures().contains(c)).toList() : drivers.targets();
            String panel = drivers.panel() != null ? drivers.panel() : base;
            for (String target : targets) {
                SeriesColumn column = data.column(target);
                String label = data.columns().size() == 1 ? base : base + "/" + target;
                result.add(new Series(before + result.size() + 1, label, data, column, null, panel));
                result.add(new Series(before + result.size() + 1, label + WITH_DRIVERS, data, column, drivers, panel));
            }
            return result;
        }
        if (idColumn != null) {
            for (Panel.Member member : LongFormat.split(bytes, idColumn).series()) {
                result.addAll(columns(base + "/" + member.id(), member.data(), options.columns(), before + result.size()));
            }
        } else {
            result.addAll(columns(base, DatasetService.parse(bytes), options.columns(), before));
        }
        return result;
    }

    /** The wanted (or every) column of one parsed series; {@code label} gets {@code /column} when there are several. */
    private static List<Series> columns(String base, TimeSeries data, List<String> wanted, int before) {
        List<Series> result = new ArrayList<>();
        if (wanted.isEmpty()) {
            for (SeriesColumn column : data.columns()) {
                result.add(new Series(before + result.size() + 1, label(base, data, column), data, column));
            }
        } else {
            for (String name : wanted) {
                if (data.columnNames().contains(name)) {
                    SeriesColumn column = data.column(name);
                    result.add(new Series(before + result.size() + 1, label(base, data, column), data, column));
                }
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException((base.contains("/") ? base + ": " : "") + "none of the columns " + wanted
                        + " is in it; it has " + data.columnNames());
            }
        }
        return result;
    }

    private static String label(String base, TimeSeries data, SeriesColumn column) {
        return data.columns().size() == 1 ? base : base + "/" + column.name();
    }

    /** The protocol's split of one series at one origin, with its baselines. */
    private record Split(Series series, int origin, String frequency, String trainEndText, int trainEnd, int h, int m,
            double[] test, double scale, ProtocolRules.Scores naive, ProtocolRules.Scores snaive,
            PanelForecaster.TrainingPart part, String error, boolean leftOut) {

        Split(Series series, int origin, String frequency, String trainEndText, int trainEnd, int h, int m, double[] test,
                double scale, ProtocolRules.Scores naive, ProtocolRules.Scores snaive, PanelForecaster.TrainingPart part,
                String error) {
            this(series, origin, frequency, trainEndText, trainEnd, h, m, test, scale, naive, snaive, part, error, false);
        }
    }

    /**
     * Origin {@code origin} of every one of {@code series} (the last origin ends at the end of a series): the training
     * parts go to the forecaster in one call, and each forecast is scored against its test part.
     */
    private List<BacktestReport.Line> backtest(List<Series> series, int origin, BacktestOptions options,
            BacktestReport report) throws InterruptedException {
        long started = System.nanoTime();
        List<Split> splits = series.stream().map(s -> split(s, origin, options)).toList();
        List<PanelForecaster.TrainingPart> parts = splits.stream().filter(sp -> sp.part() != null)
                .map(Split::part).toList();
        List<PanelForecaster.Outcome> outcomes = parts.isEmpty() ? List.of() : forecaster.forecast(parts);
        if (outcomes.size() != parts.size()) {
            throw new IllegalStateException("the forecaster answered " + outcomes.size() + " outcomes for " + parts.size() + " parts");
        }
        double wall = seconds(started) / Math.max(1, parts.size());
        List<BacktestReport.Line> lines = new ArrayList<>(splits.size());
        int next = 0;
        for (Split sp : splits) {
            Series s = sp.series();
            if (sp.leftOut()) {
                report.leftOut(s.label(), origin, options.origins(), Math.max(sp.trainEnd(), 0), sp.h(), sp.m(), sp.error());
                continue;
            }
            if (sp.part() == null) {
                lines.add(new BacktestReport.Line(s.label(), origin, options.origins(), sp.frequency(), sp.trainEndText(),
                        Math.max(sp.trainEnd(), 0), sp.h(), sp.m(), null, null, Double.NaN, Double.NaN, null, null, 0,
                        seconds(started), sp.error()));
                continue;
            }
            PanelForecaster.Outcome o = outcomes.get(next++);
            if (o.error() != null) {
                lines.add(new BacktestReport.Line(s.label(), origin, options.origins(), sp.frequency(), sp.trainEndText(),
                        sp.trainEnd(), sp.h(), sp.m(), null, null, Double.NaN, Double.NaN, sp.naive(), sp.snaive(),
                        o.trainSeconds(), wall, o.error()));
                continue;
            }
            ProtocolRules.Scores model = ProtocolRules.score(sp.test(), o.point(), sp.scale());
            lines.add(new BacktestReport.Line(s.label(), origin, options.origins(), sp.frequency(), sp.trainEndText(),
                    sp.trainEnd(), sp.h(), sp.m(), o.method(), model, coverage(sp.test(), o, 0), coverage(sp.test(), o, 1),
                    sp.naive(), sp.snaive(), o.trainSeconds(), wall, null));
        }
        return lines;
    }

    /** The share of the test points inside the outcome's interval {@code level} (0: 80 %, 1: 95 %); NaN without intervals. */
    private static double coverage(double[] test, PanelForecaster.Outcome o, int level) {
        return o.lower() == null ? Double.NaN : ProtocolRules.coverage(test, o.lower()[level], o.upper()[level]);
    }

    private static Split split(Series s, int origin, BacktestOptions options) {
        TimeSeries data = s.data();
        String frequency = data.frequency().code();
        int h = options.horizon() != null ? options.horizon() : ProtocolRules.horizon(frequency);
        int m = ProtocolRules.seasonalPeriod(frequency, s.column().values());
        int back = options.origins() - origin + 1;
        int trainEnd = RollingOrigins.end(data.size(), options.origins(), origin - 1, h, h);
        double[] values = s.column().values();
        String trainEndText = trainEnd >= 1 ? TimestampFormat.format(data.timestamps().get(trainEnd - 1), data.dateOnly()) : "";
        if (options.origins() > 1 && trainEnd < ProtocolRules.rollingMinimumTraining(m)) {
            return new Split(s, origin, frequency, trainEndText, trainEnd, h, m, null, Double.NaN, null, null, null,
                    "a training part of " + Math.max(trainEnd, 0) + " points, shorter than max(2 m, 8) = "
                            + ProtocolRules.rollingMinimumTraining(m) + " (the rolling-origin reference leaves it out too)",
                    true);
        }
        if (trainEnd < 2) {
            return new Split(s, origin, frequency, trainEndText, trainEnd, h, m, null, Double.NaN, null, null, null,
                    "the series has " + data.size() + " points, too few for " + back + " horizon(s) of " + h + " test points");
        }
        double[] train = Arrays.copyOfRange(values, 0, trainEnd);
        double[] test = Arrays.copyOfRange(values, trainEnd, trainEnd + h);
        double scale = ProtocolRules.maseScale(train, m);
        ProtocolRules.Scores naive = ProtocolRules.score(test, ProtocolRules.naive(train, h), scale);
        ProtocolRules.Scores snaive = ProtocolRules.score(test, ProtocolRules.seasonalNaive(train, h, m), scale);
        PanelForecaster.TrainingPart part = new PanelForecaster.TrainingPart(s.label(), name(s.index(), s.label(), origin),
                data, train, h, options.architecture(), options.epochs(), s.column().name(), s.drivers(), s.group());
        return new Split(s, origin, frequency, trainEndText, trainEnd, h, m, test, scale, naive, snaive, part, null);
    }

    /**
     * The training part as a user would upload it: {@code timestamp,value}, the original timestamps, missing values as
     * empty cells; with drivers ({@code futureFeatures}, {@code h} > 0) as a user with a plan would upload it:
     * {@code timestamp,value,<future features>}, the training rows and then {@code h} rows with an empty value and the
     * future features' values over the test horizon (known in advance: the plan the model reads).
     */
    static byte[] csv(TimeSeries data, double[] train, int h, List<String> futureFeatures) {
        StringBuilder csv = new StringBuilder((train.length + h) * 32 + 32).append("timestamp,value");
        futureFeatures.forEach(f -> csv.append(',').append(f));
        csv.append('\n');
        rows(csv, "", data, train, h, futureFeatures);
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #csv(TimeSeries, double[], int, List)}'s rows, each after {@code prefix}. */
    static void rows(StringBuilder csv, String prefix, TimeSeries data, double[] train, int h, List<String> futureFeatures) {
        for (int t = 0; t < train.length + h; t++) {
            csv.append(prefix).append(TimestampFormat.format(data.timestamps().get(t), data.dateOnly())).append(',');
            if (t < train.length && !Double.isNaN(train[t])) {
                csv.append(BigDecimal.valueOf(train[t]).toPlainString());
            }
            for (String f : futureFeatures) {
                double v = data.column(f).values()[t];
                csv.append(',');
                if (!Double.isNaN(v)) {
                    csv.append(BigDecimal.valueOf(v).toPlainString());
                }
            }
            csv.append('\n');
        }
    }

    /** A model and dataset name the registry accepts, unique within the run. */
    static String name(int index, String label, int origin) {
        String cleaned = NOT_NAME_CHARACTER.matcher(label).replaceAll("_");
        if (cleaned.length() > 60) {
            cleaned = cleaned.substring(0, 60);
        }
        return "bt" + index + "-" + cleaned + "-o" + origin;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
