package io.foresight.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.foresight.model.Accuracy;
import io.foresight.model.Method;
import io.foresight.window.Representation;
import io.foresight.window.Scaler;

/**
 * The series of a many-series version in one compact binary file ({@code series.bin} in the version's directory,
 * checksummed in its manifest like every other file): 10,000 series are one file of a few tens of megabytes, read
 * once when the version is loaded. Plain numbers and strings only, nothing a reader could execute. Format 3:
 * {@code FSSM}, format, count, then per series its fields in {@link SeriesModel}'s order, each scaler with its
 * known-future channels and lead, a regression's {@code multiplicative} after its {@code remainder}. Format 2 (before
 * multiplicative regressions: each reads as additive) and format 1 (before known-future inputs: scalers without them,
 * no {@code remainder} or {@code future}) are still read.
 */
public final class SeriesModelFile {

    /** The file's name in a version's directory. */
    public static final String NAME = "series.bin";

    private static final int MAGIC = 0x4653534D; // "FSSM"
    private static final int FORMAT = 3;
    private static final int FORMAT_BEFORE_KNOWN_FUTURE = 1;
    private static final int FORMAT_BEFORE_MULTIPLICATIVE = 2;
    private static final int MAX_LENGTH = 1 << 26;

    private SeriesModelFile() {
    }

    public static byte[] write(List<SeriesModel> series) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(series.size());
            for (SeriesModel s : series) {
                write(out, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalStateException when the bytes are not a series file of a known format */
    public static List<SeriesModel> read(byte[] file) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException("not a series file");
            }
            int format = in.readInt();
            if (format != FORMAT && format != FORMAT_BEFORE_MULTIPLICATIVE && format != FORMAT_BEFORE_KNOWN_FUTURE) {
                throw new IllegalStateException("series file format " + format + " is not known to this version");
            }
            int count = length(in.readInt());
            List<SeriesModel> series = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                series.add(read(in, format));
            }
            return series;
        } catch (IOException e) {
            throw new IllegalStateException("damaged series file: " + e.getMessage(), e);
        }
    }

    private static void write(DataOutputStream out, SeriesModel s) throws IOException {
        string(out, s.id());
        out.writeInt(s.points());
        out.writeBoolean(s.trained());
        if (!s.trained()) {
            string(out, s.failure());
            return;
        }
        string(out, s.method().name());
        string(out, s.candidate());
        string(out, s.reason());
        out.writeInt(s.members().size());
        for (int member : s.members()) {
            out.writeInt(member);
        }
        scaler(out, s.networkScale());
        string(out, s.representation().name());
        ModelVersion.Validation v = s.validation();
        out.writeInt(v.validationWindows());
        out.writeInt(v.trainWindows());
        out.writeInt(v.seasonalPeriod());
        out.writeDouble(v.maseScale());
        accuracy(out, v.model());
        accuracy(out, v.naive());
        accuracy(out, v.seasonalNaive());
        out.writeBoolean(v.beatsNaive());
        out.writeBoolean(v.beatsSeasonalNaive());
        out.writeInt(s.candidates().size());
        for (Map.Entry<String, Double> c : s.candidates().entrySet()) {
            string(out, c.getKey());
            out.writeDouble(c.getValue());
        }
        scaler(out, s.intervalScale());
        matrix(out, s.absResiduals());
        string(out, s.end());
        matrix(out, s.tail());
        array(out, s.forecast());
        out.writeBoolean(s.remainder() != null);
        if (s.remainder() != null) {
            string(out, s.remainder().name());
            out.writeBoolean(s.multiplicative());
        }
        out.writeBoolean(s.future() != null);
        if (s.future() != null) {
            matrix(out, s.future());
        }
    }

    private static SeriesModel read(DataInputStream in, int format) throws IOException {
        String id = string(in);
        int points = in.readInt();
        if (!in.readBoolean()) {
            return SeriesModel.failed(id, points, string(in));
        }
        Method method = Method.valueOf(string(in));
        String candidate = string(in);
        String reason = string(in);
        int memberCount = length(in.readInt());
        List<Integer> members = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            members.add(in.readInt());
        }
        Scaler networkScale = scaler(in, format);
        Representation representation = Representation.valueOf(string(in));
        ModelVersion.Validation validation = new ModelVersion.Validation(in.readInt(), in.readInt(), in.readInt(),
                in.readDouble(), accuracy(in), accuracy(in), accuracy(in), in.readBoolean(), in.readBoolean());
        int candidateCount = length(in.readInt());
        Map<String, Double> candidates = new LinkedHashMap<>();
        for (int i = 0; i < candidateCount; i++) {
            candidates.put(string(in), in.readDouble());
        }
        Scaler intervalScale = scaler(in, format);
        double[][] absResiduals = matrix(in);
        String end = string(in);
        double[][] tail = matrix(in);
        double[] forecast = array(in);
        Method remainder = null;
        boolean multiplicative = false;
        double[][] future = null;
        if (format != FORMAT_BEFORE_KNOWN_FUTURE) {
            if (in.readBoolean()) {
                remainder = Method.valueOf(string(in));
                multiplicative = format != FORMAT_BEFORE_MULTIPLICATIVE && in.readBoolean();
            }
            future = in.readBoolean() ? matrix(in) : null;
        }
        return new SeriesModel(id, null, method, candidate, reason, members, networkScale, representation, validation,
                candidates, intervalScale, absResiduals, points, end, tail, forecast, remainder, multiplicative, future);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[length(in.readInt())];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void accuracy(DataOutputStream out, Accuracy a) throws IOException {
        out.writeDouble(a.mae());
        out.writeDouble(a.rmse());
        out.writeDouble(a.mase());
        out.writeDouble(a.smape());
    }

    private static Accuracy accuracy(DataInputStream in) throws IOException {
        return new Accuracy(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    private static void scaler(DataOutputStream out, Scaler scaler) throws IOException {
        out.writeBoolean(scaler != null);
        if (scaler != null) {
            string(out, scaler.representation().name());
            out.writeInt(scaler.period());
            array(out, scaler.center());
            array(out, scaler.scale());
            out.writeInt(scaler.knownFuture());
            out.writeInt(scaler.lead());
        }
    }

    private static Scaler scaler(DataInputStream in, int format) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        Representation representation = Representation.valueOf(string(in));
        int period = in.readInt();
        double[] center = array(in);
        double[] scale = array(in);
        if (format == FORMAT_BEFORE_KNOWN_FUTURE) {
            return new Scaler(representation, period, center, scale);
        }
        return new Scaler(representation, period, center, scale, in.readInt(), in.readInt());
    }

    private static void matrix(DataOutputStream out, double[][] m) throws IOException {
        out.writeInt(m.length);
        for (double[] row : m) {
            array(out, row);
        }
    }

    private static double[][] matrix(DataInputStream in) throws IOException {
        double[][] m = new double[length(in.readInt())][];
        for (int i = 0; i < m.length; i++) {
            m[i] = array(in);
        }
        return m;
    }

    private static void array(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] array(DataInputStream in) throws IOException {
        double[] values = new double[length(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static int length(int n) throws IOException {
        if (n < 0 || n > MAX_LENGTH) {
            throw new IOException("implausible length " + n);
        }
        return n;
    }
}
