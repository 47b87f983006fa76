package io.foresight.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.foresight.ForesightProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * When {@code foresight.api-key} is set: requests under {@code /api/} that change state need
 * {@code Authorization: Bearer <key>}; forecasts (POST or GET, of a model or of one of its series) and other reads need
 * it too when
 * {@code foresight.api-key-for-reads} is true. The key is compared in constant time.
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final java.util.regex.Pattern FORECAST = java.util.regex.Pattern.compile(
            "/api/v1/models/[^/]+/((series/[^/]+/)?forecast|anomalies:detect)");

    private final ForesightProperties properties;
    private final byte[] expected;

    ApiKeyFilter(ForesightProperties properties) {
        this.properties = properties;
        this.expected = properties.apiKeyConfigured() ? ("Bearer " + properties.apiKey()).getBytes(StandardCharsets.UTF_8) : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (expected == null || !protectedRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, given)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"This request needs the API key: send the header 'Authorization: Bearer <key>' "
                + "with the key configured as foresight.api-key.\"}");
    }

    /**
     * Decided on the path as the container decoded and normalised it, which is the path handlers are matched on
     * ({@code /%61pi/v1/..} and {@code /x/../api/..} reach {@code /api/..} handlers;
     * {@code ;} path parameters are refused before, by {@link RequestSyntaxValve}), and on the raw URI too: a request is under {@code /api} when either says so (in any case). Every
     * method but GET, HEAD and OPTIONS counts as a change; only {@code /api/v1/models/{name}/forecast} (and a series' forecast) by GET
     * or POST counts as a forecast, and so does {@code /api/v1/models/{name}/anomalies:detect}, which checks points
     * without storing anything.
     */
    private boolean protectedRequest(HttpServletRequest request) {
        String decoded = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String raw = request.getRequestURI().substring(Math.min(request.getContextPath().length(), request.getRequestURI().length()));
        if (!underApi(decoded) && !underApi(raw)) {
            return false;
        }
        return changesState(request.getMethod(), decoded) || properties.apiKeyForReads();
    }

    /**
     * Whether a request under {@code /api/} by this method to this path changes state, and so needs the key even
     * when reads do not (also what the OpenAPI document says of each operation, see {@link ApiParts}).
     */
    static boolean changesState(String method, String path) {
        boolean forecast = FORECAST.matcher(path).matches() && (method.equals("GET") || method.equals("POST"));
        return !READS.contains(method) && !forecast;
    }

    private static boolean underApi(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.equals("/api") || p.startsWith("/api/") || p.startsWith("/api;");
    }
}
