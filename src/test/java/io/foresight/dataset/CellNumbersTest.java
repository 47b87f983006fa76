package io.foresight.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers read from bytes are exactly the doubles Double.parseDouble gives, with DatasetParser's grammar. */
class CellNumbersTest {

    private static final Pattern GRAMMAR = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static int read(CellNumbers numbers, String cell) {
        byte[] b = cell.getBytes(StandardCharsets.ISO_8859_1);
        return numbers.read(b, 0, b.length);
    }

    @Test
    void randomDecimalsReadAsParseDoubleReadsThem() {
        Random random = new Random(17);
        CellNumbers numbers = new CellNumbers();
        for (int i = 0; i < 200_000; i++) {
            String cell = randomNumber(random);
            assertThat(read(numbers, cell)).as(cell).isEqualTo(CellNumbers.NUMBER);
            assertThat(Double.doubleToRawLongBits(numbers.value())).as(cell)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(cell)));
        }
    }

    private static String randomNumber(Random random) {
        StringBuilder s = new StringBuilder();
        switch (random.nextInt(3)) {
            case 0 -> s.append('-');
            case 1 -> s.append(random.nextBoolean() ? "+" : "");
            default -> { }
        }
        int intDigits = random.nextInt(12);
        for (int d = 0; d < intDigits; d++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        int fractionDigits = random.nextInt(intDigits == 0 ? 9 : 12) + (intDigits == 0 ? 1 : 0);
        if (fractionDigits > 0 || random.nextBoolean()) {
            s.append('.');
        }
        for (int d = 0; d < fractionDigits; d++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        if (s.isEmpty() || s.toString().matches("[+-]?\\.?")) {
            s.append('7');
        }
        if (random.nextInt(4) == 0) {
            s.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "")
                    .append(random.nextInt(30));
        }
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-0", "0.1", ".5", "5.", "1e22", "1e23", "123456789012345678901234", "0.000000000001234",
        "9007199254740993", "4.9e-324", "1.7976931348623157e308", "2.2250738585072014E-308", "+3", "00012.50",
        "1234567890123456", "0.30000000000000004"})
    void edgeCasesMatchParseDouble(String cell) {
        CellNumbers numbers = new CellNumbers();
        assertThat(read(numbers, cell)).isEqualTo(CellNumbers.NUMBER);
        assertThat(Double.doubleToRawLongBits(numbers.value()))
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(cell)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-inf", "1,5", "1e", "e5", ".", "-", "1.2.3", "0x10", "1e400", "12a",
        "1 2", "--1", "1e+", "１"})
    void whatTheGrammarRefusesIsNotANumber(String cell) {
        CellNumbers numbers = new CellNumbers();
        boolean grammar = GRAMMAR.matcher(cell).matches();
        assertThat(read(numbers, cell)).isEqualTo(CellNumbers.NOT_A_NUMBER);
        // the one cell the grammar accepts here is too large for a double, as DatasetParser says too
        assertThat(grammar).isEqualTo(cell.equals("1e400"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NA", "na", "null", "NULL", "Null"})
    void emptyNaAndNullAreMissing(String cell) {
        CellNumbers numbers = new CellNumbers();
        assertThat(read(numbers, cell)).isEqualTo(CellNumbers.MISSING);
        assertThat(numbers.value()).isNaN();
    }
}
