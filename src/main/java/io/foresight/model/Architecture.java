package io.foresight.model;

/**
 * What a training request may ask for; {@code AUTO} trains several candidates and keeps the best on validation.
 * {@code GRU} and {@code BIDIRECTIONAL} are asked for by name only: AUTO's candidates stay LSTM and SimpleRNN.
 */
public enum Architecture {
    LSTM, SIMPLE_RNN,
    /** Gated recurrent units (Cho et al., with the reset gate applied after the recurrent product, as cuDNN/PyTorch). */
    GRU,
    /** An LSTM reading the window forwards and one reading it backwards, each summarised after the whole window. */
    BIDIRECTIONAL,
    AUTO
}
