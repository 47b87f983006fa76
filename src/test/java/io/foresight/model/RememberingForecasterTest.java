package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RememberingForecasterTest {

    /** A counting stand-in for a refitting method: its forecast is the history's sum, so it depends on every point. */
    private static final class Counting implements Forecaster {
        final AtomicInteger fits = new AtomicInteger();

        @Override
        public int window() {
            return 3;
        }

        @Override
        public int horizon() {
            return 2;
        }

        @Override
        public double[][] forecast(double[][] channels, int[] ends) {
            double[][] out = new double[ends.length][];
            for (int i = 0; i < ends.length; i++) {
                fits.incrementAndGet();
                double sum = 0;
                for (int t = 0; t < ends[i]; t++) {
                    sum += channels[0][t];
                }
                out[i] = new double[] {sum, sum + 1};
            }
            return out;
        }
    }

    @Test
    void theSameHistoryIsForecastOnceAndAnswersTheMethodsOwnNumbers() {
        Counting method = new Counting();
        RememberingForecaster remembering = new RememberingForecaster(method);
        double[][] channels = {{1, 2, 3, 4, 5}};

        double[] first = remembering.forecast(channels, 4);
        double[] again = remembering.forecast(channels, 4);

        assertThat(first).containsExactly(10, 11);
        assertThat(again).containsExactly(10, 11);
        assertThat(method.fits.get()).isEqualTo(1);
        again[0] = -1; // a caller changing its copy changes nothing remembered
        assertThat(remembering.forecast(channels, 4)).containsExactly(10, 11);
    }

    @Test
    void aChangedOrLongerHistoryIsForecastAfresh() {
        Counting method = new Counting();
        RememberingForecaster remembering = new RememberingForecaster(method);
        double[][] channels = {{1, 2, 3, 4, 5}};
        remembering.forecast(channels, 4);

        assertThat(remembering.forecast(channels, 5)).containsExactly(15, 16);
        channels[0][0] = 100;
        assertThat(remembering.forecast(channels, 4)).containsExactly(109, 110);
        assertThat(method.fits.get()).isEqualTo(3);
    }

    @Test
    void itRemembersOnlyTheLatestFewHistories() {
        Counting method = new Counting();
        RememberingForecaster remembering = new RememberingForecaster(method);
        double[][] channels = {new double[20]};
        for (int end = 3; end < 3 + RememberingForecaster.CAPACITY + 1; end++) {
            channels[0][end - 1] = end;
            remembering.forecast(channels, end);
        }
        int fits = method.fits.get();
        remembering.forecast(channels, 3); // the eldest was dropped
        assertThat(method.fits.get()).isEqualTo(fits + 1);
    }
}
