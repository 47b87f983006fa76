package io.foresight.forecast;

/**
 * Published after every forecast request. {@code model} is the model's name when it exists, else
 * {@code "unknown"} (so that made-up names cannot blow up metric cardinality); {@code outcome} is
 * {@code success}, {@code rejected} (a 4xx) or {@code error}.
 */
public record ForecastServed(String model, String outcome, long nanos) {
}
