package io.foresight.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * TimestampFormat reads and writes the fixed-width shapes digit by digit: for every input the same answer, or the same
 * error, as reading and writing them with java.time ({@link #reference}), as it did before.
 */
class TimestampFormatTest {

    /** The reading with java.time alone: trim, ISO date or date-time (a space for 'T'), then the range check. */
    private static LocalDateTime reference(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a timestamp is missing");
        }
        String t = text.trim();
        LocalDateTime timestamp;
        try {
            timestamp = t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + (t.length() > 40 ? t.substring(0, 40) + "..." : t)
                    + "' is not a timestamp like 1949-01-01 or 2000-06-05T00:30:00");
        }
        return TimestampFormat.requireRepresentable(timestamp, t);
    }

    private static String referenceFormat(LocalDateTime t, boolean dateOnly) {
        return dateOnly ? t.toLocalDate().toString() : DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(t);
    }

    @Test
    void parsesExactlyLikeJavaTime() {
        List<String> inputs = new java.util.ArrayList<>(List.of("1949-01-01", "2000-06-05T00:30:00", "2000-06-05T00:30",
                "2000-06-05 00:30:00", "2000-06-05 00:30", " 2000-06-05", "2000-06-05 ", "2000-02-29", "2001-02-29",
                "2000-02-30", "2000-13-01", "2000-00-10", "2000-01-00", "0000-01-01", "9999-12-31T23:59:59",
                "2000-06-05T24:00:00", "2000-06-05T23:60", "2000-06-05T23:59:60", "2000-06-05T00:30:00.5",
                "2000-06-05T00:30:00Z", "+2000-06-05", "2000/06/05", "2000-6-5", "20000-01-01", "2000-06-05X00:30",
                "2000-06-05T00-30", "2000-06-05T00:30-00", "abcdefghij", "", "   ", "2000-06-05T0a:30:00",
                "\uff12000-01-01", "2000-06-05T00:30:0", "1960-12", "0000-12", "2000-1"));
        Random random = new Random(7);
        String alphabet = "0123456789-T: ";
        for (int i = 0; i < 20000; i++) {
            char[] c = "2000-06-05T00:30:00".toCharArray();
            int len = new int[] {10, 16, 19}[random.nextInt(3)];
            for (int k = 0; k < 2; k++) {
                c[random.nextInt(len)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            inputs.add(new String(c, 0, len));
        }
        for (int i = 0; i < 2000; i++) {
            inputs.add(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
        }
        inputs.add(null);
        for (String input : inputs) {
            assertEquals(outcome(() -> reference(input)), outcome(() -> TimestampFormat.parse(input)), "input " + input);
        }
    }

    @Test
    void formatsExactlyLikeJavaTime() {
        Random random = new Random(11);
        List<LocalDateTime> times = new java.util.ArrayList<>(List.of(LocalDateTime.of(1, 1, 1, 0, 0),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999), LocalDateTime.of(0, 1, 1, 0, 0),
                LocalDateTime.of(-5, 3, 1, 1, 1), LocalDateTime.of(10000, 1, 1, 0, 0), LocalDateTime.of(2000, 6, 5, 0, 30, 7, 5)));
        for (int i = 0; i < 5000; i++) {
            times.add(LocalDateTime.of(random.nextInt(10002), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000)));
        }
        for (LocalDateTime t : times) {
            for (boolean dateOnly : new boolean[] {true, false}) {
                assertEquals(referenceFormat(t, dateOnly), TimestampFormat.format(t, dateOnly), t + " " + dateOnly);
            }
        }
    }

    private static String outcome(java.util.function.Supplier<LocalDateTime> parse) {
        try {
            return String.valueOf(parse.get());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
