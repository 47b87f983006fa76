package io.foresight.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The forecasts every network must beat: naive, seasonal naive, the Theta method, damped-trend smoothing, an
 * autoregression, exponential smoothing chosen by AICc as R's {@code ets}, ARIMA as auto.arima chooses it and, for a
 * seasonal series, Holt-Winters smoothing.
 */
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
    public static final List<Method> COMBINED_WITH = List.of(Method.THETA, Method.DAMPED);

    /** The networks' forecaster averaged with {@link #COMBINED_WITH}, each weighing the same. */
    public static Forecaster combined(Forecaster networks, int period, int horizon) {
        List<Forecaster> members = new ArrayList<>();
        members.add(networks);
        for (Method method : COMBINED_WITH) {
            members.add(of(method, period, horizon));
        }
        return new EnsembleForecaster(members);
    }

    /**
     * The statistical methods the trainer scores next to the networks for a series of season {@code period}. ARIMA and
     * COMBINATION are not among them: with them AUTO did worse on the development sets' rolling origins (geometric
     * mean of the MASE ratio against R's ets 1.007 with both, 1.012 with ARIMA alone, 0.969 with ETS alone; 171
     * series-origins, docs/BACKTEST.md) and trained several times slower on long seasonal series. They are methods of
     * their own ({@link #METHODS}: {@code backtest --method}) and the basis of regressions with ARIMA errors.
     */
    public static List<Method> statistical(int period) {
        return period > 1
                ? List.of(Method.NAIVE, Method.SEASONAL_NAIVE, Method.THETA, Method.DAMPED, Method.AUTOREGRESSIVE,
                        Method.HOLT_WINTERS, Method.ETS)
                : List.of(Method.NAIVE, Method.SEASONAL_NAIVE, Method.THETA, Method.DAMPED, Method.AUTOREGRESSIVE,
                        Method.ETS);
    }

    /** The baselines a version's backtest compares its winner with (the manifest's {@code backtest}). */
    public static final List<Method> NAIVE_BASELINES = List.of(Method.NAIVE, Method.SEASONAL_NAIVE);

    /** Every statistical method {@link #of} builds. */
    public static final List<Method> METHODS = List.of(Method.NAIVE, Method.SEASONAL_NAIVE, Method.THETA, Method.DAMPED,
            Method.AUTOREGRESSIVE, Method.HOLT_WINTERS, Method.ETS, Method.ARIMA, Method.COMBINATION);

    /**
     * The methods {@link Method#COMBINATION} averages for a series of season {@code period}: ETS, ARIMA and Theta, the
     * classical trio whose mean did better than choosing one of them in the M3 and M4 competitions; without ETS when
     * the season is longer than ETS models ({@link Ets#MAX_PERIOD}: it would forecast without the season).
     */
    public static List<Method> combinationOf(int period) {
        return period > Ets.MAX_PERIOD ? List.of(Method.ARIMA, Method.THETA) : List.of(Method.ETS, Method.ARIMA, Method.THETA);
    }

    /**
     * A {@link Method#COMBINATION} of chosen {@code members} (AUTO's combination when no statistical method validated
     * clearly better than the next): their step-by-step median, or their mean.
     */
    public static Forecaster combination(List<Method> members, boolean median, int period, int horizon) {
        List<Forecaster> forecasters = members.stream().map(member -> of(member, period, horizon)).toList();
        return median ? EnsembleForecaster.median(forecasters) : new EnsembleForecaster(forecasters);
    }

    /** The ETS form a forecast from the end of {@code values} uses, as R writes it ({@code "ETS(M,Ad,M)"}). */
    public static String etsForm(double[] values, int period, int horizon) {
        return EtsForecaster.describe(values, period, horizon);
    }

    public static Forecaster of(Method method, int period, int horizon) {
        return of(method, period, horizon, null);
    }

    /**
     * {@code seasonal}: whether Theta, DAMPED and AUTOREGRESSIVE adjust for the season, decided beforehand (see
     * {@link StatisticalForecaster#seasonal}); null lets them test each history. A decision taken beforehand is how the
     * trainer scores the held-back origins: there ETS chooses its form once, at the earliest origin, and refits only
     * its parameters at the later ones ({@link EtsForecaster#heldBack}).
     */

    public static Forecaster of(Method method, int period, int horizon, Boolean seasonal) {
        return switch (method) {
            case NAIVE -> naive(horizon);
            case SEASONAL_NAIVE -> seasonalNaive(period, horizon);
            case THETA -> new ThetaForecaster(period, horizon, seasonal);
            case DAMPED -> new DampedTrendForecaster(period, horizon, seasonal);
            case HOLT_WINTERS -> new HoltWintersForecaster(period, horizon);
            case AUTOREGRESSIVE -> new AutoRegressiveForecaster(period, horizon, seasonal);
            case ETS -> seasonal == null ? new EtsForecaster(period, horizon) : EtsForecaster.heldBack(period, horizon);
            case ARIMA -> new ArimaForecaster(period, horizon);
            case COMBINATION -> new EnsembleForecaster(combinationOf(period).stream()
                    .map(member -> of(member, period, horizon, seasonal)).toList());
            default -> throw new IllegalArgumentException(method + " is not a baseline");
        };
    }
}
