package io.foresight.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foresight.FramedLog;

/**
 * The observation log's columns (feature columns and future features carried with the target): a log written before
 * they existed still reads, a write of the target alone is still that format byte for byte, and columns written with
 * the points read back with them (NaN for points stored without a column).
 */
class ObservationStoreColumnsTest {

    @TempDir
    Path dir;

    private static final LocalDateTime START = LocalDateTime.of(2000, 6, 1, 0, 0);

    private static long day(int i) {
        return Observations.seconds(START.plusDays(i));
    }

    /** A frame as the first format wrote it (before columns): replace byte, series, each point's seconds and value. */
    private static byte[] firstFormatFrame(boolean replace, String series, int fromDay, double... values)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[FramedLog.HEADER]);
            out.writeByte(replace ? 1 : 0);
            out.writeInt(1);
            byte[] id = series.getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            out.writeInt(values.length);
            for (int i = 0; i < values.length; i++) {
                out.writeLong(day(fromDay + i));
                out.writeDouble(values[i]);
            }
        }
        return FramedLog.seal(0x4F425331, bytes.toByteArray());
    }

    private static ObservationStore.Append target(String series, int fromDay, double... values) {
        long[] seconds = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            seconds[i] = day(fromDay + i);
        }
        return new ObservationStore.Append(series, seconds, values);
    }

    private static ObservationStore.Append withPromo(String series, int fromDay, double[] values, double[] promo) {
        ObservationStore.Append plain = target(series, fromDay, values);
        return new ObservationStore.Append(series, plain.seconds(), values, List.of("promo"), new double[][] {promo});
    }

    @Test
    void aLogWrittenBeforeColumnsExistedReadsAsItDidAndTakesPointsWithColumnsAfterIt() throws IOException {
        Path log = dir.resolve("demand").resolve(ObservationStore.LOG);
        Files.createDirectories(log.getParent());
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        old.write(firstFormatFrame(false, "", 0, 10, 11, 12));
        old.write(firstFormatFrame(true, "", 2, 22, 23));
        Files.write(log, old.toByteArray());

        ObservationStore store = new ObservationStore(dir);
        Observations read = store.observations("demand", "", null);
        assertThat(read.values()).containsExactly(10, 11, 22, 23);
        assertThat(read.seconds()).containsExactly(day(0), day(1), day(2), day(3));
        assertThat(read.names()).isEmpty();
        assertThat(read.column("promo")).isNull();

        store.write("demand", stored -> new ObservationStore.Change(false,
                List.of(withPromo("", 4, new double[] {24, 25}, new double[] {1, 0}))));
        Observations mixed = new ObservationStore(dir).observations("demand", "", null);
        assertThat(mixed.values()).containsExactly(10, 11, 22, 23, 24, 25);
        assertThat(mixed.names()).containsExactly("promo");
        assertThat(mixed.column("promo")).containsExactly(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 0);
        assertThat(mixed.after(START.plusDays(3)).column("promo")).containsExactly(1, 0);
    }

    @Test
    void aWriteOfTheTargetAloneIsTheFirstFormatByteForByte() throws IOException {
        new ObservationStore(dir).write("air", stored -> new ObservationStore.Change(true,
                List.of(target("", 0, 1.5, 2.5))));
        assertThat(Files.readAllBytes(dir.resolve("air").resolve(ObservationStore.LOG)))
                .isEqualTo(firstFormatFrame(true, "", 0, 1.5, 2.5));
    }

    @Test
    void columnsAreReadBackWithTheirPointsAndReplaceRewritesThemToo() {
        ObservationStore store = new ObservationStore(dir);
        store.write("m", stored -> new ObservationStore.Change(false, List.of(
                withPromo("a", 0, new double[] {1, 2, 3}, new double[] {0, 1, 0}),
                target("b", 0, 7))));
        store.write("m", stored -> new ObservationStore.Change(true, List.of(
                withPromo("a", 1, new double[] {20, 30, 40}, new double[] {1, 1, 1}))));
        ObservationStore fresh = new ObservationStore(dir);
        Observations a = fresh.observations("m", "a", null);
        assertThat(a.values()).containsExactly(1, 20, 30, 40);
        assertThat(a.column("promo")).containsExactly(0, 1, 1, 1);
        Observations b = fresh.observations("m", "b", null);
        assertThat(b.values()).containsExactly(7);
        assertThat(b.names()).isEmpty();
        assertThat(a.first(2).column("promo")).containsExactly(0, 1);
        assertThat(a.followedBy(new Observations("a", new long[] {day(4)}, new double[] {50})).column("promo"))
                .containsExactly(0, 1, 1, 1, Double.NaN);
    }
}
