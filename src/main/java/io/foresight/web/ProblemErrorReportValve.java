package io.foresight.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.http.MimeHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's last word on a failed request, as an RFC 9457 problem instead of Tomcat's HTML page. Tomcat answers some
 * requests itself before they reach the application: a URL with an encoded slash ({@code %2F}) or backslash, a NUL,
 * an invalid percent-encoding, characters that are not allowed in a URL, headers that are too large. Those get a
 * short {@code application/problem+json} body with no server details; everything the application answers itself is
 * left alone.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String detail = detail(status);
        String clientMistake = clientMistake(status, request.getMethod(), request.getProtocol(),
                request.getHeader("Transfer-Encoding"));
        if (clientMistake != null) {
            status = HttpStatus.BAD_REQUEST.value();
            detail = clientMistake;
        } else if (status == 400) {
            String headers = malformedHeaders(request.getCoyoteRequest().getMimeHeaders(),
                    "HTTP/1.1".equals(request.getProtocol()));
            detail = headers != null ? headers : detail;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String body = body(status, title, detail);
        try {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (Exception | LinkageError e) {
            // the client went away or the response cannot be written: nothing more to say
        }
    }

    /** Answers with a problem+json body, from a valve (before any servlet). */
    static void write(Response response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body(status, title, detail));
    }

    /** A problem+json body, written by hand (no mapper at this level); the detail may quote what the client sent. */
    static String body(int status, String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + escaped(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escaped(detail) + "\"}";
    }

    private static String escaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Tomcat answers a request it cannot speak with 505 (an HTTP version other than 1.0 and 1.1) or 501 (CONNECT, a
     * transfer coding other than chunked), as RFC 9110/9112 suggest ("can send", "SHOULD"). Each is the client's
     * mistake, and a 5xx would tell the client to retry and the operator that the service failed: they become a 400
     * that names the cause (docs/BAD_INPUT.md). {@code null} when the failure is none of these.
     */
    static String clientMistake(int status, String method, String protocol, String transferEncoding) {
        if (status == 505) {
            return "This service speaks HTTP/1.1 (and HTTP/1.0); the request line says '" + JsonProblems.shown(
                    String.valueOf(protocol)) + "'. Send the request as HTTP/1.1.";
        }
        if (status == 501 && "CONNECT".equals(method)) {
            return "CONNECT asks for a tunnel through a proxy, and this service is not a proxy; send GET, POST, PUT or"
                    + " DELETE requests to its URLs.";
        }
        if (status == 501 && transferEncoding != null) {
            return "The request's Transfer-Encoding '" + JsonProblems.shown(transferEncoding) + "' is not supported;"
                    + " send the body with Content-Length or with Transfer-Encoding: chunked alone (no gzip, deflate or"
                    + " other coding).";
        }
        return null;
    }

    /**
     * What is wrong with the headers of a request Tomcat refused with 400 before the application saw it, when it is
     * one of the header mistakes Tomcat does not name: no Host or more than one, more than one Content-Length, or one
     * that is not a length. {@code null} when the headers show none of these (the URL is then the likely cause).
     */
    static String malformedHeaders(MimeHeaders headers, boolean http11) {
        int hosts = 0;
        int lengths = 0;
        String badLength = null;
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.getName(i).toString();
            if (name.equalsIgnoreCase("Host")) {
                hosts++;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                lengths++;
                String value = headers.getValue(i).toString().trim();
                if (!value.matches("[0-9]{1,18}")) {
                    badLength = value;
                }
            }
        }
        if (http11 && hosts != 1 && headers.size() > 0) {
            return "The request has " + (hosts == 0 ? "no Host header" : hosts + " Host headers") + "; an HTTP/1.1"
                    + " request has exactly one (Host: the service's host and port).";
        }
        if (lengths > 1) {
            return "The request has " + lengths + " Content-Length headers; send one, the body's length in bytes.";
        }
        if (badLength != null) {
            return "The request's Content-Length '" + JsonProblems.shown(badLength) + "' is not a length in bytes; send"
                    + " the body's length as ASCII digits.";
        }
        return null;
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: its URL or headers could not be read. URLs may not contain an encoded"
                    + " slash or backslash (%2F, %5C), NUL or control characters, or an invalid percent-encoding;"
                    + " names in URLs use letters, digits, '.', '_' and '-'.";
            case 404 -> "There is nothing at this URL; the API lives under /api/v1.";
            case 408 -> "The request took too long to arrive; send it again.";
            case 413 -> "The request is too large; send a smaller body (uploads are limited by"
                    + " spring.servlet.multipart.max-file-size).";
            case 414 -> "The URL is too long; send long values in the request body.";
            case 417 -> "The Expect header asks for something this service does not do; send no Expect header, or"
                    + " Expect: 100-continue.";
            case 431 -> "The request headers are too large; send fewer or shorter headers.";
            case 501 -> "The request asks for something this service does not implement; use the methods and"
                    + " headers of the API description (/v3/api-docs).";
            default -> status >= 500 ? "The service failed unexpectedly; retry, or report it if it persists."
                    : "The request cannot be processed as sent.";
        };
    }
}
