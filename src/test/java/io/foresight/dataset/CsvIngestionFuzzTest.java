package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.foresight.ForesightException;

/**
 * CSV ingestion never fails in an unplanned way: {@link DatasetService#parse(byte[])} either returns a consistent
 * regular series or throws a {@link ForesightException} (bad input) whose message a person can act on; any other
 * exception or error, or a series that breaks the contract, is a bug.
 *
 * <p>{@link #fuzz} is a Jazzer fuzz test. A normal test run replays the corpus in
 * {@code src/test/resources/io/foresight/dataset/CsvIngestionFuzzTestInputs/fuzz/}; fuzzing needs
 * {@code JAZZER_FUZZ=1} (see docs/BAD_INPUT.md). {@link #mutatedSamplesKeepTheContract} runs the same oracle on
 * seeded random mutations of the corpus in every run.
 */
class CsvIngestionFuzzTest {

    /**
     * Replaying the corpus needs no fuzzing hooks (comparison tracing, sanitizers), and installing them costs about a
     * minute of start-up on a busy 2-core machine. Fuzzing runs ({@code JAZZER_FUZZ}) keep them: they guide the
     * mutations. Runs before Jazzer configures its agent for the first {@code @FuzzTest}.
     */
    @BeforeAll
    static void replayWithoutFuzzingHooks() {
        if (System.getenv("JAZZER_FUZZ") == null && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] csv) {
        check(csv);
    }

    /** Byte flips, inserts of CSV-significant bytes, deletions and splices over the seed corpus: 3,000 inputs. */
    @Test
    void mutatedSamplesKeepTheContract() {
        List<byte[]> seeds = seeds();
        Random random = new Random(20_241_127L);
        byte[] interesting = ",;\t\n\r\"'-:.+eE0123456789TZNaI \u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits && input.length > 0; e++) {
                int at = random.nextInt(input.length);
                switch (random.nextInt(4)) {
                    case 0 -> input[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : interesting[random.nextInt(interesting.length)]);
                    case 1 -> input = insert(input, at, interesting[random.nextInt(interesting.length)]);
                    case 2 -> input = delete(input, at, 1 + random.nextInt(Math.min(16, input.length - at)));
                    default -> {
                        byte[] other = seeds.get(random.nextInt(seeds.size()));
                        int from = random.nextInt(other.length);
                        int length = Math.min(1 + random.nextInt(64), other.length - from);
                        input = splice(input, at, other, from, length);
                    }
                }
            }
            accepted += check(input) ? 1 : 0;
        }
        // the mutations are mild enough that some stay valid, so both branches of the oracle are exercised
        assertThat(accepted).isPositive().isLessThan(3_000);
    }

    /** The oracle; true when the input was accepted. */
    static boolean check(byte[] csv) {
        TimeSeries series;
        try {
            series = DatasetService.parse(csv);
        } catch (ForesightException e) {
            assertThat(e.kind()).isEqualTo(ForesightException.Kind.BAD_INPUT);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("io.foresight.")
                    .doesNotContain("java.");
            return false;
        }
        assertThat(series).isNotNull();
        int size = series.size();
        assertThat(size).isPositive();
        assertThat(series.columns()).isNotEmpty();
        Set<String> names = new HashSet<>();
        for (SeriesColumn column : series.columns()) {
            assertThat(column.name()).isNotBlank();
            assertThat(names.add(column.name())).as("distinct column names").isTrue();
            assertThat(column.values()).hasSize(size);
            for (double v : column.values()) {
                assertThat(Double.isNaN(v) || Double.isFinite(v)).as("finite or missing").isTrue();
            }
        }
        List<LocalDateTime> timestamps = series.timestamps();
        assertThat(timestamps).hasSize(size).doesNotContainNull();
        for (int i = 1; i < size; i++) {
            assertThat(timestamps.get(i)).as("strictly increasing").isAfter(timestamps.get(i - 1));
            assertThat(series.frequency().plus(timestamps.get(i - 1), 1)).as("on the frequency's grid").isEqualTo(timestamps.get(i));
        }
        return true;
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : new String[] {"air-head40.csv", "eustock-head30.csv", "taylor-head30.csv", "bom-semicolon-crlf.csv",
                "unsorted-missing.csv", "tab-business-days.csv", "offsets.csv", "bad-values.csv"}) {
            try (InputStream in = CsvIngestionFuzzTest.class.getResourceAsStream("CsvIngestionFuzzTestInputs/fuzz/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing seed " + name);
                }
                seeds.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    private static byte[] insert(byte[] input, int at, byte b) {
        byte[] out = new byte[input.length + 1];
        System.arraycopy(input, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(input, at, out, at + 1, input.length - at);
        return out;
    }

    private static byte[] delete(byte[] input, int at, int length) {
        byte[] out = new byte[input.length - length];
        System.arraycopy(input, 0, out, 0, at);
        System.arraycopy(input, at + length, out, at, input.length - at - length);
        return out;
    }

    private static byte[] splice(byte[] input, int at, byte[] other, int from, int length) {
        byte[] out = new byte[input.length + length];
        System.arraycopy(input, 0, out, 0, at);
        System.arraycopy(other, from, out, at, length);
        System.arraycopy(input, at, out, at + length, input.length - at);
        return out;
    }
}
