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
 * {@code Authorization: Bearer <key>}; forecasts (POST or GET) and other reads need it too when
 * {@code foresight.api-key-for-reads} is true. The key is compared in constant time.
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

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

    private boolean protectedRequest(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/api/")) {
            return false;
        }
        boolean forecast = path.endsWith("/forecast");
        if (properties.apiKeyForReads() && (forecast || !MUTATING.contains(request.getMethod()))) {
            return true;
        }
        return MUTATING.contains(request.getMethod()) && !forecast;
    }
}
