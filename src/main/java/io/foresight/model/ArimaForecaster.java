package io.foresight.model;

import java.util.Arrays;

import io.foresight.window.Scaler;

/**
 * ARIMA as R's {@code auto.arima(y)} chooses and fits it ({@link AutoArima}, {@link Arima}). A season longer than
 * {@link #LONGEST_SEASONAL_ARIMA} points (weekly data's year, an hourly series' week, a daily series' year) is
 * modelled as auto.arima users model it: a non-seasonal ARIMA with K Fourier pairs per period as regressors
 * ({@code auto.arima(y, xreg = fourier(y, K), seasonal = FALSE)}), K (at most 12 per period) chosen by AICc, with
 * the error model's order held while K grows ({@link #choose}). A positive series is not
 * forecast below zero, as the project's other statistical methods are not.
 *
 * <p>The model is chosen and fitted afresh on each history. It is not one of AUTO's candidates (docs/BACKTEST.md,
 * "which classical methods AUTO compares"): a search at each of a training job's held-back origins is too slow, and
 * the cheaper schemes measured (coefficients refitted at 25 origins, or fitted once and filtered) did not help AUTO.
 */
final class ArimaForecaster extends StatisticalForecaster {

    /** Longest season a seasonal ARIMA models; longer ones get Fourier terms. */
    static final int LONGEST_SEASONAL_ARIMA = 24;
    /** Most Fourier pairs per period tried. */
    static final int MAX_FOURIER_ORDER = 12;
    static final double DAYS_PER_YEAR = 365.25;

    /**
     * What is chosen once: the model's order and, for long seasons, {@code fourierOrders[i]} Fourier pairs for
     * {@code periods[i]} (both empty otherwise).
     */
    record Specification(Arima.Order order, double[] periods, int[] fourierOrders) {

        Specification {
            periods = periods.clone();
            fourierOrders = fourierOrders.clone();
        }

        @Override
        public double[] periods() {
            return periods.clone();
        }

        @Override
        public int[] fourierOrders() {
            return fourierOrders.clone();
        }

        /** The Fourier regressors at times {@code start + 1 .. start + length}; null without long seasons. */
        double[][] terms(int start, int length) {
            return periods.length == 0 ? null : Fourier.terms(periods, fourierOrders, start, length);
        }

        @Override
        public String toString() {
            return order + (periods.length == 0 ? ""
                    : " with Fourier pairs " + Arrays.toString(fourierOrders) + " for periods " + Arrays.toString(periods));
        }
    }

    /**
     * A fit of {@code specification} to a history of {@code length} points that starts {@code start} points into
     * the series (the Fourier terms' time origin, so that coefficients carry over to another history).
     */
    record Choice(Arima fit, Specification specification, int start, int length) {

        double[] forecast(int horizon) {
            return fit.forecast(horizon, specification.terms(start + length, horizon));
        }
    }

    ArimaForecaster(int period, int horizon) {
        super(period, horizon);
    }

    @Override
    double[] forecast(double[] y) {
        Choice choice;
        try {
            choice = choose(y, period);
        } catch (IllegalArgumentException | ArithmeticException e) {
            choice = null; // a degenerate history (collinear regressors, too few points): the random walk below
        }
        return finish(choice, y);
    }

    /** The choice's forecast, the random walk's when there is none; a positive series' floored at zero. */
    private double[] finish(Choice choice, double[] y) {
        double[] values = choice == null ? null : choice.forecast(horizon);
        if (values == null || !Arrays.stream(values).allMatch(Double::isFinite)) {
            values = new double[horizon];
            Arrays.fill(values, y[y.length - 1]); // no ARIMA could be fitted: the random walk's forecast
        }
        if (Scaler.positive(y, y.length)) {
            for (int k = 0; k < horizon; k++) {
                values[k] = Math.max(values[k], 0);
            }
        }
        return values;
    }

    /**
     * The periods modelled by Fourier terms for a series of season {@code period} and {@code length} points, or an
     * empty array when a seasonal ARIMA (or none) models the season: a weekly series' 52 is the year of 365.25 / 7
     * weeks; a week of hourly (or half-hourly, quarter-hourly) data comes with its day; a daily series with two
     * years of history gets its year besides its week.
     */
    static double[] fourierPeriods(int period, int length) {
        if (period == 52) {
            return new double[] {DAYS_PER_YEAR / 7};
        }
        if (period == 7 && length >= 2 * DAYS_PER_YEAR) {
            return new double[] {7, DAYS_PER_YEAR};
        }
        if (period > LONGEST_SEASONAL_ARIMA && period % 7 == 0 && period / 7 > 1 && period / 7 <= 96) {
            return new double[] {period / 7, period};
        }
        if (period > LONGEST_SEASONAL_ARIMA) {
            return new double[] {period};
        }
        return new double[0];
    }

    /** auto.arima's choice for {@code y}; null when nothing could be fitted. */
    static Choice choose(double[] y, int period) {
        double[] periods = fourierPeriods(period, y.length);
        if (periods.length == 0) {
            Arima fit = AutoArima.fit(y, period);
            return fit == null ? null : new Choice(fit, new Specification(fit.order(), periods, new int[0]), 0, y.length);
        }
        int[] orders = new int[periods.length];
        int[] limits = new int[periods.length];
        for (int i = 0; i < periods.length; i++) {
            limits[i] = (int) Math.min(MAX_FOURIER_ORDER, Math.floor(periods[i] / 2));
            orders[i] = Math.min(1, limits[i]);
        }
        double frequency = Arrays.stream(periods).max().orElse(1);
        Choice first = withFourier(y, periods, orders, frequency);
        if (first == null) {
            return null;
        }
        // K by AICc with the error model's order held at the one chosen with one pair per period (conditional sums
        // of squares, as auto.arima's own approximation compares): an order search for every K costs minutes on a
        // long half-hourly series; the order is searched again for the K chosen
        Arima.Order order = first.fit().order();
        double best = cssAicc(y, periods, orders, order);
        for (int i = 0; i < periods.length; i++) {
            while (orders[i] < limits[i]) {
                int[] more = orders.clone();
                more[i]++;
                double next = cssAicc(y, periods, more, order);
                if (!(next < best)) {
                    break;
                }
                best = next;
                orders = more;
            }
        }
        if (Arrays.stream(orders).sum() == periods.length) {
            return first;
        }
        Choice chosen = withFourier(y, periods, orders, frequency);
        return chosen == null ? first : chosen;
    }

    /** The AICc of a conditional-sum-of-squares fit of {@code order} with {@code orders} Fourier pairs. */
    private static double cssAicc(double[] y, double[] periods, int[] orders, Arima.Order order) {
        Arima fit = Arima.fit(y, Fourier.terms(periods, orders, 0, y.length), order, Arima.Method.CSS, 0, false);
        return fit == null ? Double.POSITIVE_INFINITY : fit.aicc();
    }

    private static Choice withFourier(double[] y, double[] periods, int[] orders, double frequency) {
        double[][] terms = Fourier.terms(periods, orders, 0, y.length);
        Arima fit = AutoArima.fit(y, 1, frequency, terms);
        return fit == null ? null : new Choice(fit, new Specification(fit.order(), periods, orders), 0, y.length);
    }
}
