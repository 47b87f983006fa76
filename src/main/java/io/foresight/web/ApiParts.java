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
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of the OpenAPI document that are data rather than code, read from {@value #RESOURCE}: the example
 * bodies of the success answers ({@link Answer}), the error answers ({@link Problems}: status, description, example
 * problem) and the descriptions and examples of the path variables (by the path segment they follow, e.g.
 * {@code models/{name}}).
 */
final class ApiParts {

    static final String RESOURCE = "openapi/api-parts.json";

    static final String PROBLEM_JSON = "application/problem+json";

    private final Map<String, Object> examples;
    private final Map<ApiProblem, Map<String, Object>> problems = new EnumMap<>(ApiProblem.class);
    private final Map<String, Map<String, Object>> pathParameters;

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
        Map<String, Map<String, Object>> byName = (Map<String, Map<String, Object>>) parts.get("problems");
        for (ApiProblem problem : ApiProblem.values()) {
            problems.put(problem, required(byName, problem.name(), "problems"));
        }
    }

    /** Puts in the examples of {@link Answer}s and adds the answers of {@link Problems}. */
    OperationCustomizer answers() {
        return (operation, handlerMethod) -> {
            Answer answer = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), Answer.class);
            if (answer != null) {
                Object example = required(examples, answer.example(), "examples");
                Object body = answer.list() ? List.of(example) : example;
                operation.getResponses().get(answer.status()).getContent().values().forEach(m -> m.setExample(body));
            }
            Problems listed = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), Problems.class);
            if (listed != null) {
                for (ApiProblem problem : listed.value()) {
                    add(operation, problems.get(problem));
                }
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
        if (status.equals("401") && operation.getSecurity() == null) {
            operation.addSecurityItem(new SecurityRequirement().addList(OpenApiConfiguration.BEARER));
        }
    }

    /** Describes the path variables that have no description of their own. */
    OpenApiCustomizer pathParameters() {
        return openApi -> {
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                for (Parameter parameter : operation.getParameters() == null ? List.<Parameter>of()
                        : operation.getParameters()) {
                    if ("path".equals(parameter.getIn()) && parameter.getDescription() == null) {
                        Map<String, Object> doc = required(pathParameters, segment(path, parameter.getName()),
                                "pathParameters");
                        parameter.description((String) doc.get("description")).example(doc.get("example"));
                    }
                }
            }));
        };
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
