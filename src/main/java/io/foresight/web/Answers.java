package io.foresight.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * The answers of an operation for the OpenAPI document: the success answer (status, description and the example
 * body named by {@link #example()} in {@value ApiParts#RESOURCE}) and the error answers ({@link #problems()}, each an
 * RFC 9457 {@code application/problem+json} body). springdoc reads the meta-annotated {@link ApiResponse} (with an
 * empty example); {@link ApiParts#answers()} puts the named example in and adds the problems. The 401 is not listed:
 * every operation under {@code /api/} has it, by {@link ApiKeyFilter}'s rule ({@link ApiParts#keyAndPathParameters()}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(content = @Content(examples = @ExampleObject(value = "{}")))
@interface Answers {

    /** The success status; most answers are a plain 200. */
    @AliasFor(annotation = ApiResponse.class, attribute = "responseCode")
    String status() default "200";

    @AliasFor(annotation = ApiResponse.class, attribute = "description")
    String description();

    /**
     * The name of the example body under {@code examples} in {@value ApiParts#RESOURCE}; none for an answer without a
     * body. An example that is a string is a text body (its schema a string).
     */
    String example() default "";

    /** The body is a list of that example (a listing). */
    boolean list() default false;

    /** The error answers besides the 401. */
    ApiProblem[] problems() default {};
}
