package io.foresight.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fourier terms for long and several seasons (forecast's {@code fourier(x, K)}): for each period and k = 1..K
 * the pair {@code sin(2 pi k t / period)}, {@code cos(2 pi k t / period)} at times t = 1, 2, ... A sine that is
 * zero at every integer time (2k = period) is left out, and a frequency two periods share is included once.
 */
final class Fourier {

    private Fourier() {
    }

    /** The columns at times {@code start + 1 .. start + length}; {@code orders[i]} pairs for {@code periods[i]}. */
    static double[][] terms(double[] periods, int[] orders, int start, int length) {
        List<Double> frequencies = new ArrayList<>();
        Set<Double> seen = new HashSet<>();
        for (int i = 0; i < periods.length; i++) {
            for (int k = 1; k <= orders[i]; k++) {
                double f = k / periods[i];
                // the same frequency from two periods (1/24 = 7/168) once
                double key = Math.round(f * 1e12) / 1e12;
                if (seen.add(key)) {
                    frequencies.add(f);
                }
            }
        }
        List<double[]> columns = new ArrayList<>();
        for (double f : frequencies) {
            boolean sine = Math.abs(2 * f - Math.round(2 * f)) > Math.ulp(1.0);
            if (sine) {
                double[] s = new double[length];
                for (int t = 0; t < length; t++) {
                    s[t] = Math.sin(2 * Math.PI * f * (start + t + 1));
                }
                columns.add(s);
            }
            double[] c = new double[length];
            for (int t = 0; t < length; t++) {
                c[t] = Math.cos(2 * Math.PI * f * (start + t + 1));
            }
            columns.add(c);
        }
        return columns.toArray(new double[0][]);
    }
}
