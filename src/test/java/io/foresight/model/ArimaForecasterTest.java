package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ArimaForecasterTest {

    private static double[] forecast(Forecaster forecaster, double[] y) {
        return forecaster.forecast(new double[][] {y}, new int[] {y.length})[0];
    }

    /** A weekly series: a level, a yearly cycle of 365.25 / 7 weeks (two harmonics) and AR(1) noise. */
    private static double[] weekly(int n, long seed) {
        Random random = new Random(seed);
        double[] y = new double[n];
        double e = 0;
        double period = 365.25 / 7;
        for (int t = 0; t < n; t++) {
            e = 0.5 * e + random.nextGaussian();
            y[t] = 100 + 20 * Math.sin(2 * Math.PI * (t + 1) / period) + 8 * Math.cos(4 * Math.PI * (t + 1) / period) + e;
        }
        return y;
    }

    @Test
    void modelsAWeeklySeriesYearByFourierTermsChosenByAicc() {
        double[] y = weekly(260 + 26, 5);
        double[] history = Arrays.copyOf(y, 260);
        ArimaForecaster.Choice choice = ArimaForecaster.choose(history, 52);
        assertThat(choice.specification().periods()).containsExactly(365.25 / 7);
        // at least the two harmonics the series has; auto.arima with one pair fewer has a higher AICc
        int k = choice.specification().fourierOrders()[0];
        assertThat(k).isGreaterThanOrEqualTo(2);
        double[] periods = {365.25 / 7};
        Arima fewer = AutoArima.fit(history, 1, periods[0], Fourier.terms(periods, new int[] {k - 1}, 0, history.length));
        assertThat(fewer.aicc()).isGreaterThan(choice.fit().aicc());
        assertThat(choice.fit().order().period()).isEqualTo(1);
        double[] forecast = forecast(new ArimaForecaster(52, 26), history);
        double arimaError = 0;
        double naiveError = 0;
        for (int step = 0; step < 26; step++) {
            arimaError += Math.abs(y[260 + step] - forecast[step]);
            naiveError += Math.abs(y[260 + step] - y[259]);
        }
        assertThat(arimaError).isLessThan(0.3 * naiveError);
    }

    @Test
    void hourlyWeeksComeWithTheirDaysAndDailyYearsOnlyWithTwoYears() {
        assertThat(ArimaForecaster.fourierPeriods(168, 1000)).containsExactly(24, 168);
        assertThat(ArimaForecaster.fourierPeriods(48, 1000)).containsExactly(48);
        assertThat(ArimaForecaster.fourierPeriods(7, 700)).isEmpty();
        assertThat(ArimaForecaster.fourierPeriods(7, 800)).containsExactly(7, 365.25);
        assertThat(ArimaForecaster.fourierPeriods(12, 800)).isEmpty();
        // the frequency 1/24 = 7/168 once: 2 pairs for 24 and 7 for 168 give 2 + 7 - 1 distinct frequencies
        assertThat(Fourier.terms(new double[] {24, 168}, new int[] {2, 7}, 0, 10)).hasNumberOfRows(2 * 8);
        // sin(pi t) = 0 at every integer t: left out when 2K equals the period
        assertThat(Fourier.terms(new double[] {4}, new int[] {2}, 0, 10)).hasNumberOfRows(3);
    }


    @Test
    void theSearchOnAirPassengersTakesWellUnderTenSeconds() {
        double[] y = ReferenceSeries.AIR_PASSENGERS;
        long start = System.nanoTime();
        Arima fit = AutoArima.fit(y, 12);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(fit.order().toString()).isEqualTo("ARIMA(2,1,1)(0,1,0)[12]");
        // about 0.25 s of CPU alone; the bound leaves room for a loaded machine
        assertThat(seconds).isLessThan(10);
    }

    @Test
    void theStateCovarianceFromAutocovariancesEqualsTheSumOfItsSeries() {
        // ARIMA(1,1,1)(2,1,1)[12]-like expanded polynomials: r = 25
        double[] ar = {0.5, -0.2};
        double[] ma = {-0.3};
        double[] sar = {0.3, -0.1};
        double[] sma = {-0.4};
        Arima.Expanded e = Arima.Expanded.of(new Arima.Order(2, 0, 1, 2, 0, 1, 12, false),
                new double[] {ar[0], ar[1], ma[0], sar[0], sar[1], sma[0]}, false);
        int r = Math.max(e.phi().length, e.theta().length + 1);
        double[] phi = Arrays.copyOf(e.phi(), r);
        double[] rv = new double[r];
        rv[0] = 1;
        System.arraycopy(e.theta(), 0, rv, 1, e.theta().length);
        double[][] fast = Arima.StationaryCovariance.of(phi, rv);
        double[][] series = Arima.StationaryCovariance.byDoubling(phi, rv);
        for (int i = 0; i < r; i++) {
            assertThat(fast[i]).containsExactly(series[i], within(1e-9 * series[0][0]));
        }
        // a pure moving average and a pure autoregression
        double[][] ma2 = Arima.StationaryCovariance.of(new double[3], new double[] {1, 0.4, -0.3});
        assertThat(ma2[0][0]).isCloseTo(1 + 0.16 + 0.09, within(1e-12));
        double[][] ar1 = Arima.StationaryCovariance.of(new double[] {0.8}, new double[] {1});
        assertThat(ar1[0][0]).isCloseTo(1 / (1 - 0.64), within(1e-12));
    }

    @Test
    void everyHistoryGetsAFiniteForecast() {
        Random random = new Random(17);
        int[] periods = {1, 4, 12};
        for (int trial = 0; trial < 60; trial++) {
            int period = periods[trial % 3];
            int n = 3 * period + 1 + random.nextInt(40);
            double[] y = new double[n];
            double level = random.nextGaussian() * 1e6;
            for (int t = 0; t < n; t++) {
                y[t] = switch (trial % 5) {
                    case 0 -> level + random.nextGaussian();
                    case 1 -> t % period == 0 ? 1 : 0;
                    case 2 -> (level += random.nextGaussian() * 1e3);
                    case 3 -> t * t;
                    default -> random.nextInt(3);
                };
            }
            double[] forecast = forecast(new ArimaForecaster(period, 6), y);
            assertThat(forecast).as("trial " + trial).hasSize(6);
            assertThat(Arrays.stream(forecast).allMatch(Double::isFinite)).as("trial " + trial).isTrue();
        }
    }

    @Test
    void aConstantSeriesIsForecastAsItself() {
        double[] y = new double[30];
        Arrays.fill(y, 7.5);
        assertThat(forecast(new ArimaForecaster(1, 5), y)).containsOnly(7.5);
    }

    @Test
    void aPositiveSeriesIsNotForecastBelowZero() {
        double[] y = new double[40];
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.max(0.5, 80 - 2 * t);
        }
        double[] forecast = forecast(new ArimaForecaster(1, 30), y);
        assertThat(Arrays.stream(forecast).min().orElseThrow()).isEqualTo(0.0);
        assertThat(forecast[0]).isLessThan(y[y.length - 1]);
    }
}
