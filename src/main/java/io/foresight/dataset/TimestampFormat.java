package io.foresight.dataset;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How timestamps leave the service: {@code 1949-01-01} for date-only series, {@code 2000-06-05T00:30:00} otherwise,
 * and which timestamps the service can hold at all: {@link #FIRST} to {@link #LAST}, the years 0001 to 9999 that
 * this format writes in four digits and reads back as the same instant. Every timestamp that enters the service
 * (a CSV cell, a forecast's history) and every one it would emit (a forecast step) is checked here.
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
        return dateOnly ? timestamp.toLocalDate().toString() : DATE_TIME.format(timestamp);
    }

    /** Reads a timestamp as the service writes it ({@code 1949-01-01}, {@code 2000-06-05T00:30[:00]}, or with a space). */
    public static LocalDateTime parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a timestamp is missing");
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

    private static String abbreviate(String t) {
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
