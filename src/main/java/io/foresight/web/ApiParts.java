package io.foresight.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of the OpenAPI document that are data rather than code, read from {@value #RESOURCE}: the example
 * bodies of the success answers, the error answers (both from {@link Answers}; and the 401 of every
 * operation: status, description, example problem) and the descriptions and examples of the path variables (by the
 * path segment they follow, e.g. {@code models/{name}}) and of the query parameters several operations share
 * ({@code horizon}, {@code version}, {@code alias}, {@code levels}, the listings' {@code page} and {@code size}; by name,
 * where an operation does not describe its own).
 */
final class ApiParts {

    static final String RESOURCE = "openapi/api-parts.json";

    static final String PROBLEM_JSON = "application/problem+json";

    private final Map<String, Object> examples;
    private final Map<ApiProblem, Map<String, Object>> problems = new EnumMap<>(ApiProblem.class);
    private final Map<String, Map<String, Object>> pathParameters;
    private final Map<String, Map<String, Object>> queryParameters;

    @SuppressWarnings("unchecked")
    ApiParts() {
        Map<String, Object> parts;
        try (InputStream in = ApiParts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            parts = JsonMapper.builder().build().readValue(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        examples = (Map<String, Object>) parts.get("examples");
        pathParameters = (Map<String, Map<String, Object>>) parts.get("pathParameters");
        queryParameters = (Map<String, Map<String, Object>>) parts.get("queryParameters");
        Map<String, Map<String, Object>> byName = (Map<String, Map<String, Object>>) parts.get("problems");
        for (ApiProblem problem : ApiProblem.values()) {
            problems.put(problem, required(byName, problem.name(), "problems"));
        }
    }

    /** Puts in the example of the success answer of {@link Answers} and adds its problems. */
    OperationCustomizer answers() {
        return (operation, handlerMethod) -> {
            Answers answers = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), Answers.class);
            if (answers == null) {
                return operation;
            }
            ApiResponse success = operation.getResponses().get(answers.status());
            if (answers.example().isEmpty()) {
                success.setContent(null);
            } else {
                Object example = required(examples, answers.example(), "examples");
                Object body = answers.list() ? List.of(example) : example;
                success.getContent().values().forEach(media -> {
                    media.setExample(body);
                    if (body instanceof String) {
                        media.setSchema(new StringSchema());
                    }
                });
            }
            for (ApiProblem problem : answers.problems()) {
                add(operation, problems.get(problem));
            }
            return operation;
        };
    }

    private static void add(Operation operation, Map<String, Object> problem) {
        String status = (String) problem.get("status");
        MediaType body = new MediaType().schema(new Schema<>().$ref("ProblemDetail")).example(problem.get("example"));
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation.getResponses().addApiResponse(status, new ApiResponse()
                .description((String) problem.get("description")).content(new Content().addMediaType(PROBLEM_JSON, body)));
        if (status.equals("401")) {
            operation.addSecurityItem(new SecurityRequirement().addList(OpenApiConfiguration.BEARER));
        }
    }

    /**
     * Per operation under {@code /api/}: the 401 answer and the bearer key requirement, as {@link ApiKeyFilter}
     * decides which requests need the key ({@link ApiProblem#UNAUTHORIZED} for those that change state,
     * {@link ApiProblem#UNAUTHORIZED_READ} for the others); and the descriptions of the path variables that have
     * none of their own.
     */
    OpenApiCustomizer keyAndPathParameters() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (path.startsWith("/api/")) {
                add(operation, problems.get(ApiKeyFilter.changesState(method.name(), path) ? ApiProblem.UNAUTHORIZED
                        : ApiProblem.UNAUTHORIZED_READ));
            }
            for (Parameter parameter : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
                if ("path".equals(parameter.getIn()) && parameter.getDescription() == null) {
                    Map<String, Object> doc = required(pathParameters, segment(path, parameter.getName()), "pathParameters");
                    parameter.description((String) doc.get("description")).example(doc.get("example"));
                } else if ("query".equals(parameter.getIn()) && parameter.getDescription() == null
                        && queryParameters.containsKey(parameter.getName())) {
                    Map<String, Object> doc = queryParameters.get(parameter.getName());
                    parameter.description((String) doc.get("description")).example(doc.get("example"));
                }
            }
        }));
    }

    /** {@code models/{name}} for {@code name} in {@code /api/v1/models/{name}/forecast}. */
    private static String segment(String path, String name) {
        String variable = "{" + name + "}";
        int at = path.indexOf("/" + variable);
        return path.substring(path.lastIndexOf('/', at - 1) + 1, at) + "/" + variable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T required(Map<String, ?> map, String key, String section) {
        Object value = map == null ? null : map.get(key);
        if (value == null) {
            throw new IllegalStateException(RESOURCE + " has no " + section + "." + key);
        }
        return (T) value;
    }
}
