package io.foresight.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.foresight.dataset.TimestampFormat;

/** Timestamps is a faster TimestampFormat: the same answer, or the same error, for every input. */
class TimestampsTest {

    @Test
    void parsesExactlyLikeTimestampFormat() {
        List<String> inputs = new java.util.ArrayList<>(List.of("1949-01-01", "2000-06-05T00:30:00", "2000-06-05T00:30",
                "2000-06-05 00:30:00", "2000-06-05 00:30", " 2000-06-05", "2000-06-05 ", "2000-02-29", "2001-02-29",
                "2000-02-30", "2000-13-01", "2000-00-10", "2000-01-00", "0000-01-01", "9999-12-31T23:59:59",
                "2000-06-05T24:00:00", "2000-06-05T23:60", "2000-06-05T23:59:60", "2000-06-05T00:30:00.5",
                "2000-06-05T00:30:00Z", "+2000-06-05", "2000/06/05", "2000-6-5", "20000-01-01", "2000-06-05X00:30",
                "2000-06-05T00-30", "2000-06-05T00:30-00", "abcdefghij", "", "   ", "2000-06-05T0a:30:00",
                "\uff12000-01-01", "2000-06-05T00:30:0"));
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
            assertEquals(outcome(() -> TimestampFormat.parse(input)), outcome(() -> Timestamps.parse(input)), "input " + input);
        }
    }

    @Test
    void formatsExactlyLikeTimestampFormat() {
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
                assertEquals(TimestampFormat.format(t, dateOnly), Timestamps.format(t, dateOnly), t + " " + dateOnly);
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
