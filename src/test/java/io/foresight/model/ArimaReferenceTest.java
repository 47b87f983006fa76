package io.foresight.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link AutoArima} and {@link Arima} against R's forecast 8.20 ({@code scripts/arima-reference.R} wrote the
 * fixture from series of R's base datasets): the same differencing and order, the same log-likelihood, and
 * forecasts within 0.1 % of R's (they agree to about 1e-6 but for co2, whose likelihood is flat in the seasonal
 * coefficients: 5e-5). Coefficients are compared more loosely (0.01 on the scale of max(1, |coefficient|)): where
 * the likelihood is flat, two optimisers stop at different points of the same plateau (co2's sar1 and sma1 differ
 * by 0.004 at log-likelihoods 0.002 apart).
 */
class ArimaReferenceTest {

    /** Relative tolerance of the point forecasts. */
    static final double FORECAST_TOLERANCE = 0.001;
    /** Absolute tolerance of the log-likelihood (the same optimum found by a different path). */
    static final double LOGLIK_TOLERANCE = 0.01;
    /** Tolerance of a coefficient, relative to max(1, |coefficient|). */
    static final double COEFFICIENT_TOLERANCE = 0.01;

    record Case(String name, String kind, double[] y, double frequency, double[][] xreg, double[][] futureXreg,
            Arima.Order order, double[] coef, double loglik, double aicc, int ndiffs, int nsdiffs, double strength, int h,
            double[] forecast) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = ArimaReferenceTest.class.getResourceAsStream("/arima/reference.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root) {
                JsonNode o = c.get("order");
                boolean seasonal = o.get("P").asInt() + o.get("D").asInt() + o.get("Q").asInt() > 0;
                // R reports the series' frequency as the period of a model without a seasonal part
                Arima.Order order = new Arima.Order(o.get("p").asInt(), o.get("d").asInt(), o.get("q").asInt(),
                        o.get("P").asInt(), o.get("D").asInt(), o.get("Q").asInt(), seasonal ? o.get("period").asInt() : 1,
                        o.get("constant").asBoolean());
                cases.add(new Case(c.get("name").asString(), c.get("kind").asString(), doubles(c.get("y")),
                        c.get("frequency").asDouble(), columns(c.get("xreg")), columns(c.get("futureXreg")), order,
                        doubles(c.get("coef")), c.get("loglik").asDouble(), c.get("aicc").isNull() ? Double.NaN
                                : c.get("aicc").asDouble(), c.get("ndiffs").asInt(), c.get("nsdiffs").asInt(),
                        c.get("seasonalStrength").isNull() ? Double.NaN : c.get("seasonalStrength").asDouble(),
                        c.get("h").asInt(), doubles(c.get("forecast"))));
            }
            return cases.stream();
        }
    }

    private static double[] doubles(JsonNode array) {
        if (array == null || array.isNull()) {
            return null;
        }
        if (!array.isArray()) {
            return new double[] {array.asDouble()};
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static double[][] columns(JsonNode array) {
        if (array == null || array.isNull()) {
            return null;
        }
        double[][] out = new double[array.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(array.get(i));
        }
        return out;
    }

    private static Arima fit(Case c) {
        int period = (int) Math.round(c.frequency());
        if (c.kind().equals("fixed")) {
            return Arima.fit(c.y(), c.xreg(), c.order());
        }
        return c.xreg() != null ? AutoArima.fit(c.y(), 1, c.frequency(), c.xreg()) : AutoArima.fit(c.y(), Math.max(1, period));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesROrderAndForecastsAsR(Case c) {
        Arima fit = fit(c);
        assertThat(fit).as("a model for " + c.name()).isNotNull();
        double[] forecast = fit.forecast(c.h(), c.futureXreg());
        assertThat(fit.order()).isEqualTo(c.order());
        assertThat(fit.loglik()).isCloseTo(c.loglik(), within(LOGLIK_TOLERANCE));
        if (!Double.isNaN(c.aicc())) {
            assertThat(fit.aicc()).isCloseTo(c.aicc(), within(2 * LOGLIK_TOLERANCE));
        }
        double[] coef = fit.coefficients();
        assertThat(coef).hasSameSizeAs(c.coef());
        for (int i = 0; i < coef.length; i++) {
            assertThat(coef[i]).as("coefficient " + i).isCloseTo(c.coef()[i],
                    within(COEFFICIENT_TOLERANCE * Math.max(1, Math.abs(c.coef()[i]))));
        }
        for (int k = 0; k < c.h(); k++) {
            assertThat(forecast[k]).as("forecast step " + (k + 1)).isCloseTo(c.forecast()[k],
                    within(FORECAST_TOLERANCE * Math.abs(c.forecast()[k]) + 1e-9));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void differencesAsNdiffsAndNsdiffs(Case c) {
        assertThat(AutoArima.ndiffs(c.y())).isEqualTo(c.ndiffs());
        int period = (int) Math.round(c.frequency());
        if (period > 1 && c.y().length > 2 * period) {
            assertThat(Stl.seasonalStrength(c.y(), period)).isCloseTo(c.strength(), within(1e-6));
            assertThat(AutoArima.nsdiffs(c.y(), period)).isEqualTo(c.nsdiffs());
        }
    }
}
