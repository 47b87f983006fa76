package io.foresight.model;

import java.util.List;

/**
 * Exponential smoothing as R's {@code forecast(ets(y))}: the ETS form of least AICc ({@link Ets#select}) fitted by
 * maximum likelihood on the history before each forecast origin, and its point forecasts. A season is modelled
 * for 1 &lt; period &lt;= 24 (longer seasons are left to the non-seasonal forms, as R does). A constant history is
 * forecast as itself (R fits simple smoothing with alpha near 1 there), and a history no form could be fitted to
 * (too short, or a failed fit) by its last value.
 *
 * <p>{@code form}, when given, fixes the form (chosen beforehand on a longer history) and only its parameters and
 * initial state are estimated afresh; a history the form does not suit (no longer positive, too short for its
 * season) falls back to the full choice.
 */
final class EtsForecaster extends StatisticalForecaster {

    private final Ets.Form form;

    EtsForecaster(int period, int horizon) {
        this(period, horizon, null);
    }

    EtsForecaster(int period, int horizon, Ets.Form form) {
        super(period, horizon);
        this.form = form;
    }

    @Override
    double[] forecast(double[] y) {
        Ets.Fit fit = fit(y);
        double[] forecast = fit == null ? null : fit.forecast(horizon);
        if (forecast == null || !finite(forecast)) {
            forecast = new double[horizon];
            java.util.Arrays.fill(forecast, y[y.length - 1]);
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
