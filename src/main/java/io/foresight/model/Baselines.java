package io.foresight.model;

/** The forecasts every network must beat: naive, seasonal naive, and the Theta method. */
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

    public static Forecaster of(Method method, int period, int horizon) {
        return switch (method) {
            case NAIVE -> naive(horizon);
            case SEASONAL_NAIVE -> seasonalNaive(period, horizon);
            case THETA -> new ThetaForecaster(period, horizon);
            default -> throw new IllegalArgumentException(method + " is not a baseline");
        };
    }
}
