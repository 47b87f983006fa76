package io.foresight.anomaly;

/** Published when {@code count} new observations of {@code model} were flagged as anomalies and stored. */
public record AnomaliesFound(String model, int version, int count) {
}
