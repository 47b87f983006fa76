package io.foresight.registry;

/** Published after a model's versions or aliases changed. */
public record RegistryChanged(String model) {
}
