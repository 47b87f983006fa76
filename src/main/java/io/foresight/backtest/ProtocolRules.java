package io.foresight.backtest;

import io.foresight.model.Accuracy;
import io.foresight.model.ErrorSums;

/**
 * The accuracy protocol ({@code /work/shared/benchmark/PROTOCOL.md}) as code: horizon and seasonal period by
 * sampling frequency, the MASE scale, the naive and seasonal-naive benchmark forecasts, and the scores.
 *
 * <p>Missing values ({@code NaN}) are skipped: a difference with a missing end does not enter the MASE scale,
 * and a test point whose actual value is missing is not scored.
 */
public final class ProtocolRules {

    private ProtocolRules() {
    }

    /** A weekly series gets the yearly period 52 when it spans three years: at least this many weeks. */
    public static final int WEEKS_FOR_YEARLY_SEASON = 3 * 52;

    /**
     * Forecast horizon by frequency code ({@code Frequency.code()}): monthly 18, quarterly 8, yearly 6, weekly 13,
     * business-day / daily 14, hourly / half-hourly 48, otherwise 10.
     */
    public static int horizon(String frequency) {
        return switch (frequency) {
            case "P1M" -> 18;
            case "P3M" -> 8;
            case "P1Y" -> 6;
            case "P1W" -> 13;
            case "B", "P1D" -> 14;
            case "PT1H", "PT30M" -> 48;
            default -> 10;
        };
    }

    /**
     * The protocol's seasonal period m: monthly 12, quarterly 4, weekly 52 when the series ({@code values}, all of
     * it) spans three years ({@link #WEEKS_FOR_YEARLY_SEASON} weeks or more), daily 7, hourly 24, half-hourly 336 (weekly cycle), business-day 5 when the training
     * part of the protocol's origin shows a weekly pattern ({@link #weeklyPattern}), otherwise 1. As
     * {@code scripts/protocol.R}'s {@code period}.
     */
    public static int seasonalPeriod(String frequency, double[] values) {
        return switch (frequency) {
            case "P1M" -> 12;
            case "P3M" -> 4;
            case "P1W" -> values.length >= WEEKS_FOR_YEARLY_SEASON ? 52 : 1;
            case "P1D" -> 7;
            case "PT1H" -> 24;
            case "PT30M" -> 336;
            case "B" -> weeklyPattern(java.util.Arrays.copyOf(values, Math.max(0, values.length - horizon(frequency)))) ? 5 : 1;
            default -> 1;
        };
    }

    /**
     * Whether the changes of {@code y} have a significant positive autocorrelation at lag 5 (a weekly pattern in business
     * days), by thetaf's 90 % test with Bartlett's limits, on the differences so that a trend or a random walk does
     * not pass for one; pairs with a missing value are left out.
     */
    static boolean weeklyPattern(double[] y) {
        double[] d = java.util.stream.IntStream.range(1, y.length).mapToDouble(t -> y[t] - y[t - 1])
                .filter(v -> !Double.isNaN(v)).toArray();
        int n = d.length;
        if (n < 20) {
            return false;
        }
        double mean = java.util.Arrays.stream(d).average().orElse(0);
        double den = 0;
        for (double v : d) {
            den += (v - mean) * (v - mean);
        }
        if (den == 0) {
            return false;
        }
        double sumSquares = 0;
        double r = 0;
        for (int k = 1; k <= 5; k++) {
            double num = 0;
            for (int t = 0; t + k < n; t++) {
                num += (d[t] - mean) * (d[t + k] - mean);
            }
            r = num / den;
            if (k < 5) {
                sumSquares += r * r;
            }
        }
        double limit = 1.6448536269514722 / Math.sqrt(n) * Math.sqrt(1 + 2 * sumSquares);
        return r > limit;
    }

    /**
     * MASE's denominator: mean(|y_t - y_{t-m}|) over the training part, always with the given m (unlike
     * {@code io.foresight.model.Accuracy.maseScale}, which falls back to m = 1 unless the part is longer than
     * two seasons, and returns 1 for a constant part). Pairs with a missing end are skipped.
     *
     * @return the scale, or {@code NaN} when no pair has both values (the part is no longer than m) or the
     *         scale is 0 (a part that repeats itself exactly every m steps): MASE is undefined then
     */
    /**
     * The fewest training points an origin of a rolling-origin backtest ({@code --origins} above 1) needs:
     * {@code max(2 m, 8)}, the rule of the rolling-origin reference ({@code scripts/reference-rolling.R}); an earlier
     * origin is left out, so that Foresight and R are scored at the same origins.
     */
    public static int rollingMinimumTraining(int m) {
        return Math.max(2 * m, 8);
    }

    public static double maseScale(double[] train, int m) {
        double sum = 0;
        int n = 0;
        for (int t = m; t < train.length; t++) {
            double d = train[t] - train[t - m];
            if (!Double.isNaN(d)) {
                sum += Math.abs(d);
                n++;
            }
        }
        return n == 0 || sum == 0 ? Double.NaN : sum / n;
    }

    /** The naive forecast: the last observed value of the training part, repeated. */
    public static double[] naive(double[] train, int h) {
        double last = Double.NaN;
        for (int t = train.length - 1; t >= 0; t--) {
            if (!Double.isNaN(train[t])) {
                last = train[t];
                break;
            }
        }
        double[] forecast = new double[h];
        java.util.Arrays.fill(forecast, last);
        return forecast;
    }

    /**
     * The seasonal-naive forecast: the last season of the training part, repeated (step k gets
     * y_{T + k - m * ceil(k / m)}); a missing value is taken from the season before it. With m = 1, or a part
     * shorter than one season, this is the naive forecast.
     */
    public static double[] seasonalNaive(double[] train, int h, int m) {
        if (m <= 1 || train.length < m) {
            return naive(train, h);
        }
        int n = train.length;
        double[] forecast = new double[h];
        for (int k = 1; k <= h; k++) {
            int seasonsBack = (k + m - 1) / m;
            int t = n + k - 1 - m * seasonsBack;
            while (t >= 0 && Double.isNaN(train[t])) {
                t -= m;
            }
            forecast[k - 1] = t >= 0 ? train[t] : naive(train, 1)[0];
        }
        return forecast;
    }

    /**
     * Point accuracy of a forecast against the test part.
     *
     * @param scale the MASE scale of the training part ({@link #maseScale}); NaN leaves MASE undefined
     */
    public static Scores score(double[] actual, double[] forecast, double scale) {
        ErrorSums errors = new ErrorSums();
        for (int i = 0; i < actual.length; i++) {
            if (!Double.isNaN(actual[i])) {
                errors.add(actual[i], forecast[i]);
            }
        }
        if (errors.count() == 0) {
            return new Scores(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mae = errors.mae();
        return new Scores(mae / scale, errors.smape(), mae, errors.rmse(), errors.count());
    }

    /** The share of scored test points (actual not missing) with {@code lower <= actual <= upper}. */
    public static double coverage(double[] actual, double[] lower, double[] upper) {
        return Accuracy.coverage(actual, lower, upper);
    }

    /**
     * @param mase   MAE / the training part's MASE scale
     * @param smape  symmetric MAPE in percent (0..200), 200 |e| / (|y| + |f|), 0 when both are 0
     * @param mae    mean absolute error
     * @param rmse   root mean squared error
     * @param points test points scored (actual not missing)
     */
    public record Scores(double mase, double smape, double mae, double rmse, int points) {
    }
}
