package io.foresight.training;

/** A training that could not produce a model, with a reason a person can act on. */
public class TrainingFailedException extends RuntimeException {

    TrainingFailedException(String message) {
        super(message);
    }
}
