package io.foresight.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.StringJoiner;

/** Small CSVs for the dataset tests. */
final class CsvFixtures {

    private CsvFixtures() {
    }

    static byte[] bytes(String csv) {
        return csv.getBytes(StandardCharsets.UTF_8);
    }

    /** A fixture from {@code src/test/resources/csv}. */
    static byte[] resource(String name) {
        try (InputStream in = CsvFixtures.class.getResourceAsStream("/csv/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource csv/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code timestamp,value} with {@code days} consecutive days from 2024-01-01, values 1, 2, 3, ... */
    static String daily(int days) {
        StringJoiner csv = new StringJoiner("\n", "", "\n").add("timestamp,value");
        LocalDate start = LocalDate.parse("2024-01-01");
        for (int i = 0; i < days; i++) {
            csv.add(start.plusDays(i) + "," + (i + 1));
        }
        return csv.toString();
    }
}
