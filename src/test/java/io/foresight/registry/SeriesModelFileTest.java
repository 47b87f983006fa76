package io.foresight.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.foresight.model.Accuracy;
import io.foresight.model.Method;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/** The series file keeps what a series with a known future forecasts with, and still reads the format before it. */
class SeriesModelFileTest {

    private static final Accuracy SCORE = new Accuracy(1, 2, 0.5, 3);
    private static final ModelVersion.Validation VALIDATION = new ModelVersion.Validation(4, 20, 7, 1.5, SCORE, SCORE,
            SCORE, true, true);

    private static SeriesModel series(Scaler network, Method remainder, double[][] future) {
        return series(network, remainder, false, future);
    }

    private static SeriesModel series(Scaler network, Method remainder, boolean multiplicative, double[][] future) {
        return new SeriesModel("north", null, remainder == null ? Method.LSTM : Method.REGRESSION, "a candidate",
                "a reason", remainder == null ? List.of(0) : List.of(), network, Representation.RELATIVE, VALIDATION,
                Map.of("a candidate", 0.5), new Scaler(Representation.RELATIVE, 1, new double[] {0}, new double[] {2}),
                new double[][] {{0.1, 0.2}}, 84, "2000-08-27", new double[][] {{1, 2}, {0, 1}}, new double[0], remainder,
                multiplicative, future);
    }

    @Test
    void keepsTheNetworkScalersKnownFutureTheRegressionsRemainderAndTheStoredPlan() {
        Scaler network = new Scaler(Representation.RELATIVE, 1, new double[] {0, 0.3}, new double[] {2, 0.5}, 1, 7);
        SeriesModel read = SeriesModelFile.read(SeriesModelFile.write(List.of(series(network, null, new double[][] {{1,
                0, 1}})))).get(0);
        assertThat(read.networkScale().knownFuture()).isEqualTo(1);
        assertThat(read.networkScale().lead()).isEqualTo(7);
        assertThat(read.networkScale().center()).containsExactly(0, 0.3);
        assertThat(read.future()[0]).containsExactly(1, 0, 1);
        assertThat(read.remainder()).isNull();

        SeriesModel regression = SeriesModelFile.read(SeriesModelFile.write(List.of(series(null, Method.THETA, null))))
                .get(0);
        assertThat(regression.remainder()).isEqualTo(Method.THETA);
        assertThat(regression.multiplicative()).isFalse();
        assertThat(regression.future()).isNull();
        assertThat(regression.forecast()).isEmpty();

        SeriesModel multiplying = SeriesModelFile.read(SeriesModelFile.write(List.of(series(null, Method.ETS, true, null))))
                .get(0);
        assertThat(multiplying.remainder()).isEqualTo(Method.ETS);
        assertThat(multiplying.multiplicative()).isTrue();
    }

    @Test
    void readsARegressionOfTheFormatBeforeMultiplicativeEffectsAsAdditive() {
        // format 2 is format 3 without the flag after a regression's remainder: here the last byte but one
        byte[] three = SeriesModelFile.write(List.of(series(null, Method.THETA, true, null)));
        byte[] two = new byte[three.length - 1];
        System.arraycopy(three, 0, two, 0, three.length - 2);
        two[two.length - 1] = three[three.length - 1];
        two[7] = 2; // the format, an int after the magic
        assertThat(three[7]).isEqualTo((byte) 3);
        assertThat(three[three.length - 2]).as("the flag").isEqualTo((byte) 1);

        SeriesModel read = SeriesModelFile.read(two).get(0);
        assertThat(read.remainder()).isEqualTo(Method.THETA);
        assertThat(read.multiplicative()).isFalse();
        assertThat(read.future()).isNull();
    }

    @Test
    void readsTheFormatBeforeKnownFutureInputs() throws IOException {
        // format 1 as it was written: no known-future fields in a scaler, no remainder or plan after the forecast
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x4653534D);
            out.writeInt(1);
            out.writeInt(1);
            string(out, "1/2");
            out.writeInt(30);
            out.writeBoolean(true);
            string(out, "THETA");
            string(out, "THETA");
            string(out, "best");
            out.writeInt(0);
            out.writeBoolean(false); // no network scaler
            string(out, "RELATIVE");
            out.writeInt(4);
            out.writeInt(20);
            out.writeInt(1);
            out.writeDouble(1.5);
            for (int i = 0; i < 3; i++) {
                out.writeDouble(1);
                out.writeDouble(2);
                out.writeDouble(0.5);
                out.writeDouble(3);
            }
            out.writeBoolean(true);
            out.writeBoolean(true);
            out.writeInt(0);
            out.writeBoolean(true); // the interval scale
            string(out, "RELATIVE");
            out.writeInt(1);
            array(out, 0);
            array(out, 2);
            out.writeInt(1);
            array(out, 0.1, 0.2);
            string(out, "2000-01-30");
            out.writeInt(1);
            array(out, 5, 6);
            array(out, 7, 8);
        }
        SeriesModel read = SeriesModelFile.read(bytes.toByteArray()).get(0);
        assertThat(read.id()).isEqualTo("1/2");
        assertThat(read.method()).isEqualTo(Method.THETA);
        assertThat(read.intervalScale().knownFuture()).isZero();
        assertThat(read.forecast()).containsExactly(7, 8);
        assertThat(read.remainder()).isNull();
        assertThat(read.future()).isNull();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void array(DataOutputStream out, double... values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }
}
