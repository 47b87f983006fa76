package io.foresight.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.foresight.window.Scaler;

/**
 * A trained network with its scaler. Forecasts run through {@link RecurrentInference} (plain Java, no lock,
 * concurrent calls in parallel) when the network has the shape {@link Networks#build} makes; otherwise
 * through {@code MultiLayerNetwork.output}, which is not safe to call from several threads at once (DL4J issue
 * 9993), so those calls on one instance are serialised.
 */
public final class NetworkForecaster implements Forecaster {

    private final MultiLayerNetwork network;
    private final Scaler scaler;
    private final int window;
    private final int horizon;
    /** The Java forward pass of {@code network} (a snapshot of its weights), or null to use {@code output}. */
    private final RecurrentInference inference;

    public NetworkForecaster(MultiLayerNetwork network, Scaler scaler, int window, int horizon) {
        this.network = network;
        this.scaler = scaler;
        this.window = window;
        this.horizon = horizon;
        this.inference = RecurrentInference.of(network).orElse(null);
    }

    private NetworkForecaster(MultiLayerNetwork network, Scaler scaler, int window, int horizon, RecurrentInference inference) {
        this.network = network;
        this.scaler = scaler;
        this.window = window;
        this.horizon = horizon;
        this.inference = inference;
    }

    /**
     * The same network, sharing its weights, with another scaler: a global network forecasting one series, whose
     * values it encodes and decodes in that series' own units.
     */
    public NetworkForecaster withScaler(Scaler other) {
        return new NetworkForecaster(network, other, window, horizon, inference);
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

    @Override
    public int horizon() {
        return horizon;
    }

    public MultiLayerNetwork network() {
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
            return inference.predict(inputs);
        }
        INDArray input = Nd4j.create(inputs);
        synchronized (network) {
            INDArray output = network.output(input, false);
            return output.toFloatMatrix();
        }
    }
}
