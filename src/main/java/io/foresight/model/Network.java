package io.foresight.model;

import java.util.Optional;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A recurrent network as the service trains ({@link RecurrentTraining}), serves ({@link RecurrentInference}) and
 * stores it ({@link Networks#configBytes}, {@link Networks#paramBytes}). LSTM and SimpleRNN networks are DL4J's
 * {@link MultiLayerNetwork}s, stored as DL4J's configuration JSON (the format of every version stored before GRU);
 * GRU and BIDIRECTIONAL networks, which a MultiLayerNetwork cannot express, are {@link OwnNetwork}s. Neither
 * format involves Java serialization.
 */
public sealed interface Network permits Network.Dl4j, OwnNetwork {

    /** LSTM or SIMPLE_RNN layers in a DL4J network of {@link Networks#build}'s shape. */
    record Dl4j(MultiLayerNetwork network) implements Network {
    }

    /** DL4J's network, or empty for the service's own format. */
    default Optional<MultiLayerNetwork> dl4j() {
        return this instanceof Dl4j d ? Optional.of(d.network()) : Optional.empty();
    }
}
