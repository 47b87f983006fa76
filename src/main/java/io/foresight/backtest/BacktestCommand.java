package io.foresight.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.registry.IntervalCalibration;
import io.foresight.training.JobStatus;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;

/**
 * Applies the accuracy protocol to CSV files through the service's own code path: for every series and origin
 * the training part is uploaded as a CSV dataset, trained by a training job exactly as a user's request would
 * be, forecast by the forecast service, and scored against the test part next to the naive and seasonal-naive
 * forecasts. Series run one after the other.
 */
public final class BacktestCommand {

    private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9._-]");
    private static final long POLL_MILLIS = 100;

    private final DatasetService datasets;
    private final TrainingService training;
    private final ForecastService forecasts;
    private final PrintStream out;

    public BacktestCommand(DatasetService datasets, TrainingService training, ForecastService forecasts, PrintStream out) {
        this.datasets = datasets;
        this.training = training;
        this.forecasts = forecasts;
        this.out = out;
    }

    /** One column of one file, backtested as a univariate series. */
    private record Series(String label, TimeSeries data, SeriesColumn column) {
    }

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
                series.addAll(read(file, options.columns()));
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
        int index = 0;
        for (Series s : series) {
            index++;
            for (int origin = 1; origin <= options.origins(); origin++) {
                report.add(backtest(index, s, origin, options));
            }
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
        return unreadable.isEmpty() ? 0 : 1;
    }

    private static List<Series> read(Path file, List<String> wanted) throws IOException {
        TimeSeries data = DatasetService.parse(Files.readAllBytes(file));
        String base = file.getFileName().toString();
        if (base.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            base = base.substring(0, base.length() - 4);
        }
        List<Series> result = new ArrayList<>();
        if (wanted.isEmpty()) {
            for (SeriesColumn column : data.columns()) {
                result.add(new Series(label(base, data, column), data, column));
            }
        } else {
            for (String name : wanted) {
                if (data.columnNames().contains(name)) {
                    SeriesColumn column = data.column(name);
                    result.add(new Series(label(base, data, column), data, column));
                }
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException("none of the columns " + wanted + " is in it; it has " + data.columnNames());
            }
        }
        return result;
    }

    private static String label(String base, TimeSeries data, SeriesColumn column) {
        return data.columns().size() == 1 ? base : base + "/" + column.name();
    }

    /** Origin {@code origin} of {@code origins}: the last one ends at the end of the series. */
    private BacktestReport.Line backtest(int index, Series s, int origin, BacktestOptions options) {
        long started = System.nanoTime();
        TimeSeries data = s.data();
        String frequency = data.frequency().code();
        int h = options.horizon() != null ? options.horizon() : ProtocolRules.horizon(frequency);
        int m = ProtocolRules.seasonalPeriod(frequency);
        int back = options.origins() - origin + 1;
        int trainEnd = data.size() - back * h;
        double[] values = s.column().values();
        String trainEndText = trainEnd >= 1 ? TimestampFormat.format(data.timestamps().get(trainEnd - 1), data.dateOnly()) : "";
        if (trainEnd < 2) {
            return failure(s, origin, options, frequency, trainEndText, Math.max(trainEnd, 0), h, m, started,
                    "the series has " + data.size() + " points, too few for " + back + " horizon(s) of " + h + " test points");
        }
        double[] train = Arrays.copyOfRange(values, 0, trainEnd);
        double[] test = Arrays.copyOfRange(values, trainEnd, trainEnd + h);
        double scale = ProtocolRules.maseScale(train, m);
        ProtocolRules.Scores naive = ProtocolRules.score(test, ProtocolRules.naive(train, h), scale);
        ProtocolRules.Scores snaive = ProtocolRules.score(test, ProtocolRules.seasonalNaive(train, h, m), scale);

        String name = name(index, s.label(), origin);
        double trainSeconds = 0;
        try {
            DatasetInfo dataset = datasets.create(name, name + ".csv", csv(data, train, trainEnd));
            TrainingJobView job = training.submit(name, new TrainingRequest(dataset.id(), "value", null, h,
                    options.architecture(), null, null, options.epochs(), null, null, null, null, null, null, null));
            job = await(job.id());
            if (job.startedAt() != null && job.finishedAt() != null) {
                trainSeconds = Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0;
            }
            if (job.status() != JobStatus.SUCCEEDED) {
                return new BacktestReport.Line(s.label(), origin, options.origins(), frequency, trainEndText, trainEnd, h, m,
                        null, null, Double.NaN, Double.NaN, naive, snaive, trainSeconds, seconds(started),
                        "training " + job.status() + ": " + job.error());
            }
            Forecast forecast = forecasts.forecast(new ForecastQuery(name, h, null, null, null, IntervalCalibration.DEFAULT_LEVELS));
            double[] point = new double[h];
            double[][] lower = new double[2][h];
            double[][] upper = new double[2][h];
            for (int k = 0; k < h; k++) {
                Forecast.Point p = forecast.points().get(k);
                point[k] = p.value();
                for (int l = 0; l < 2; l++) {
                    lower[l][k] = level(p.lower(), IntervalCalibration.DEFAULT_LEVELS.get(l));
                    upper[l][k] = level(p.upper(), IntervalCalibration.DEFAULT_LEVELS.get(l));
                }
            }
            ProtocolRules.Scores model = ProtocolRules.score(test, point, scale);
            return new BacktestReport.Line(s.label(), origin, options.origins(), frequency, trainEndText, trainEnd, h, m,
                    forecast.method(), model, ProtocolRules.coverage(test, lower[0], upper[0]),
                    ProtocolRules.coverage(test, lower[1], upper[1]), naive, snaive, trainSeconds, seconds(started), null);
        } catch (ForesightException e) {
            return new BacktestReport.Line(s.label(), origin, options.origins(), frequency, trainEndText, trainEnd, h, m,
                    null, null, Double.NaN, Double.NaN, naive, snaive, trainSeconds, seconds(started), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException e) {
            return new BacktestReport.Line(s.label(), origin, options.origins(), frequency, trainEndText, trainEnd, h, m,
                    null, null, Double.NaN, Double.NaN, naive, snaive, trainSeconds, seconds(started),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private BacktestReport.Line failure(Series s, int origin, BacktestOptions options, String frequency, String trainEnd,
            int n, int h, int m, long started, String error) {
        return new BacktestReport.Line(s.label(), origin, options.origins(), frequency, trainEnd, n, h, m, null, null,
                Double.NaN, Double.NaN, null, null, 0, seconds(started), error);
    }

    private TrainingJobView await(String jobId) throws InterruptedException {
        while (true) {
            TrainingJobView job = training.get(jobId);
            if (job.status().finished()) {
                return job;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * The training part as a user would upload it: {@code timestamp,value}, the original timestamps, missing
     * values as empty cells.
     */
    static byte[] csv(TimeSeries data, double[] train, int length) {
        StringBuilder csv = new StringBuilder(length * 24 + 16).append("timestamp,value\n");
        for (int t = 0; t < length; t++) {
            csv.append(TimestampFormat.format(data.timestamps().get(t), data.dateOnly())).append(',');
            if (!Double.isNaN(train[t])) {
                csv.append(BigDecimal.valueOf(train[t]).toPlainString());
            }
            csv.append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A model and dataset name the registry accepts, unique within the run. */
    static String name(int index, String label, int origin) {
        String cleaned = NOT_NAME_CHARACTER.matcher(label).replaceAll("_");
        if (cleaned.length() > 60) {
            cleaned = cleaned.substring(0, 60);
        }
        return "bt" + index + "-" + cleaned + "-o" + origin;
    }

    private static double level(Map<String, Double> bounds, double level) {
        if (bounds == null) {
            return Double.NaN;
        }
        for (Map.Entry<String, Double> e : bounds.entrySet()) {
            try {
                if (Double.parseDouble(e.getKey()) == level && e.getValue() != null) {
                    return e.getValue();
                }
            } catch (NumberFormatException ignored) {
                // not a level key
            }
        }
        return Double.NaN;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
