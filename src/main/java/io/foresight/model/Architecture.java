package io.foresight.model;

/** What a training request may ask for; {@code AUTO} trains several candidates and keeps the best on validation. */
public enum Architecture {
    LSTM, SIMPLE_RNN, AUTO
}
