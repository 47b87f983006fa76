package io.foresight.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.http.ProblemDetail;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/**
 * The error answers of the API for the OpenAPI document: each is an {@link ApiResponse} with an RFC 9457
 * {@code application/problem+json} body (a {@link ProblemDetail}) and an example, as a meta-annotation so that a
 * controller method declares them in one line each (springdoc reads meta-annotated {@code @ApiResponse}s).
 */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static final String PROBLEM_JSON = "application/problem+json";

    /** 400: the request is malformed or asks for something invalid; {@code detail} says what to fix. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "400", description = "Invalid request: the problem's `detail` says what to fix",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.BAD_REQUEST)))
    @interface BadRequest {
    }

    /** 400 for uploads: the CSV cannot be used. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "400", description = "The CSV cannot be used (no timestamp column, no numeric column,"
            + " irregular timestamps, ...): the problem's `detail` says what to fix",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.BAD_CSV)))
    @interface BadCsv {
    }

    /**
     * 401 when {@code foresight.api-key} is set and the request lacks {@code Authorization: Bearer <key>};
     * also marks the operation as needing the bearer key.
     */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @SecurityRequirement(name = OpenApiConfiguration.BEARER)
    @ApiResponse(responseCode = "401", description = "The API key is configured and the request did not send"
            + " `Authorization: Bearer <key>`",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.UNAUTHORIZED)))
    @interface Unauthorized {
    }

    /** 401 only when {@code foresight.api-key-for-reads=true} (forecasts and other reads). */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @SecurityRequirement(name = OpenApiConfiguration.BEARER)
    @ApiResponse(responseCode = "401", description = "Only when the API key is configured and"
            + " `foresight.api-key-for-reads=true`: the request did not send `Authorization: Bearer <key>`",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.UNAUTHORIZED)))
    @interface UnauthorizedRead {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "404", description = "No dataset with this id",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.NOT_FOUND_DATASET)))
    @interface DatasetNotFound {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "404", description = "No such model, version or alias",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.NOT_FOUND_MODEL)))
    @interface ModelNotFound {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "404", description = "No such model or version",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.NOT_FOUND_VERSION)))
    @interface VersionNotFound {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "404", description = "No training job with this id",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.NOT_FOUND_JOB)))
    @interface JobNotFound {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "409", description = "The version is the target of an alias; point the alias"
            + " elsewhere first",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.CONFLICT_ALIASED)))
    @interface VersionAliased {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "409", description = "The job has already ended",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.CONFLICT_ENDED)))
    @interface JobEnded {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "413", description = "The upload is larger than"
            + " `spring.servlet.multipart.max-file-size`",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.TOO_LARGE)))
    @interface TooLarge {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "422", description = "The forecast or one of its bounds would not be a finite number"
            + " (values too large for the model's arithmetic); the `detail` says where they came from",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.NOT_REPRESENTABLE)))
    @interface NotRepresentable {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "429", description = "The training queue is full; retry after the `Retry-After`"
            + " seconds",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(value = ApiExamples.BUSY)))
    @interface QueueFull {
    }
}
