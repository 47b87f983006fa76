package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.regex.Pattern;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.Parameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.foresight.FuzzReplay;

/**
 * The query-string and number parsing of the web layer ({@link QueryString}, {@link NumberGrammar}) never fails in
 * an unplanned way, and never accepts what Tomcat would then refuse with a 500:
 * <ul>
 * <li>{@link QueryString#parse} either returns the parameters or throws its {@code MalformedException} with a message
 * a person can act on (no control characters, no Java names); anything else is a bug;</li>
 * <li>differential: when it accepts a query string, Tomcat's own parser ({@link Parameters}, the one Spring reads
 * parameters through) accepts it too and reads the same names and values; when Tomcat throws, it throws too;</li>
 * <li>{@link NumberGrammar}: a value is a whole number exactly when it is {@code 0|[1-9][0-9]*} (within a long), a
 * decimal exactly when it is that with an optional {@code .digits} (and finite), and then it means what Java's own
 * parsers read.</li>
 * </ul>
 * {@link #fuzz} is a Jazzer fuzz test: a normal run replays the corpus in
 * {@code src/test/resources/io/foresight/web/QueryStringFuzzTestInputs/fuzz/}; {@code JAZZER_FUZZ=1} fuzzes (see
 * docs/BAD_INPUT.md). {@link #randomQueriesKeepTheContract} runs the same oracle on seeded random inputs in every run.
 */
class QueryStringFuzzTest {

    private static final Pattern WHOLE = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]+)?");

    /** As {@code CsvIngestionFuzzTest}: replaying needs no fuzzing hooks, which take a minute to install. */
    @BeforeAll
    static void replayWithoutFuzzingHooks() {
        FuzzReplay.withoutFuzzingHooks();
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        check(input);
    }

    /** 50,000 random queries built from the characters that matter (escapes, separators, digits), in every run. */
    @Test
    void randomQueriesKeepTheContract() {
        Random random = new Random(20_261_205L);
        String[] pieces = {"%", "%2", "%25", "%ff", "%FF", "%c0", "%af", "%e2", "%82", "%ac", "%ed", "%a0", "%80",
            "%f0", "%9f", "%98", "%f4", "%90", "%00", "%0a", "%7f", "%c2", "%3d", "%26", "%2b", "%2B", "%zz", "&", "=",
            "+", "a", "b", "horizon", "levels", ".", "-", "0", "1", "9", "00", "01", "0x", "e", "E", "p", "N", "aN",
            "Infinity", ";", " ", "\u0661", "\u00e9", "\t"};
        int accepted = 0;
        int numbers = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder query = new StringBuilder();
            int length = random.nextInt(12);
            for (int p = 0; p < length; p++) {
                query.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] input = query.toString().getBytes(StandardCharsets.UTF_8);
            Result result = check(input);
            accepted += result.accepted() ? 1 : 0;
            numbers += result.numbers();
        }
        assertThat(accepted).as("both branches are exercised").isBetween(1_000, 49_000);
        assertThat(numbers).as("some values are numbers").isPositive();
    }

    /** The corpus replays in every run too (so a finding stays fixed without Jazzer). */
    @Test
    void corpusKeepsTheContract() {
        List<String> names = List.of("plain.txt", "levels.txt", "bad-escape.txt", "bad-utf8.txt", "no-name.txt",
                "numbers.txt");
        for (String name : names) {
            String path = "QueryStringFuzzTestInputs/fuzz/" + name;
            try (InputStream in = QueryStringFuzzTest.class.getResourceAsStream(path)) {
                assertThat(in).as(name).isNotNull();
                check(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Result(boolean accepted, int numbers) {
    }

    /** The oracle; the bytes are the query string as it arrives (Tomcat reads its characters as ISO-8859-1). */
    static Result check(byte[] input) {
        String raw = new String(input, StandardCharsets.ISO_8859_1);
        List<QueryString.Parameter> mine;
        try {
            mine = QueryString.parse(raw);
        } catch (QueryString.MalformedException e) {
            assertThat(e.getMessage()).isNotBlank().startsWith("The query string").doesNotContain("Exception")
                    .doesNotContain("java.");
            assertThat(e.getMessage().chars().allMatch(c -> c >= 0x20 && c != 0x7f)).as("no control characters: %s",
                    e.getMessage()).isTrue();
            numbers(raw);
            return new Result(false, 0);
        }
        Map<String, List<String>> tomcat = tomcat(input);
        assertThat(tomcat).as("Tomcat refuses what QueryString accepted: %s", raw).isNotNull();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (QueryString.Parameter parameter : mine) {
            assertThat(parameter.name()).isNotEmpty();
            expected.computeIfAbsent(parameter.name(), k -> new ArrayList<>()).add(parameter.value());
        }
        assertThat(tomcat).as("Tomcat reads %s differently", raw).isEqualTo(expected);
        int numbers = 0;
        for (QueryString.Parameter parameter : mine) {
            numbers += numbers(parameter.value());
        }
        return new Result(true, numbers);
    }

    /** Tomcat's reading of the query string, or null when Tomcat refuses it. */
    private static Map<String, List<String>> tomcat(byte[] input) {
        Parameters parameters = new Parameters();
        parameters.setCharset(StandardCharsets.UTF_8);
        parameters.setQueryStringCharset(StandardCharsets.UTF_8);
        parameters.setLimit(-1);
        try {
            parameters.processParameters(input, 0, input.length);
        } catch (InvalidParameterException e) {
            return null;
        }
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (String name : Collections.list(parameters.getParameterNames())) {
            read.put(name, List.of(parameters.getParameterValues(name)));
        }
        return read;
    }

    /** The number grammar on {@code text}; 1 when it is a number. */
    static int numbers(String text) {
        OptionalLong whole = NumberGrammar.wholeNumber(text);
        boolean wholeShape = WHOLE.matcher(text).matches();
        if (whole.isPresent()) {
            assertThat(wholeShape).as(text).isTrue();
            assertThat(whole.getAsLong()).as(text).isEqualTo(Long.parseLong(text));
        } else if (wholeShape && text.length() <= 18) {
            throw new AssertionError("'" + text + "' is a whole number but was refused");
        }
        OptionalDouble decimal = NumberGrammar.decimal(text);
        boolean decimalShape = DECIMAL.matcher(text).matches();
        if (decimal.isPresent()) {
            assertThat(decimalShape).as(text).isTrue();
            assertThat(decimal.getAsDouble()).as(text).isEqualTo(Double.parseDouble(text)).isFinite();
        } else if (decimalShape && Double.isFinite(Double.parseDouble(text))) {
            throw new AssertionError("'" + text + "' is a decimal but was refused");
        }
        return decimal.isPresent() ? 1 : 0;
    }
}
