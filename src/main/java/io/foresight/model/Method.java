package io.foresight.model;

/** What actually produces a version's forecasts. */
public enum Method {
    LSTM, SIMPLE_RNN,
    /** Gated recurrent units; stored in the service's own format ({@link OwnNetwork}): DL4J has no GRU layer. */
    GRU,
    /** A bidirectional LSTM encoder over the window; stored in the service's own format ({@link OwnNetwork}). */
    BIDIRECTIONAL,
    ENSEMBLE, NAIVE, SEASONAL_NAIVE, THETA,
    /** Exponential smoothing with a damped trend on the seasonally adjusted series. */
    DAMPED,
    /** Holt-Winters smoothing: damped trend and an evolving season. */
    HOLT_WINTERS,
    /** An autoregression (ARIMA's AR part, differenced when the KPSS test asks) on the seasonally adjusted series. */
    AUTOREGRESSIVE,
    /**
     * Exponential smoothing state space models as R's {@code ets}: error, trend (damped or not) and season (period
     * up to 24) additive or multiplicative, fitted by maximum likelihood, the form chosen by AICc ({@link Ets}).
     */
    ETS,
    /**
     * ARIMA chosen and fitted as R's {@code auto.arima} does (stepwise order search by AICc, exact likelihood); long
     * seasons by Fourier terms ({@link ArimaForecaster}).
     */
    ARIMA,
    /**
     * The equal-weight mean of ETS, ARIMA and the Theta method ({@link Baselines#combinationOf}), each fitted on the
     * history; a method of its own ({@code backtest --method}), not one of AUTO's candidates (docs/BACKTEST.md).
     */
    COMBINATION,
    /** The mean of the version's networks (one, or their ensemble), the Theta method and DAMPED. */
    COMBINED,
    /**
     * A linear regression on the known-future channels (planned drivers, calendar, holidays) whose remainder a
     * statistical method forecasts (the version's {@code drivers.remainder}): {@link RegressionForecaster}.
     */
    REGRESSION,
    /** A many-series version: each series forecasts with its own chosen method (the version's {@code series}). */
    PER_SERIES;

    /** A statistical method refitted on the history before each forecast (up to {@link ThetaForecaster#MAX_HISTORY} points). */
    public boolean refitsHistory() {
        return this == THETA || this == DAMPED || this == HOLT_WINTERS || this == AUTOREGRESSIVE || this == ETS
                || this == ARIMA || this == COMBINATION || this == REGRESSION;
    }

    public static Method of(Architecture architecture) {
        return switch (architecture) {
            case LSTM -> LSTM;
            case SIMPLE_RNN -> SIMPLE_RNN;
            case GRU -> GRU;
            case BIDIRECTIONAL -> BIDIRECTIONAL;
            case AUTO -> throw new IllegalArgumentException("AUTO is resolved to candidates, not a method");
        };
    }
}
