package io.foresight.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The OpenAPI document's frame (springdoc serves it at {@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}): title, tags, the bearer API key, and an exact schema for RFC 9457 problems.
 * The operations are described by annotations on the controllers, with the parts that are data (example bodies,
 * error answers, path variables) in {@value ApiParts#RESOURCE}. {@code docs/openapi.json} is a checked-in copy
 * that {@code OpenApiDocumentTest} keeps in step.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Foresight API", version = "v1",
                description = "Neural time-series forecasting: upload a CSV as a dataset, train recurrent networks"
                        + " (LSTM, SimpleRNN) against naive baselines, keep versions in a registry with aliases,"
                        + " and forecast with 80 % / 95 % intervals. Errors are RFC 9457 problems"
                        + " (`application/problem+json`) whose `detail` says what to fix. When `foresight.api-key`"
                        + " is set, requests under `/api/` that change state need `Authorization: Bearer <key>`."),
        tags = {
                @Tag(name = "Datasets", description = "CSV time series: upload, list, delete"),
                @Tag(name = "Training jobs", description = "Background training: start, follow, cancel"),
                @Tag(name = "Models", description = "The registry: versions, their backtests, aliases"),
                @Tag(name = "Forecasts", description = "Forecasts with intervals from a model version"),
                @Tag(name = "Observations", description = "Actual values after training: store them, list them")})
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The key configured as `foresight.api-key` (env `FORESIGHT_API_KEY`)")
class OpenApiConfiguration {

    static final String BEARER = "apiKey";

    private final ApiParts parts = new ApiParts();

    /** The examples of the success answers and the error answers ({@link Answers}). */
    @Bean
    OperationCustomizer answers() {
        return parts.answers();
    }

    /** The 401 answers and the key requirement by {@link ApiKeyFilter}'s rule; the path variables' descriptions. */
    @Bean
    OpenApiCustomizer keyAndPathParameters() {
        return parts.keyAndPathParameters();
    }

    /**
     * Describes {@code ProblemDetail} as it is written (extension members at the top level), not as the Java
     * class looks (springdoc would show a {@code properties} member that never appears on the wire).
     */
    @Bean
    OpenApiCustomizer problemDetailSchema() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            Map<String, Schema> properties = new LinkedHashMap<>();
            properties.put("type", new StringSchema().format("uri").description("A URI naming the kind of problem;"
                    + " `about:blank` when the status says it all"));
            properties.put("title", new StringSchema().description("A short summary of the kind of problem")
                    .example("Invalid request"));
            properties.put("status", new IntegerSchema().description("The HTTP status").example(400));
            properties.put("detail", new StringSchema().description("What went wrong with this request and how to"
                    + " fix it").example("'horizon' must be between 1 and 1000; got 0."));
            properties.put("instance", new StringSchema().format("uri").description("The request path")
                    .example("/api/v1/models/air/forecast"));
            Schema<Object> problem = new ObjectSchema();
            problem.setDescription("An RFC 9457 problem (`application/problem+json`)");
            problem.setProperties(properties);
            problem.setAdditionalProperties(Boolean.TRUE);
            openApi.getComponents().addSchemas("ProblemDetail", problem);
        };
    }

    /**
     * Describes an observation's point as it is sent: {@code timestamp}, {@code value} and, for a model that reads
     * feature columns or future features, their values as further members by column name (springdoc would show the
     * Java record's {@code columns} map, a member that is never sent).
     */
    @Bean
    OpenApiCustomizer observationPointSchema() {
        return openApi -> {
            Schema<?> point = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null ? null
                    : openApi.getComponents().getSchemas().get("Point");
            if (point == null || point.getProperties() == null || point.getProperties().remove("columns") == null) {
                return;
            }
            point.setDescription("An actual value: its timestamp, the target's value and, for a model that reads"
                    + " feature columns or future features, each of their values by column name, e.g."
                    + " `{\"timestamp\": \"2000-08-28\", \"value\": 1512.4, \"promo\": 1}`");
            point.setAdditionalProperties(new io.swagger.v3.oas.models.media.NumberSchema().description(
                    "The value of a feature column or future feature the model reads"));
        };
    }
}
