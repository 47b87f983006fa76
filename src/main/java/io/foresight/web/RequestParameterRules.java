package io.foresight.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import io.foresight.ForesightException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one place that decides whether the path and query values of an API request are well formed, for every endpoint
 * from its declared parameters, before Spring converts them (Spring's conversion is lenient: see
 * {@link NumberGrammar}; a repeated parameter silently became its first value, an empty one silently "not given"):
 * <ul>
 * <li>a query parameter the endpoint does not declare is refused (as unknown JSON fields are), so that a typo such
 * as {@code verison=2} is not silently the default;</li>
 * <li>a parameter of a single value given more than once, or given empty ({@code levels=}, {@code alias=}), is
 * refused; list parameters ({@code levels}) may repeat or list values with commas, none of them empty;</li>
 * <li>a number (path or query) must follow {@link NumberGrammar}: whole numbers for {@code int}/{@code Integer}/
 * {@code long}, decimals for {@code double}/{@code Double}, within the type's range;</li>
 * <li>a boolean is {@code true} or {@code false}, nothing else.</li>
 * </ul>
 * The query string itself was already read strictly by {@link RequestSyntaxValve}.
 */
final class RequestParameterRules implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            check(request, method);
        }
        return true;
    }

    private static void check(HttpServletRequest request, HandlerMethod method) {
        Set<String> declared = new LinkedHashSet<>();
        @SuppressWarnings("unchecked")
        Map<String, String> pathValues = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
            PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
            if (query != null) {
                String name = name(query.name(), parameter);
                declared.add(name);
                String[] values = request.getParameterValues(name);
                if (values != null) {
                    checkValues(name, values, parameter);
                }
            } else if (path != null && pathValues != null) {
                String name = name(path.name(), parameter);
                String value = pathValues.get(name);
                if (value != null) {
                    checkValues(name, new String[] {value}, parameter);
                }
            }
        }
        for (QueryString.Parameter given : QueryString.parse(request.getQueryString())) {
            if (!declared.contains(given.name())) {
                throw invalid("The query parameter '" + JsonProblems.shown(given.name()) + "' is not known here; "
                        + (declared.isEmpty() ? "this endpoint takes no query parameters."
                                : "this endpoint reads " + String.join(", ", declared) + "."));
            }
        }
    }

    private static String name(String annotated, MethodParameter parameter) {
        return annotated.isEmpty() ? parameter.getParameterName() : annotated;
    }

    private static void checkValues(String name, String[] values, MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        boolean list = Collection.class.isAssignableFrom(type) || type.isArray();
        Class<?> element = list ? elementType(parameter) : type;
        if (!list && values.length > 1) {
            throw invalid("'" + name + "' is given more than once (" + values.length + " times); give it once.");
        }
        List<String> items = new ArrayList<>();
        for (String value : values) {
            if (list) {
                // Spring splits list values at commas: levels=80,95 is levels=80&levels=95
                for (String item : value.split(",", -1)) {
                    items.add(item);
                }
            } else {
                items.add(value);
            }
        }
        for (String item : items) {
            if (item.isEmpty()) {
                throw invalid("'" + name + "' is empty; give a value, or leave the parameter out for its default.");
            }
            checkNumber(name, item, element);
        }
    }

    private static Class<?> elementType(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        if (type.isArray()) {
            return type.getComponentType();
        }
        Class<?> element = ResolvableType.forMethodParameter(parameter).asCollection().resolveGeneric(0);
        return element == null ? String.class : element;
    }

    private static void checkNumber(String name, String value, Class<?> type) {
        long max = type == int.class || type == Integer.class ? Integer.MAX_VALUE
                : type == long.class || type == Long.class ? Long.MAX_VALUE
                : type == short.class || type == Short.class ? Short.MAX_VALUE : -1;
        if (max > 0) {
            OptionalLong whole = NumberGrammar.wholeNumber(value);
            if (whole.isEmpty() || whole.getAsLong() > max) {
                throw invalid("'" + name + "' must be a whole number " + NumberGrammar.WHOLE + ", at most " + max
                        + "; got '" + JsonProblems.shown(value) + "'.");
            }
        } else if (type == boolean.class || type == Boolean.class) {
            // Spring would also read yes, on, 1 and their opposites: one spelling, as in JSON
            if (!value.equals("true") && !value.equals("false")) {
                throw invalid("'" + name + "' must be true or false; got '" + JsonProblems.shown(value) + "'.");
            }
        } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            if (NumberGrammar.decimal(value).isEmpty()) {
                throw invalid("'" + name + "' must be a number " + NumberGrammar.DECIMAL + "; got '"
                        + JsonProblems.shown(value) + "'.");
            }
        }
    }

    private static ForesightException invalid(String detail) {
        return new ForesightException(ForesightException.Kind.BAD_INPUT, "Invalid parameter", detail);
    }
}
