package io.foresight.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The mean of several forecasters' forecasts: averaging networks trained differently is what makes them robust. Or,
 * {@link #median}, their step-by-step median.
 */
public final class EnsembleForecaster implements Forecaster {

    private final List<? extends Forecaster> members;
    private final boolean median;

    public EnsembleForecaster(List<? extends Forecaster> members) {
        this(members, false);
    }

    private EnsembleForecaster(List<? extends Forecaster> members, boolean median) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs members");
        }
        this.members = List.copyOf(members);
        this.median = median;
    }

    /** The step-by-step median of {@code members}' forecasts. */
    public static EnsembleForecaster median(List<? extends Forecaster> members) {
        return new EnsembleForecaster(members, true);
    }

    /** One forecaster as itself, several as their mean (an ensemble's members, an AUTO candidate's seeds). */
    public static Forecaster of(List<? extends Forecaster> members) {
        return members.size() == 1 ? members.get(0) : new EnsembleForecaster(members);
    }

    @Override
    public int window() {
        return members.stream().mapToInt(Forecaster::window).max().orElseThrow();
    }

    @Override
    public int horizon() {
        return members.stream().mapToInt(Forecaster::horizon).min().orElseThrow();
    }

    @Override
    public double[][] forecast(double[][] channels, int[] ends) {
        List<double[][]> forecasts = new ArrayList<>();
        for (Forecaster member : members) {
            forecasts.add(member.forecast(channels, ends));
        }
        return median ? median(forecasts, horizon()) : mean(forecasts, horizon());
    }

    /** The step-by-step median of several forecasts of the same ends (the mean of the middle two of an even count). */
    public static double[][] median(List<double[][]> forecasts, int horizon) {
        int count = forecasts.get(0).length;
        int n = forecasts.size();
        double[][] out = new double[count][horizon];
        double[] values = new double[n];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < horizon; k++) {
                for (int j = 0; j < n; j++) {
                    values[j] = forecasts.get(j)[i][k];
                }
                java.util.Arrays.sort(values);
                out[i][k] = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            }
        }
        return out;
    }

    /** The step-by-step mean of several forecasts of the same ends, over their first {@code horizon} steps. */
    public static double[][] mean(List<double[][]> forecasts, int horizon) {
        int count = forecasts.get(0).length;
        double[][] sum = new double[count][horizon];
        for (double[][] forecast : forecasts) {
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < horizon; k++) {
                    sum[i][k] += forecast[i][k];
                }
            }
        }
        for (double[] row : sum) {
            for (int k = 0; k < horizon; k++) {
                row[k] /= forecasts.size();
            }
        }
        return sum;
    }
}
