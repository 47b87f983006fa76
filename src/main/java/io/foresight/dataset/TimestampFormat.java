package io.foresight.dataset;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How timestamps leave the service: {@code 1949-01-01} for date-only series, {@code 2000-06-05T00:30:00} otherwise. */
public final class TimestampFormat {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private TimestampFormat() {
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
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay();
            }
            return LocalDateTime.parse(t.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + (t.length() > 40 ? t.substring(0, 40) + "..." : t)
                    + "' is not a timestamp like 1949-01-01 or 2000-06-05T00:30:00");
        }
    }
}
