package io.foresight.model;

import java.util.ArrayList;
import java.util.List;

/** The forecasts every network must beat: naive, seasonal naive, the Theta method and damped-trend smoothing. */
public final class Baselines {

    private Baselines() {
    }

    /** Repeats the last observation. */
    public static Forecaster naive(int horizon) {
        return seasonalNaive(1, horizon);
    }

    /** Repeats the last observed season of {@code period} points. */
    public static Forecaster seasonalNaive(int period, int horizon) {
        return new Forecaster() {
            @Override
            public int window() {
                return period;
            }

            @Override
            public int horizon() {
                return horizon;
            }

            @Override
            public double[][] forecast(double[][] channels, int[] ends) {
                double[] target = channels[0];
                double[][] out = new double[ends.length][horizon];
                for (int i = 0; i < ends.length; i++) {
                    for (int k = 0; k < horizon; k++) {
                        out[i][k] = target[ends[i] - period + (k % period)];
                    }
                }
                return out;
            }
        };
    }

    /** The statistical methods a COMBINED forecast averages with the networks. */
    public static final List<Method> COMBINED_WITH = java.util.List.of(Method.THETA, Method.DAMPED);

    /** The networks' forecaster averaged with {@link #COMBINED_WITH}, each weighing the same. */
    public static Forecaster combined(Forecaster networks, int period, int horizon) {
        List<Forecaster> members = new ArrayList<>();
        members.add(networks);
        for (Method method : COMBINED_WITH) {
            members.add(of(method, period, horizon));
        }
        return new EnsembleForecaster(members);
    }

    public static Forecaster of(Method method, int period, int horizon) {
        return switch (method) {
            case NAIVE -> naive(horizon);
            case SEASONAL_NAIVE -> seasonalNaive(period, horizon);
            case THETA -> new ThetaForecaster(period, horizon);
            case DAMPED -> new DampedTrendForecaster(period, horizon);
            default -> throw new IllegalArgumentException(method + " is not a baseline");
        };
    }
}
