package io.foresight.model;

import java.util.Arrays;
import java.util.List;

/**
 * Exponential smoothing as R's {@code forecast(ets(y))}: the ETS form of least AICc ({@link Ets#select}) fitted by
 * maximum likelihood on the history before each forecast origin, and its point forecasts. A season is modelled
 * for 1 &lt; period &lt;= 24 (longer seasons are left to the non-seasonal forms, as R does). A constant history is
 * forecast as itself (R fits simple smoothing with alpha near 1 there), and a history no form could be fitted to
 * (too short, or a failed fit) by its last value.
 *
 * <p>{@code form}, when given, fixes the form and only its parameters and initial state are estimated afresh at
 * each origin; a history the form does not suit (not positive, too short for its season) falls back to the full
 * choice. {@link #formChosenOnce} chooses the form at the earliest origin of a batch and keeps it for the later
 * ones: how the trainer scores ETS at its held-back origins, where a full choice at every origin costs about 13
 * times as much (15 forms) and the form is what the whole series will choose anyway.
 */
final class EtsForecaster extends StatisticalForecaster {

    private final Ets.Form form;
    private final boolean formOnce;

    EtsForecaster(int period, int horizon) {
        this(period, horizon, null);
    }

    EtsForecaster(int period, int horizon, Ets.Form form) {
        this(period, horizon, form, false);
    }

    private EtsForecaster(int period, int horizon, Ets.Form form, boolean formOnce) {
        super(period, horizon);
        this.form = form;
        this.formOnce = formOnce;
    }

    /** A forecaster that chooses the form at the earliest origin of each batch and refits only its parameters at the later ones. */
    static EtsForecaster formChosenOnce(int period, int horizon) {
        return new EtsForecaster(period, horizon, null, true);
    }

    @Override
    public double[][] forecast(double[][] channels, int[] ends) {
        if (!formOnce || ends.length < 2) {
            return super.forecast(channels, ends);
        }
        int earliest = Integer.MAX_VALUE;
        for (int end : ends) {
            earliest = Math.min(earliest, end);
        }
        double[] first = Arrays.copyOfRange(channels[0], Math.max(0, earliest - MAX_HISTORY), earliest);
        Ets.Fit chosen = fit(first);
        return new EtsForecaster(period, horizon, chosen == null ? null : chosen.form()).forecast(channels, ends);
    }

    @Override
    double[] forecast(double[] y) {
        Ets.Fit fit = fit(y);
        double[] forecast = fit == null ? null : fit.forecast(horizon);
        if (forecast == null || !finite(forecast)) {
            forecast = new double[horizon];
            Arrays.fill(forecast, y[y.length - 1]);
        }
        return forecast;
    }

    /** The model the forecast comes from, null for a constant history or when nothing could be fitted. */
    Ets.Fit fit(double[] y) {
        if (Ets.constant(y)) {
            return null;
        }
        List<Ets.Form> allowed = Ets.forms(y, period);
        if (form != null && allowed.contains(form)) {
            Ets.Fit fit = Ets.fit(y, period, form);
            if (fit != null && Double.isFinite(fit.aicc())) {
                return fit;
            }
        }
        return Ets.select(y, period, allowed);
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
