package io.foresight.forecast;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;

import io.foresight.dataset.TimestampFormat;

/**
 * {@link TimestampFormat}'s parse and format with the same results, without {@code java.time.format} for the
 * shapes a forecast request and answer carry ({@code 1949-01-01}, {@code 2000-06-05T00:30[:00]} or with a
 * space): a forecast parses one timestamp per history row and formats one per step, and the formatter's
 * per-call maps were a large share of a request's allocation. Anything else (other shapes, invalid dates,
 * year 0000) goes to {@link TimestampFormat}, so errors and edge cases stay exactly its own.
 */
final class Timestamps {

    private Timestamps() {
    }

    /** The same as {@link TimestampFormat#parse}. */
    static LocalDateTime parse(String text) {
        LocalDateTime fast = text == null ? null : parseFast(text);
        return fast != null ? fast : TimestampFormat.parse(text);
    }

    /** The same as {@link TimestampFormat#format}. */
    static String format(LocalDateTime t, boolean dateOnly) {
        int year = t.getYear();
        if (dateOnly || year < 1 || year > 9999) {
            return TimestampFormat.format(t, dateOnly);
        }
        byte[] b = new byte[19];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, t.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, t.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, t.getHour(), 2);
        b[13] = ':';
        digits(b, 14, t.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, t.getSecond(), 2);
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * {@code yyyy-MM-dd}, {@code yyyy-MM-ddTHH:mm} or {@code yyyy-MM-ddTHH:mm:ss} ('T' or a space) in ASCII digits
     * with valid values: what ISO_LOCAL_DATE(_TIME) reads them as; null for anything else.
     */
    private static LocalDateTime parseFast(String t) {
        int length = t.length();
        if (length != 10 && length != 16 && length != 19) {
            return null;
        }
        if (t.charAt(4) != '-' || t.charAt(7) != '-') {
            return null;
        }
        int year = number(t, 0, 4);
        int month = number(t, 5, 2);
        int day = number(t, 8, 2);
        if (year < 1 || month < 0 || day < 0) {
            return null; // year 0000 is outside TimestampFormat's range: its message says so
        }
        try {
            if (length == 10) {
                return LocalDate.of(year, month, day).atStartOfDay();
            }
            char separator = t.charAt(10);
            if (separator != 'T' && separator != ' ' || t.charAt(13) != ':') {
                return null;
            }
            int hour = number(t, 11, 2);
            int minute = number(t, 14, 2);
            int second = 0;
            if (length == 19) {
                if (t.charAt(16) != ':') {
                    return null;
                }
                second = number(t, 17, 2);
            }
            if (hour < 0 || minute < 0 || second < 0) {
                return null;
            }
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            return null; // an invalid date or time: TimestampFormat says what is wrong
        }
    }

    /** The ASCII digits at [from, from + count) as a number, or -1 when one is not a digit. */
    private static int number(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
