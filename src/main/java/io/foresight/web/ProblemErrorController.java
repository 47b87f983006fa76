package io.foresight.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet container's error page ({@code /error}) as an RFC 9457 problem, in place of Spring Boot's
 * {@code {timestamp, status, error, path}} body: for failures that happen outside Spring MVC's exception handling
 * (in a filter, or a {@code sendError} by the container). The body is written directly, whatever the request's
 * {@code Accept} header, and never carries the exception.
 */
@Controller
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 ? value : HttpStatus.NOT_FOUND.value();
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ProblemErrorReportValve.body(status, title, ProblemErrorReportValve.detail(status)));
    }
}
