package io.foresight.window;

/** Fills missing values (NaN) so that windows can be built over gaps. */
public final class Interpolation {

    private Interpolation() {
    }

    /**
     * Linear interpolation between the nearest observed neighbours; leading and trailing gaps take the
     * nearest observed value. Returns how many values were filled.
     *
     * @throws IllegalArgumentException when no value is observed at all
     */
    public static int fill(double[] values) {
        int filled = 0;
        int previous = -1;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                continue;
            }
            int gap = i - previous - 1;
            if (gap > 0) {
                for (int j = previous + 1; j < i; j++) {
                    values[j] = previous < 0 ? values[i]
                            : values[previous] + (values[i] - values[previous]) * (j - previous) / (i - previous);
                }
                filled += gap;
            }
            previous = i;
        }
        if (previous < 0) {
            throw new IllegalArgumentException("the column has no observed value");
        }
        for (int j = previous + 1; j < values.length; j++) {
            values[j] = values[previous];
            filled++;
        }
        return filled;
    }
}
