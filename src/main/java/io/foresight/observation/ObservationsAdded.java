package io.foresight.observation;

/** Published when observations of {@code model} were stored: {@code points} new actual values. */
public record ObservationsAdded(String model, int version, int points) {
}
