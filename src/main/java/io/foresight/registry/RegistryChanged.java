package io.foresight.registry;

/**
 * Published after a model's versions or aliases changed; {@code deleted} when the change removed the model (its last
 * version, or the whole model), so that what hangs on it goes too.
 */
public record RegistryChanged(String model, boolean deleted) {

    public RegistryChanged(String model) {
        this(model, false);
    }
}
