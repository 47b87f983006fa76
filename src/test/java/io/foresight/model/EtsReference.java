package io.foresight.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fixture written by {@code scripts/ets-reference.R}: a series and what R's ets (forecast 8.20) made of it. {@code forms}
 * maps each form R tried to its AICc, log-likelihood, Nelder-Mead evaluations and point forecasts.
 */
record EtsReference(String series, int period, int horizon, double[] y, Map<String, double[]> forms, String model,
        double alpha, double beta, double gamma, double phi, double[] initial, double logLikelihood, double aicc,
        double sigma2, int evaluations, double[] forecast) {

    static final String[] SERIES = {"AirPassengers", "UKgas", "nottem", "USAccDeaths", "JohnsonJohnson", "WWWusage",
        "lynx", "Nile", "BJsales", "sunspot.year", "USAccDeathsChanges", "AirPassengersShort"};

    static EtsReference load(String series) {
        String path = "/fixtures/ets-reference/" + series + ".txt";
        try (InputStream in = EtsReference.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, double[]> forms = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.trim().split("\\s+", 2);
                if (parts[0].equals("form")) {
                    // label, AICc, log-likelihood, evaluations, forecasts
                    String[] form = parts[1].split("\\s+");
                    forms.put(form[0], Arrays.stream(form, 1, form.length).mapToDouble(EtsReference::number).toArray());
                } else {
                    values.put(parts[0], parts[1].trim());
                }
            }
            return new EtsReference(values.get("series"), Integer.parseInt(values.get("period")),
                    Integer.parseInt(values.get("horizon")), numbers(values.get("y")), forms, values.get("model"),
                    number(values.get("alpha")), number(values.get("beta")), number(values.get("gamma")),
                    number(values.get("phi")), numbers(values.get("initial")), number(values.get("loglik")),
                    number(values.get("aicc")), number(values.get("sigma2")), Integer.parseInt(values.get("evaluations")), numbers(values.get("forecast")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double number(String s) {
        return s.equals("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
    }

    private static double[] numbers(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToDouble(EtsReference::number).toArray();
    }
}
