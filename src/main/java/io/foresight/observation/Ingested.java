package io.foresight.observation;

/**
 * What a request stored: {@code points} observations of {@code series} series, checked against {@code version} (the
 * production version), and whether they replaced stored observations from their first timestamp on.
 */
public record Ingested(String model, int version, int points, int series, boolean replace) {
}
