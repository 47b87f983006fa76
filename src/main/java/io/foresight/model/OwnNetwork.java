package io.foresight.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import io.foresight.model.RecurrentInference.Cell;
import io.foresight.model.RecurrentInference.Parsed;
import io.foresight.model.RecurrentInference.Recurrent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GRU or BIDIRECTIONAL network in the service's own format: DL4J 1.0.0-M2.1 has no GRU layer for a
 * MultiLayerNetwork (a GRU exists only as a SameDiff op), and its {@code LastTimeStep(Bidirectional(LSTM))} would
 * summarise the backward direction after reading only the window's last value. Stored as a JSON
 * {@link Configuration} plus the parameters as one ND4J binary float array, like DL4J networks: no Java
 * serialization, so loading a stored network cannot execute code.
 *
 * <p>The architecture: stacked recurrent layers over the input window (NCW), the top one summarised, then an
 * identity output layer predicting the whole horizon.
 * <ul>
 * <li>{@code GRU}: per step, with {@code zx = x W + b} and {@code zh = h' RW} split into blocks [reset, update,
 * candidate] of {@code n}: {@code r = sigmoid(zx_r + zh_r)}, {@code u = sigmoid(zx_u + zh_u)},
 * {@code c = tanh(zx_c + r * zh_c)}, {@code h = u * h' + (1 - u) * c}. The reset gate applies <em>after</em> the
 * recurrent product (the convention of cuDNN, PyTorch and Keras' {@code reset_after=True}, and of ND4J's
 * {@code gru} op, which is the test reference), with one bias, on the input side. The summary is the last step.</li>
 * <li>{@code BIDIRECTIONAL}: every layer is two LSTMs (DL4J's LSTM cell, gate blocks [a, f, o, i]), one reading the
 * sequence forwards and one backwards; a layer's output at step t is [forward h(t), backward h(t)]. The summary
 * is [forward state after the last step, backward state after the first step]: each direction's state after
 * reading the whole window (Keras' {@code Bidirectional(LSTM(return_sequences=False))}).</li>
 * </ul>
 * Parameters, flat, per layer and direction (forward first): W [nIn][gates], RW [units][gates], b [gates], each
 * row-major; then the output layer's W [hidden][horizon] and b [horizon].
 *
 * @param configuration what the network is
 * @param parameters    every parameter, in the layout above (not copied: treat as immutable)
 */
public record OwnNetwork(Configuration configuration, float[] parameters) implements Network {

    /** The value of {@link Configuration#format} this class writes and reads. */
    public static final String FORMAT = "foresight-recurrent-1";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The stored description of an {@link OwnNetwork}: its architecture and the Adam settings and element-wise
     * gradient clip it trains with (what DL4J's configuration JSON records for its networks).
     */
    public record Configuration(String format, Method method, int channels, List<Integer> layers, int horizon,
            double learningRate, double beta1, double beta2, double epsilon, double gradientClip) {

        public Configuration {
            layers = List.copyOf(layers);
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException("unknown network format " + format);
            }
            if (method != Method.GRU && method != Method.BIDIRECTIONAL) {
                throw new IllegalArgumentException("the own network format holds GRU or BIDIRECTIONAL, not " + method);
            }
            if (channels < 1 || horizon < 1 || layers.isEmpty() || layers.stream().anyMatch(n -> n == null || n < 1)) {
                throw new IllegalArgumentException("network sizes must be positive");
            }
        }

        int directions() {
            return method == Method.BIDIRECTIONAL ? 2 : 1;
        }

        Cell cell() {
            return method == Method.GRU ? Cell.GRU : Cell.LSTM;
        }

        /** Number of parameters in the flat layout. */
        int parameterCount() {
            int count = 0;
            int nIn = channels;
            for (int units : layers) {
                int gates = cell().gates(units);
                count += directions() * ((nIn + units + 1) * gates);
                nIn = units * directions();
            }
            return count + (nIn + 1) * horizon;
        }
    }

    public OwnNetwork {
        if (parameters.length != configuration.parameterCount()) {
            throw new IllegalArgumentException("expected " + configuration.parameterCount() + " parameters, got "
                    + parameters.length);
        }
    }

    /**
     * A new network with seeded initial parameters: weights Xavier-normal as DL4J's {@code WeightInit.XAVIER}
     * (standard deviation sqrt(2 / (fan in + fan out))), biases zero except the LSTM forget gate's, which starts at
     * 1 as in DL4J's LSTM.
     */
    public static OwnNetwork initial(Method method, int channels, TrainingSettings settings, long seed) {
        Adam adam = new Adam(settings.learningRate());
        Configuration configuration = new Configuration(FORMAT, method, channels, settings.layers(), settings.horizon(),
                adam.getLearningRate(), adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), 1.0);
        SplittableRandom random = new SplittableRandom(seed);
        float[] flat = new float[configuration.parameterCount()];
        int p = 0;
        int nIn = channels;
        Cell cell = configuration.cell();
        for (int units : configuration.layers()) {
            int gates = cell.gates(units);
            for (int d = 0; d < configuration.directions(); d++) {
                p = gaussian(flat, p, nIn * gates, Math.sqrt(2.0 / (nIn + units)), random);
                p = gaussian(flat, p, units * gates, Math.sqrt(2.0 / (units + units)), random);
                if (cell == Cell.LSTM) {
                    for (int k = 0; k < units; k++) {
                        flat[p + units + k] = 1f; // forget gate block [n, 2n)
                    }
                }
                p += gates;
            }
            nIn = units * configuration.directions();
        }
        gaussian(flat, p, nIn * settings.horizon(), Math.sqrt(2.0 / (nIn + settings.horizon())), random);
        return new OwnNetwork(configuration, flat);
    }

    private static int gaussian(float[] into, int from, int count, double deviation, SplittableRandom random) {
        for (int i = 0; i < count; i++) {
            into[from + i] = (float) (gaussian(random) * deviation);
        }
        return from + count;
    }

    /** A standard normal draw (Box-Muller), from {@code random} alone so that a seed fixes the network. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** The Adam settings it trains with. */
    Adam adam() {
        return new Adam(configuration.learningRate(), configuration.beta1(), configuration.beta2(), configuration.epsilon());
    }

    /** Its weights as rows (copies), the form {@link RecurrentInference} and {@link RecurrentTraining} work on. */
    Parsed weights() {
        Cell cell = configuration.cell();
        int directions = configuration.directions();
        List<Recurrent> layers = new ArrayList<>();
        int p = 0;
        int nIn = configuration.channels();
        for (int units : configuration.layers()) {
            int gates = cell.gates(units);
            for (int d = 0; d < directions; d++) {
                float[][] w = new float[nIn][gates];
                p = read(w, p);
                float[][] rw = new float[units][gates];
                p = read(rw, p);
                float[] b = new float[gates];
                System.arraycopy(parameters, p, b, 0, gates);
                p += gates;
                layers.add(new Recurrent(cell, nIn, units, w, rw, b));
            }
            nIn = units * directions;
        }
        float[][] outW = new float[nIn][configuration.horizon()];
        p = read(outW, p);
        float[] outB = new float[configuration.horizon()];
        System.arraycopy(parameters, p, outB, 0, outB.length);
        return new Parsed(layers.toArray(Recurrent[]::new), directions, outW, outB);
    }

    private int read(float[][] rows, int p) {
        for (float[] row : rows) {
            System.arraycopy(parameters, p, row, 0, row.length);
            p += row.length;
        }
        return p;
    }

    /** This network with {@code weights} (of the same shape) as its parameters. */
    OwnNetwork with(Parsed weights) {
        float[] flat = new float[parameters.length];
        int p = 0;
        for (Recurrent layer : weights.layers()) {
            p = write(layer.w(), flat, p);
            p = write(layer.rw(), flat, p);
            p = write(new float[][] {layer.b()}, flat, p);
        }
        p = write(weights.outW(), flat, p);
        write(new float[][] {weights.outB()}, flat, p);
        return new OwnNetwork(configuration, flat);
    }

    private static int write(float[][] rows, float[] flat, int p) {
        for (float[] row : rows) {
            System.arraycopy(row, 0, flat, p, row.length);
            p += row.length;
        }
        return p;
    }

    byte[] configBytes() {
        return JSON.writeValueAsBytes(configuration);
    }

    byte[] paramBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(Nd4j.create(parameters, new long[] {1, parameters.length}, DataType.FLOAT), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Whether {@code config} is this format's configuration (else it is DL4J's). */
    static boolean isOwn(byte[] config) {
        JsonNode tree = JSON.readTree(config);
        return tree.isObject() && tree.has("format");
    }

    /** Reads {@link #configBytes} and {@link #paramBytes} back. */
    static OwnNetwork restore(byte[] config, byte[] params) {
        Configuration configuration = JSON.readValue(config, Configuration.class);
        INDArray values;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            values = Nd4j.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OwnNetwork(configuration, values.castTo(DataType.FLOAT).reshape(values.length()).toFloatVector());
    }
}
