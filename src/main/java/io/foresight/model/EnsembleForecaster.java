package io.foresight.model;

import java.util.ArrayList;
import java.util.List;

/** The mean of several forecasters' forecasts: averaging networks trained differently is what makes them robust. */
public final class EnsembleForecaster implements Forecaster {

    private final List<? extends Forecaster> members;

    public EnsembleForecaster(List<? extends Forecaster> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs members");
        }
        this.members = List.copyOf(members);
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
        return mean(forecasts, horizon());
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
