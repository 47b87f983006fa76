package io.foresight.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the recurrent networks and turns them into bytes and back. A network is stored as its configuration
 * JSON (DL4J's for LSTM and SimpleRNN, {@link OwnNetwork.Configuration} for GRU and BIDIRECTIONAL) plus its
 * parameters in ND4J's binary array format: no Java serialization is involved, so loading a stored network
 * cannot execute code.
 */
public final class Networks {

    private Networks() {
    }

    /** A new network of {@code method} with seeded initial parameters: DL4J's ({@link #build}) or {@link OwnNetwork}'s. */
    public static Network initial(Method method, int channels, TrainingSettings settings, long seed) {
        return switch (method) {
            case LSTM, SIMPLE_RNN -> new Network.Dl4j(build(method, channels, settings, seed));
            case GRU, BIDIRECTIONAL -> OwnNetwork.initial(method, channels, settings, seed);
            default -> throw new IllegalArgumentException(method + " is not a network");
        };
    }

    /**
     * Stacked SimpleRNN or LSTM layers over input [batch, channels, window] (NCW), the last one reduced to
     * its last time step, then a linear layer that predicts the whole horizon at once.
     */
    public static MultiLayerNetwork build(Method method, int channels, TrainingSettings settings, long seed) {
        if (method != Method.LSTM && method != Method.SIMPLE_RNN) {
            throw new IllegalArgumentException("DL4J's MultiLayerNetwork has no " + method + " layer; see OwnNetwork");
        }
        List<Integer> layers = settings.layers();
        double keep = 1.0 - settings.dropout();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(settings.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .list();
        for (int i = 0; i < layers.size(); i++) {
            BaseRecurrentLayer.Builder<?> builder = method == Method.LSTM ? new LSTM.Builder() : new SimpleRnn.Builder();
            builder.nOut(layers.get(i)).activation(Activation.TANH).dataFormat(RNNFormat.NCW);
            if (i > 0 && keep < 1.0) {
                builder.dropOut(keep); // DL4J's dropOut is the probability of keeping an activation
            }
            BaseRecurrentLayer layer = builder.build();
            list.layer(i == layers.size() - 1 ? new LastTimeStep(layer) : layer);
        }
        OutputLayer.Builder output = new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY)
                .nOut(settings.horizon());
        if (keep < 1.0) {
            output.dropOut(keep);
        }
        list.layer(output.build());
        MultiLayerConfiguration conf = list
                .setInputType(InputType.recurrent(channels, settings.window(), RNNFormat.NCW))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** The stored configuration of {@code network}: DL4J's configuration JSON, or {@link OwnNetwork}'s record. */
    public static byte[] configBytes(Network network) {
        if (network instanceof OwnNetwork own) {
            return own.configBytes();
        }
        MultiLayerNetwork dl4j = ((Network.Dl4j) network).network();
        return dl4j.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** The stored parameters of {@code network}: one ND4J binary array. */
    public static byte[] paramBytes(Network network) {
        if (network instanceof OwnNetwork own) {
            return own.paramBytes();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(((Network.Dl4j) network).network().params(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Rebuilds a network from {@link #configBytes} and {@link #paramBytes}, whichever of the two formats they are. */
    public static Network restore(byte[] config, byte[] params) {
        if (OwnNetwork.isOwn(config)) {
            return OwnNetwork.restore(config, params);
        }
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(new String(config, StandardCharsets.UTF_8));
        INDArray values;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            values = Nd4j.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init(values.reshape(1, values.length()), false);
        return new Network.Dl4j(network);
    }
}
