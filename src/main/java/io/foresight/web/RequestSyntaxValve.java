package io.foresight.web;

import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import jakarta.servlet.ServletException;

/**
 * The first check of every request, in Tomcat before any filter or endpoint, on the API port and on the management
 * port alike: what can be decided about a request without knowing its endpoint. Refused with a 4xx problem that names
 * the cause, logged in one line:
 * <ul>
 * <li>a query string that cannot be read ({@link QueryString}: invalid percent-encoding, not UTF-8, a control
 * character, a pair without a name) or with more parameters than the connector's {@code maxParameterCount}: 400.
 * Tomcat would throw when a handler first reads a parameter, which became a 500 with a stack trace;</li>
 * <li>an encoded slash ({@code %2F}) anywhere but in a series id ({@link #SERIES_ID_PATH}): 400;</li>
 * <li>{@code ;} in the path, raw or as {@code %3B}: 400. Tomcat reads {@code ;} as the start of path parameters and
 * drops them, so {@code /models/a;b/training-jobs} would train {@code a}; no name of this service contains one;</li>
 * <li>an {@code Accept} header that is not a list of media types (e.g. {@code q=abc}): 400, where Spring answered a
 * 406 with an empty body;</li>
 * <li>a form-encoded body ({@code application/x-www-form-urlencoded}): 415. No endpoint reads one, and Tomcat or
 * Spring's form filter would parse it (again with a 500 on a bad escape) before the endpoint refused it.</li>
 * </ul>
 */
final class RequestSyntaxValve extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(RequestSyntaxValve.class);
    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED_VALUE;

    RequestSyntaxValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Refusal refusal = check(request);
        if (refusal == null) {
            getNext().invoke(request, response);
            return;
        }
        log.info("Refused {} {}: {}", request.getMethod(), JsonProblems.shown(request.getRequestURI()),
                refusal.detail());
        HttpStatus status = refusal.status();
        if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            // the body is refused unread: Tomcat closes the connection after the answer instead of draining the body
            // at the client's pace; its way to say so also marks the answer as failed (an error page), undone here
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            response.resetError();
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        ProblemErrorReportValve.write(response, status.value(), refusal.title(), refusal.detail());
    }

    record Refusal(HttpStatus status, String title, String detail) {
    }

    /**
     * The one place an encoded slash may stand: a series id in {@code /api/v1/models/{name}/series/{id}/forecast} and
     * {@code .../drivers} and {@code .../history} (ids join their id columns' values with {@code /}). The connector passes {@code %2F} through
     * undecoded, so it never splits a path; everywhere else it is refused as Tomcat refused it.
     */
    private static final Pattern SERIES_ID_PATH = Pattern.compile(
            "/api/v1/models/(?:(?!%2[fF])[^/])+/series/[^/]+/(?:forecast|drivers|history)");

    static Refusal check(Request request) {
        String uri = request.getRequestURI();
        if (uri != null && uri.toLowerCase(Locale.ROOT).contains("%2f") && !SERIES_ID_PATH.matcher(uri).matches()) {
            return new Refusal(HttpStatus.BAD_REQUEST, "Bad Request", ProblemErrorReportValve.detail(400)
                    + " (An encoded slash belongs only in a series id: /api/v1/models/{name}/series/{id}/forecast or"
                    + " .../drivers or .../history.)");
        }
        if (uri != null && (uri.indexOf(';') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%3b"))) {
            return new Refusal(HttpStatus.BAD_REQUEST, "Invalid URL", "The URL path contains ';' (raw or as %3B),"
                    + " which would cut the name it is in short (path parameters); names in URLs use letters, digits,"
                    + " '.', '_' and '-'.");
        }
        try {
            List<QueryString.Parameter> parameters = QueryString.parse(request.getQueryString());
            int limit = request.getConnector() == null ? -1 : request.getConnector().getMaxParameterCount();
            if (limit >= 0 && parameters.size() > limit) {
                return new Refusal(HttpStatus.BAD_REQUEST, "Invalid query string", "The query string has "
                        + parameters.size() + " parameters, more than the limit of " + limit
                        + " (server.tomcat.max-parameter-count); send fewer.");
            }
        } catch (QueryString.MalformedException e) {
            return new Refusal(HttpStatus.BAD_REQUEST, "Invalid query string", e.getMessage());
        }
        Enumeration<String> accepts = request.getHeaders(HttpHeaders.ACCEPT);
        while (accepts != null && accepts.hasMoreElements()) {
            String accept = accepts.nextElement();
            try {
                MediaType.parseMediaTypes(accept);
            } catch (InvalidMediaTypeException e) {
                return new Refusal(HttpStatus.BAD_REQUEST, "Invalid Accept header", "The Accept header '"
                        + JsonProblems.shown(accept) + "' cannot be read: it must list media types, each with an"
                        + " optional quality q between 0 and 1 (e.g. application/json, or application/json;q=0.9);"
                        + " send Accept: application/json or leave the header out.");
            }
        }
        String contentType = request.getContentType();
        if (contentType != null) {
            int semicolon = contentType.indexOf(';');
            String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
            if (type.equalsIgnoreCase(FORM)) {
                return new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", "No endpoint of this"
                        + " service reads Content-Type '" + FORM + "'; send application/json (uploads:"
                        + " multipart/form-data).");
            }
        }
        return null;
    }
}
