package io.foresight.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error answers of an operation for the OpenAPI document: each an RFC 9457 {@code application/problem+json}
 * body with the status, description and example that {@value ApiParts#RESOURCE} gives the {@link ApiProblem};
 * {@link ApiParts#answers()} adds them (and the bearer key requirement with a 401).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface Problems {

    ApiProblem[] value();
}
