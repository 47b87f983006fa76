package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.foresight.ForesightException;

/**
 * The long-format parser reads cells as the single-series parser does: a CSV of one series with an id column added
 * gives, as a panel, exactly the series {@link DatasetParser} gives (timestamps, frequency, every value bit for bit),
 * and a CSV one rejects the other rejects too, with a bad-input problem. Checked on the ingestion fuzz corpus and on
 * seeded mutations of it that change cells only (digits, signs, separators inside a line), and the parser never
 * fails otherwise on mutations of any byte.
 */
class LongFormatDifferentialTest {

    private static final String[] SEEDS = {"air-head40.csv", "eustock-head30.csv", "taylor-head30.csv",
        "bom-semicolon-crlf.csv", "unsorted-missing.csv", "tab-business-days.csv", "offsets.csv", "bad-values.csv"};

    @Test
    void seedsParseAlikeWithAnIdColumnAdded() {
        List<String> accepted = new ArrayList<>();
        for (String name : SEEDS) {
            if (compare(seed(name))) {
                accepted.add(name);
            }
        }
        // both reject the others: NaN and hex cells, a duplicate instant (00:00Z and 01:00+01:00), a tab header over
        // comma-separated rows
        assertThat(accepted).containsExactly("air-head40.csv", "eustock-head30.csv", "taylor-head30.csv",
                "bom-semicolon-crlf.csv", "unsorted-missing.csv");
    }

    @Test
    void cellMutationsParseAlike() {
        Random random = new Random(17);
        byte[] cellBytes = "0123456789.-+eENa ".getBytes(StandardCharsets.US_ASCII);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 600; i++) {
            byte[] input = seed(SEEDS[random.nextInt(SEEDS.length)]).clone();
            for (int e = 0; e < 1 + random.nextInt(3); e++) {
                int at = random.nextInt(input.length);
                if (input[at] >= '0' && input[at] <= '9' || input[at] == '.' || input[at] == '-') {
                    input[at] = cellBytes[random.nextInt(cellBytes.length)];
                }
            }
            if (compare(input)) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).isPositive();
        assertThat(rejected).isPositive();
    }

    @Test
    void anyByteMutationIsAPanelOrABadInputProblem() {
        Random random = new Random(29);
        byte[] interesting = ",;\t\n\r\"-:.0123456789NaI \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 3_000; i++) {
            byte[] input = withIdColumn(seed(SEEDS[random.nextInt(SEEDS.length)]));
            for (int e = 0; e < 1 + random.nextInt(6); e++) {
                int at = random.nextInt(input.length);
                input[at] = random.nextBoolean() ? (byte) random.nextInt(256) : interesting[random.nextInt(interesting.length)];
            }
            try {
                Panel panel = LongFormatParser.parse(input, List.of("id"), 200, 1_000_000, 100_000).panel();
                for (Panel.Member member : panel.series()) {
                    TimeSeries series = member.data();
                    for (int k = 1; k < series.size(); k++) {
                        assertThat(series.timestamps().get(k)).isAfter(series.timestamps().get(k - 1));
                    }
                }
            } catch (ForesightException e) {
                assertThat(e.kind()).isEqualTo(ForesightException.Kind.BAD_INPUT);
                assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("java.");
            }
        }
    }

    /** True when both accepted (and agree); false when both rejected; fails when they differ. */
    private static boolean compare(byte[] csv) {
        TimeSeries single;
        ForesightException singleError = null;
        try {
            single = DatasetParser.parse(csv, 200, 1_000_000).series();
        } catch (ForesightException e) {
            single = null;
            singleError = e;
        }
        String text = new String(csv, StandardCharsets.UTF_8);
        Panel panel;
        try {
            panel = LongFormatParser.parse(withIdColumn(csv), List.of("id"), 200, 1_000_000, 100_000).panel();
        } catch (ForesightException e) {
            assertThat(e.kind()).isEqualTo(ForesightException.Kind.BAD_INPUT);
            assertThat(singleError).as("the long parser rejected (%s) what the single parser accepted:%n%s",
                    e.getMessage(), text).isNotNull();
            return false;
        }
        assertThat(singleError).as("the single parser rejected (%s) what the long parser accepted:%n%s",
                singleError == null ? "" : singleError.getMessage(), text).isNull();
        assertThat(panel.ids()).containsExactly("s");
        SeriesFileTest.assertSameSeries(panel.series().get(0).data(), single);
        return true;
    }

    /** The CSV with a last column {@code id} whose every cell is {@code s}. */
    private static byte[] withIdColumn(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        char delimiter = CsvTable.delimiter(text.replace("\r", "\n"));
        StringBuilder out = new StringBuilder();
        boolean header = true;
        for (String line : text.split("(?<=\n)|(?<=\r)(?!\n)")) {
            String body = line.replaceAll("[\r\n]+$", "");
            String end = line.substring(body.length());
            if (body.isBlank()) {
                out.append(line);
                continue;
            }
            out.append(body).append(delimiter).append(header ? "id" : "s").append(end);
            header = false;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] seed(String name) {
        try (InputStream in = CsvIngestionFuzzTest.class.getResourceAsStream("CsvIngestionFuzzTestInputs/fuzz/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
