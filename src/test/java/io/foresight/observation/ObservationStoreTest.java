package io.foresight.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append-only log: whole requests or nothing, read afresh by another store, torn frames, replace, writers. */
class ObservationStoreTest {

    @TempDir
    Path dir;

    private static final LocalDateTime START = LocalDateTime.of(1961, 1, 1, 0, 0);

    private static ObservationStore.Append append(String series, int fromMonth, double... values) {
        long[] seconds = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            seconds[i] = Observations.seconds(START.plusMonths(fromMonth + i));
        }
        return new ObservationStore.Append(series, seconds, values);
    }

    private static ObservationStore.Change change(boolean replace, ObservationStore.Append... appends) {
        return new ObservationStore.Change(replace, List.of(appends));
    }

    @Test
    void whatIsWrittenIsReadBackByAFreshStoreOnTheSameDirectory() {
        ObservationStore store = new ObservationStore(dir);
        store.write("air", stored -> change(false, append("", 0, 1, 2)));
        store.write("air", stored -> change(false, append("", 2, 3)));
        Observations read = new ObservationStore(dir).observations("air", "", null);
        assertThat(read.values()).containsExactly(1, 2, 3);
        assertThat(read.last()).isEqualTo(START.plusMonths(2));
        assertThat(read.from(START.plusMonths(1)).values()).containsExactly(2, 3);
        assertThat(store.observations("other", "", null).isEmpty()).isTrue();
    }

    @Test
    void aPlanThatThrowsWritesNothing() {
        ObservationStore store = new ObservationStore(dir);
        store.write("air", stored -> change(false, append("", 0, 1)));
        assertThatThrownBy(() -> store.write("air", stored -> {
            throw new IllegalArgumentException("bad batch");
        })).hasMessage("bad batch");
        assertThat(new ObservationStore(dir).observations("air", "", null).values()).containsExactly(1);
    }

    @Test
    void theSeriesOfOneRequestAreStoredTogetherAndReplaceRewritesFromTheFirstTimestamp() {
        ObservationStore store = new ObservationStore(dir);
        store.write("m", stored -> change(false, append("a", 0, 1, 2, 3), append("b", 0, 10)));
        store.write("m", stored -> change(true, append("a", 1, 20, 30, 40)));
        ObservationStore fresh = new ObservationStore(dir);
        assertThat(fresh.observations("m", "a", null).values()).containsExactly(1, 20, 30, 40);
        assertThat(fresh.observations("m", "b", null).values()).containsExactly(10);
        assertThat(fresh.all("m")).containsOnlyKeys("a", "b");
    }

    @Test
    void aFrameTornByACrashIsIgnoredAndCutOffByTheNextWrite() throws IOException {
        ObservationStore store = new ObservationStore(dir);
        store.write("air", stored -> change(false, append("", 0, 1, 2)));
        Path log = dir.resolve("air").resolve(ObservationStore.LOG);
        long whole = Files.size(log);
        byte[] bytes = Files.readAllBytes(log);
        // half of a second frame, as a crash in the middle of a write leaves it
        Files.write(log, java.util.Arrays.copyOf(bytes, bytes.length / 2), StandardOpenOption.APPEND);
        ObservationStore afterCrash = new ObservationStore(dir);
        assertThat(afterCrash.observations("air", "", null).values()).containsExactly(1, 2);
        afterCrash.write("air", stored -> change(false, append("", 2, 3)));
        assertThat(new ObservationStore(dir).observations("air", "", null).values()).containsExactly(1, 2, 3);
        assertThat(Files.size(log)).isLessThan(whole * 2);
    }

    @Test
    void aStoreSeesWhatAnotherStoreOnTheDirectoryAppended() {
        ObservationStore one = new ObservationStore(dir);
        ObservationStore two = new ObservationStore(dir);
        one.write("air", stored -> change(false, append("", 0, 1)));
        assertThat(two.observations("air", "", null).values()).containsExactly(1);
        two.write("air", stored -> change(false, append("", 1, 2)));
        assertThat(one.observations("air", "", null).values()).containsExactly(1, 2);
    }

    @Test
    void writersOnTwoStoresTakeTurnsAndEachPlansOnWhatTheOtherWrote() throws Exception {
        ObservationStore one = new ObservationStore(dir);
        ObservationStore two = new ObservationStore(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ObservationStore store = i % 2 == 0 ? one : two;
                writes.add(pool.submit(() -> store.write("air", stored -> {
                    int next = stored.getOrDefault("", Observations.none("")).size();
                    return change(false, append("", next, next));
                })));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        double[] values = new ObservationStore(dir).observations("air", "", null).values();
        assertThat(values).hasSize(40);
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).isEqualTo(i);
        }
    }

    @Test
    void tenThousandObservationsOfAThousandSeriesInOneWrite() {
        ObservationStore store = new ObservationStore(dir);
        List<ObservationStore.Append> appends = new ArrayList<>();
        for (int s = 0; s < 1000; s++) {
            appends.add(append("store" + s, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        }
        long start = System.nanoTime();
        store.write("panel", stored -> new ObservationStore.Change(false, appends));
        long written = System.nanoTime();
        Map<String, Observations> read = new ObservationStore(dir).all("panel");
        long readBack = System.nanoTime();
        System.out.printf("observation store: 10,000 observations of 1,000 series written in %.1f ms, read afresh in %.1f"
                + " ms%n", (written - start) / 1e6, (readBack - written) / 1e6);
        assertThat(read).hasSize(1000);
        assertThat(read.get("store999").values()).hasSize(10);
    }
}
