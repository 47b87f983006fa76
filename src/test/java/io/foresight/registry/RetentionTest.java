package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void theOldestBeyondKeepVersionsGoExceptAliasedOnes() {
        Retention keepTwo = new Retention(2);
        assertThat(keepTwo.surplus(List.of(1, 2, 3, 4, 5), List.of(1))).containsExactly(2, 3);
        assertThat(keepTwo.surplus(List.of(4, 5), List.of())).isEmpty();
    }

    @Test
    void zeroKeepsEveryVersionAndANegativeCountIsRefused() {
        assertThat(new Retention(0).surplus(List.of(1, 2, 3), List.of())).isEmpty();
        assertThatThrownBy(() -> new Retention(-1)).hasMessageContaining("keep-versions is -1");
    }
}
