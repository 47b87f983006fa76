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
 * A success answer of an operation for the OpenAPI document: its status, description and example body, the
 * example named by {@link #example()} in {@value ApiParts#RESOURCE} (a list of it when {@link #list()}). springdoc
 * reads the meta-annotated {@link ApiResponse} (with an empty example); {@link ApiParts#answers()} puts the named
 * example in.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(content = @Content(examples = @ExampleObject(value = "{}")))
@interface Answer {

    @AliasFor(annotation = ApiResponse.class, attribute = "responseCode")
    String status();

    @AliasFor(annotation = ApiResponse.class, attribute = "description")
    String description();

    /** The name of the example body under {@code examples} in {@value ApiParts#RESOURCE}. */
    String example();

    /** The body is a list of that example (a listing). */
    boolean list() default false;
}
