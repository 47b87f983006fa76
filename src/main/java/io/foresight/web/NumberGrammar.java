package io.foresight.web;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The one number grammar of path and query values (JSON bodies follow JSON's own, see docs/BAD_INPUT.md). Java's and
 * Spring's parsers are lenient in ways a URL must not be: {@code Integer.decode} reads {@code 0x10} as 16,
 * {@code Integer.valueOf} reads {@code +1}, {@code 01} and Arabic-Indic digits, {@code Double.valueOf} reads
 * {@code 0x1p6}, {@code 8e1}, {@code NaN} and surrounding spaces. Here:
 * <ul>
 * <li>a <b>whole number</b> is the ASCII digits 0-9: no sign, no leading zero (0 itself is fine), no fraction, no
 * exponent, no spaces;</li>
 * <li>a <b>decimal</b> is a whole number optionally followed by {@code .} and at least one digit ({@code 80},
 * {@code 99.5}, {@code 0.5}): no sign, exponent, hex, NaN or Infinity.</li>
 * </ul>
 * Values that follow the grammar mean what they say in Java's parsers too, so Spring converts them unchanged.
 */
final class NumberGrammar {

    /** How a whole number is written, for messages. */
    static final String WHOLE = "written with the digits 0-9 only (no sign, leading zero, spaces, fraction, exponent or"
            + " hex)";
    /** How a decimal is written, for messages. */
    static final String DECIMAL = "written as digits 0-9 with an optional fraction, e.g. 80 or 99.5 (no sign, leading"
            + " zero, spaces, exponent, hex, NaN or Infinity)";

    private NumberGrammar() {
    }

    /** The value of a whole number in the grammar, or empty when {@code text} is not one or exceeds a long. */
    static OptionalLong wholeNumber(String text) {
        int digits = integerDigits(text, 0);
        if (digits == 0 || digits != text.length() || digits > 19) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            int digit = text.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return OptionalLong.empty();
            }
            value = value * 10 + digit;
        }
        return OptionalLong.of(value);
    }

    /** The value of a decimal in the grammar, or empty when {@code text} is not one or is too large for a double. */
    static OptionalDouble decimal(String text) {
        int digits = integerDigits(text, 0);
        if (digits == 0) {
            return OptionalDouble.empty();
        }
        if (digits < text.length()) {
            if (text.charAt(digits) != '.') {
                return OptionalDouble.empty();
            }
            int fraction = 0;
            for (int i = digits + 1; i < text.length(); i++, fraction++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return OptionalDouble.empty();
                }
            }
            if (fraction == 0) {
                return OptionalDouble.empty();
            }
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /**
     * The number of ASCII digits that form the integer part starting at {@code from}: "0" alone or a non-zero digit
     * followed by digits; 0 when there is none or when a "0" is followed by another digit (a leading zero).
     */
    private static int integerDigits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        int count = i - from;
        if (count > 1 && text.charAt(from) == '0') {
            return 0;
        }
        return count;
    }
}
