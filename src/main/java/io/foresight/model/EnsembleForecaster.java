package io.foresight.model;

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
        int horizon = horizon();
        double[][] sum = new double[ends.length][horizon];
        for (Forecaster member : members) {
            double[][] forecast = member.forecast(channels, ends);
            for (int i = 0; i < ends.length; i++) {
                for (int k = 0; k < horizon; k++) {
                    sum[i][k] += forecast[i][k];
                }
            }
        }
        for (double[] row : sum) {
            for (int k = 0; k < horizon; k++) {
                row[k] /= members.size();
            }
        }
        return sum;
    }
}
