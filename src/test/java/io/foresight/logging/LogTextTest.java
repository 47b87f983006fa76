package io.foresight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void lineBreaksAndControlCharactersAreEscaped() {
        assertThat(LogText.escape("a\nb\rc\u0000d\u001be\u007ff\u0085g\u2028h\u2029i"))
                .isEqualTo("a\\nb\\rc\\u0000d\\u001be\\u007ff\\u0085g\\u2028h\\u2029i");
    }

    @Test
    void printableTextAndTabsAreLeftAsTheyAre() {
        String text = "Stored dataset 'air'\twith ü, 漢字 and \\n as two characters";
        assertThat(LogText.escape(text)).isSameAs(text);
        assertThat(LogText.escape(null)).isNull();
    }
}
