package io.foresight.registry;

import io.foresight.ForesightException;

/**
 * A stored version that cannot be trusted: one of its files is missing or does not match the SHA-256
 * checksum the registry recorded when it wrote the version. Such a version is never loaded; the request
 * fails with this message instead of being answered by a damaged or swapped network.
 */
public class ModelIntegrityException extends ForesightException {

    public ModelIntegrityException(String detail) {
        super(Kind.CONFLICT, "Model version failed its integrity check", detail);
    }
}
