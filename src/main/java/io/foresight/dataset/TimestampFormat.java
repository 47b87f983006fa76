package io.foresight.dataset;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How timestamps leave the service: {@code 1949-01-01} for date-only series, {@code 2000-06-05T00:30:00} otherwise,
 * and which timestamps the service can hold at all: {@link #FIRST} to {@link #LAST}, the years 0001 to 9999 that
 * this format writes in four digits and reads back as the same instant. Every timestamp that enters the service
 * (a CSV cell, a forecast's history) and every one it would emit (a forecast step) is checked here.
 *
 * <p>The fixed-width shapes ({@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm[:ss]}) are read and written digit by digit
 * ({@link #parseFixedWidth}, {@link #format}): a CSV upload parses one timestamp per row and a forecast one per history
 * row and formats one per step, and {@code java.time.format}'s per-call work was most of that time.
 */
public final class TimestampFormat {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** The first timestamp the service can represent: 0001-01-01T00:00:00. */
    public static final LocalDateTime FIRST = LocalDateTime.of(1, 1, 1, 0, 0);
    /** The last timestamp the service can represent: 9999-12-31T23:59:59. */
    public static final LocalDateTime LAST = LocalDateTime.of(9999, 12, 31, 23, 59, 59);
    /** How a person is told the range. */
    public static final String RANGE = "0001-01-01T00:00:00 to 9999-12-31T23:59:59 (UTC for timestamps with an offset)";

    private TimestampFormat() {
    }

    /** Whether {@code timestamp} lies in {@link #FIRST} .. {@link #LAST}, so that it is written and read back unchanged. */
    public static boolean representable(LocalDateTime timestamp) {
        return !timestamp.isBefore(FIRST) && !timestamp.isAfter(LAST);
    }

    /**
     * {@code timestamp} itself when {@link #representable}; otherwise an IllegalArgumentException whose message says
     * why, quoting {@code text} (what was sent).
     */
    public static LocalDateTime requireRepresentable(LocalDateTime timestamp, String text) {
        if (!representable(timestamp)) {
            String shown = abbreviate(text.trim());
            String read = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
            throw new IllegalArgumentException("'" + shown + "' is outside the timestamps the service can represent, "
                    + RANGE + (read.startsWith(shown) || shown.startsWith(read) ? "" : " (it is " + read + ")"));
        }
        return timestamp;
    }

    public static String format(LocalDateTime timestamp, boolean dateOnly) {
        int year = timestamp.getYear();
        if (dateOnly || year < 1 || year > 9999) {
            return dateOnly ? timestamp.toLocalDate().toString() : DATE_TIME.format(timestamp);
        }
        byte[] b = new byte[19];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, timestamp.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, timestamp.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, timestamp.getHour(), 2);
        b[13] = ':';
        digits(b, 14, timestamp.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, timestamp.getSecond(), 2);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Reads a timestamp as the service writes it ({@code 1949-01-01}, {@code 2000-06-05T00:30[:00]}, or with a space). */
    public static LocalDateTime parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a timestamp is missing");
        }
        if (text.length() != 7) {
            try {
                LocalDateTime fast = parseFixedWidth(text);
                if (fast != null && fast.getYear() >= 1) {
                    return fast;
                }
            } catch (DateTimeException e) {
                // an impossible date or time: the reading below says what is wrong
            }
        }
        String t = text.trim();
        LocalDateTime timestamp;
        try {
            timestamp = t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + abbreviate(t) + "' is not a timestamp like 1949-01-01 or 2000-06-05T00:30:00");
        }
        return requireRepresentable(timestamp, t);
    }

    /**
     * The fixed-width shapes {@code yyyy-MM}, {@code yyyy-MM-dd} and {@code yyyy-MM-dd HH:mm[:ss]} ('T' or a space) in
     * ASCII digits, read digit by digit; null for any other shape (the caller reads those its own way).
     *
     * @throws DateTimeException for an impossible date or time such as 2023-02-30 or 24:00
     */
    public static LocalDateTime parseFixedWidth(String cell) {
        int n = cell.length();
        if ((n != 7 && n != 10 && n != 16 && n != 19) || cell.charAt(4) != '-') {
            return null;
        }
        int year = number(cell, 0, 4);
        int month = number(cell, 5, 7);
        if (year < 0 || month < 0) {
            return null;
        }
        if (n == 7) {
            return LocalDate.of(year, month, 1).atStartOfDay();
        }
        int day = cell.charAt(7) == '-' ? number(cell, 8, 10) : -1;
        if (day < 0) {
            return null;
        }
        if (n == 10) {
            return LocalDate.of(year, month, day).atStartOfDay();
        }
        char separator = cell.charAt(10);
        if ((separator != 'T' && separator != ' ') || cell.charAt(13) != ':') {
            return null;
        }
        int hour = number(cell, 11, 13);
        int minute = number(cell, 14, 16);
        int second = n == 19 && cell.charAt(16) == ':' ? number(cell, 17, 19) : n == 16 ? 0 : -1;
        if (hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second);
    }

    /** The number written by the ASCII digits {@code s[from, to)}, or -1 when one is not a digit. */
    private static int number(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String abbreviate(String t) {
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
