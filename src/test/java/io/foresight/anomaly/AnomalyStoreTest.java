package io.foresight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AnomalyStore}: marks and anomalies survive a reopen, a torn frame is ignored and cut off, nothing is lost. */
class AnomalyStoreTest {

    @TempDir
    Path root;

    static Anomaly anomaly(String series, long seconds, double score) {
        return new Anomaly(series, seconds, 500, 400, 380, 420, 99, score, 2);
    }

    @Test
    void marksAndAnomaliesAreReadBackByAnotherStore() {
        AnomalyStore store = new AnomalyStore(root);
        store.write("air", state -> new AnomalyStore.Change(Map.of("", 100L), List.of(anomaly("", 100, 5.0))));
        store.write("air", state -> {
            assertThat(state.checked()).containsEntry("", 100L);
            return new AnomalyStore.Change(Map.of("", 200L, "7/3", 150L), List.of(anomaly("7/3", 150, 1.5)));
        });
        AnomalyStore.State read = new AnomalyStore(root).state("air");
        assertThat(read.checked()).containsExactlyInAnyOrderEntriesOf(Map.of("", 200L, "7/3", 150L));
        assertThat(read.anomalies()).containsExactly(anomaly("", 100, 5.0), anomaly("7/3", 150, 1.5));
        assertThat(new AnomalyStore(root).state("other").anomalies()).isEmpty();
    }

    @Test
    void aTornFrameIsIgnoredAndCutOffByTheNextWrite() throws IOException {
        AnomalyStore store = new AnomalyStore(root);
        store.write("air", state -> new AnomalyStore.Change(Map.of("", 100L), List.of(anomaly("", 100, 5.0))));
        Path log = root.resolve("air").resolve(AnomalyStore.LOG);
        long whole = Files.size(log);
        store.write("air", state -> new AnomalyStore.Change(Map.of("", 200L), List.of(anomaly("", 200, 7.0))));
        byte[] bytes = Files.readAllBytes(log);
        // a crash in the middle of the second frame
        Files.write(log, java.util.Arrays.copyOf(bytes, (int) whole + 20), StandardOpenOption.TRUNCATE_EXISTING);

        AnomalyStore reopened = new AnomalyStore(root);
        assertThat(reopened.state("air").anomalies()).containsExactly(anomaly("", 100, 5.0));
        assertThat(reopened.state("air").checked()).containsEntry("", 100L);
        reopened.write("air", state -> new AnomalyStore.Change(Map.of("", 300L), List.of(anomaly("", 300, 2.0))));
        assertThat(new AnomalyStore(root).state("air").anomalies()).containsExactly(anomaly("", 100, 5.0),
                anomaly("", 300, 2.0));
        assertThat(new AnomalyStore(root).state("air").checked()).containsEntry("", 300L);
    }

    @Test
    void aPlanThatThrowsWritesNothing() {
        AnomalyStore store = new AnomalyStore(root);
        try {
            store.write("air", state -> {
                throw new IllegalStateException("no");
            });
        } catch (IllegalStateException expected) {
            // the plan's own failure
        }
        assertThat(Files.exists(root.resolve("air").resolve(AnomalyStore.LOG))).isFalse();
    }
}
