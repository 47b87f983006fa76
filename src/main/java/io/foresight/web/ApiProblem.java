package io.foresight.web;

/**
 * The kinds of error answer the API documents (see {@link Answers#problems()}); each one's status, description and example
 * are under {@code problems} in {@value ApiParts#RESOURCE}, by name.
 */
enum ApiProblem {
    BAD_REQUEST, BAD_CSV, UNAUTHORIZED, UNAUTHORIZED_READ, DATASET_NOT_FOUND, MODEL_NOT_FOUND, VERSION_NOT_FOUND,
    JOB_NOT_FOUND, VERSION_ALIASED, JOB_ENDED, TOO_LARGE, NOT_REPRESENTABLE, QUEUE_FULL,
    TRAINING_DATA_GONE
}
