package io.foresight.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drift episode has one onset, also when the state is read back by another instance (a restart, a replica). */
class DriftStateTest {

    @TempDir
    Path root;

    @Test
    void aVersionStillDriftingAfterARestartIsNoNewOnset() {
        DriftState state = new DriftState(root);
        assertThat(state.update("air", List.of())).isEmpty();
        assertThat(state.update("air", List.of(1))).containsExactly(1);
        assertThat(state.update("air", List.of(1))).isEmpty();

        DriftState restarted = new DriftState(root);
        assertThat(restarted.update("air", List.of(2, 1))).as("only version 2 starts drifting").containsExactly(2);
        assertThat(restarted.update("air", List.of(2))).isEmpty();
        assertThat(restarted.update("air", List.of(2, 1))).as("version 1 drifts again: a new episode").containsExactly(1);
        assertThat(new DriftState(root).update("other", List.of(1))).as("per model").containsExactly(1);

        restarted.delete("air");
        assertThat(new DriftState(root).update("air", List.of(1))).as("a deleted model starts afresh").containsExactly(1);
    }
}
