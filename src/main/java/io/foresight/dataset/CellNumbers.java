package io.foresight.dataset;

import java.nio.charset.StandardCharsets;

/**
 * Reads a number cell from its bytes in place, with {@link DatasetParser}'s grammar ({@code [+-]?(\d+\.?\d*|\.\d+)
 * ([eE][+-]?\d+)?}) and the value {@link Double#parseDouble} gives: a mantissa of at most 15 digits with a power of ten
 * up to 22 is one correctly rounded multiplication or division of two exact doubles, hence the same double; anything
 * else is handed to {@code Double.parseDouble}. Not thread-safe (the value of the last read is a field).
 */
final class CellNumbers {

    /** The cell is empty, {@code NA} or {@code null}: a missing value. */
    static final int MISSING = 0;
    /** The cell is a finite number, now in {@link #value()}. */
    static final int NUMBER = 1;
    /** The cell is something else, or a number too large for a double. */
    static final int NOT_A_NUMBER = 2;

    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private double value;

    double value() {
        return value;
    }

    int read(byte[] b, int from, int to) {
        if (from == to || isMissingToken(b, from, to)) {
            value = Double.NaN;
            return MISSING;
        }
        int i = from;
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        int digits = 0;
        while (i < to && isDigit(b[i])) {
            significant = accumulate(b[i], significant);
            if (significant <= 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
            } else {
                exponent++;
            }
            digits++;
            i++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && isDigit(b[i])) {
                significant = accumulate(b[i], significant);
                if (significant <= 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    exponent--;
                }
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return NOT_A_NUMBER;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            int sign = 1;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                sign = b[i] == '-' ? -1 : 1;
                i++;
            }
            int exponentDigits = 0;
            long written = 0;
            while (i < to && isDigit(b[i])) {
                if (written < 100_000) {
                    written = written * 10 + (b[i] - '0');
                }
                exponentDigits++;
                i++;
            }
            if (exponentDigits == 0) {
                return NOT_A_NUMBER;
            }
            exponent += (int) (sign * written);
        }
        if (i != to) {
            return NOT_A_NUMBER;
        }
        double v;
        if (significant <= 15 && Math.abs(exponent) <= 22) {
            v = exponent >= 0 ? mantissa * POWERS[exponent] : mantissa / POWERS[-exponent];
            v = negative ? -v : v;
        } else {
            v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        }
        if (Double.isInfinite(v)) {
            return NOT_A_NUMBER;
        }
        value = v;
        return NUMBER;
    }

    /** Significant digits so far: leading zeros do not count. */
    private static int accumulate(byte digit, int significant) {
        return significant == 0 && digit == '0' ? 0 : significant + 1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** {@code NA} or {@code null} in any case, as {@link DatasetParser#isMissingToken}. */
    static boolean isMissingToken(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 2) {
            return (b[from] | 0x20) == 'n' && (b[from + 1] | 0x20) == 'a';
        }
        return n == 4 && (b[from] | 0x20) == 'n' && (b[from + 1] | 0x20) == 'u' && (b[from + 2] | 0x20) == 'l'
                && (b[from + 3] | 0x20) == 'l';
    }
}
