package io.foresight.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.foresight.window.Scaler;

/**
 * A trained network with its scaler. Forecasts run through {@link RecurrentInference} (plain Java, no lock,
 * concurrent calls in parallel) when the network has a shape it knows (every network the service makes);
 * otherwise (a DL4J network of another shape) through {@code MultiLayerNetwork.output}, which is not safe to call
 * from several threads at once (DL4J issue 9993), so those calls on one instance are serialised.
 *
 * <p>For a global network (one network trained on the windows of many series, each encoded by its own series'
 * scaler), {@link #withScaler} gives the forecaster of one series: the same network and inference, that series'
 * scaler.
 */
public final class NetworkForecaster implements Forecaster {

    private final Network network;
    private final Scaler scaler;
    private final int window;
    private final int horizon;
    /** The Java forward pass of {@code network} (a snapshot of its weights), or null to use {@code output}. */
    private final RecurrentInference inference;

    public NetworkForecaster(Network network, Scaler scaler, int window, int horizon) {
        this(network, scaler, window, horizon, RecurrentInference.of(network).orElse(null));
    }

    private NetworkForecaster(Network network, Scaler scaler, int window, int horizon, RecurrentInference inference) {
        this.network = network;
        this.scaler = scaler;
        this.window = window;
        this.horizon = horizon;
        this.inference = inference;
    }

    /**
     * The same network (and its weights' snapshot, shared: nothing is copied) with another scaler: a global
     * network's forecaster for one series, whose inputs that series' scaler encodes and whose outputs it decodes.
     */
    public NetworkForecaster withScaler(Scaler scaler) {
        return new NetworkForecaster(network, scaler, window, horizon, inference);
    }

    /** A stored network ({@link Networks#configBytes}, {@link Networks#paramBytes}) restored with its scaler. */
    public static NetworkForecaster restore(byte[] configuration, byte[] parameters, Scaler scaler, int window, int horizon) {
        return new NetworkForecaster(Networks.restore(configuration, parameters), scaler, window, horizon);
    }

    /** History needed: the input window, plus one season for seasonal representations. */
    @Override
    public int window() {
        return scaler.lookback(window);
    }

    /** The input window it reads, without the season a seasonal representation adds ({@link #window}). */
    public int inputWindow() {
        return window;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    public Network network() {
        return network;
    }

    /** How it encodes its inputs and decodes its outputs. */
    public Scaler scaler() {
        return scaler;
    }

    @Override
    public double[][] forecast(double[][] channels, int[] ends) {
        float[][][] inputs = new float[ends.length][][];
        for (int i = 0; i < ends.length; i++) {
            inputs[i] = scaler.encodeInput(channels, ends[i], window);
        }
        float[][] outputs = predict(inputs);
        double[][] values = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            values[i] = scaler.decode(channels[0], ends[i], outputs[i]);
        }
        return values;
    }

    /** Raw network outputs in model units for encoded inputs [window][channel][step]. */
    public float[][] predict(float[][][] inputs) {
        if (inference != null) {
            // the same outputs bit for bit; several windows (the held-back origins at training) run together
            return inputs.length > 1 ? inference.predictBatch(inputs) : inference.predict(inputs);
        }
        INDArray input = Nd4j.create(inputs);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork dl4j = network.dl4j().orElseThrow();
        synchronized (dl4j) {
            INDArray output = dl4j.output(input, false);
            return output.toFloatMatrix();
        }
    }
}
