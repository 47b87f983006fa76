package io.foresight.web;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.foresight.ForesightException;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure into an RFC 9457 problem: the service's own {@link ForesightException}s keep their
 * detail, Spring MVC's own errors get Spring's standard problem bodies, except those whose standard detail
 * would not tell what to fix: unreadable JSON (which field, what it must be, the allowed values of an enum:
 * {@link JsonProblems}), a query or path value of the wrong type, an unreadable multipart body and an upload
 * over the limit (413). Anything unexpected becomes a 500 without internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** A qualified Java name such as java.lang.Foo or io.foresight.x.Y in a message. */
    private static final java.util.regex.Pattern INTERNAL_NAME = java.util.regex.Pattern.compile("\\b[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.[A-Za-z]");

    private final String maxFileSize;
    private final String maxRequestSize;
    private final String maxPartHeaderSize;
    private final int maxPartCount;

    ApiExceptionHandler(@Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize maxFileSize,
            @Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxRequestSize,
            @Value("${server.tomcat.max-part-header-size:512B}") DataSize maxPartHeaderSize,
            @Value("${server.tomcat.max-part-count:50}") int maxPartCount) {
        this.maxFileSize = readable(maxFileSize);
        this.maxRequestSize = readable(maxRequestSize);
        this.maxPartHeaderSize = readable(maxPartHeaderSize);
        this.maxPartCount = maxPartCount;
    }

    /** 52428800 bytes as "50 MB", 1536 as "1536 bytes". */
    static String readable(DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    @ExceptionHandler(ForesightException.class)
    ResponseEntity<ProblemDetail> foresight(ForesightException e) {
        HttpStatus status = switch (e.kind()) {
            case BAD_INPUT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case BUSY -> HttpStatus.TOO_MANY_REQUESTS;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage() + howOverHttp(e));
        problem.setTitle(e.title());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            response.header(HttpHeaders.RETRY_AFTER, "30");
        }
        return response.body(problem);
    }

    /** The exception's remedy as a request of this API, after a space; empty when it has none. */
    static String howOverHttp(ForesightException e) {
        String model = e.next().model() == null ? "{name}" : e.next().model();
        return switch (e.next().remedy()) {
            case NONE -> "";
            case LIST_MODELS -> " GET /api/v1/models lists them.";
            case LIST_VERSIONS -> " GET /api/v1/models/" + model + " lists its versions.";
            case LIST_DATASETS -> " GET /api/v1/datasets lists them.";
            case LIST_JOBS -> " GET /api/v1/training-jobs lists them.";
            case UPLOAD_DATASET -> " POST /api/v1/datasets uploads a CSV as a dataset.";
            case SET_PRODUCTION_ALIAS -> " PUT /api/v1/models/" + model + "/aliases/production with {\"version\": N}"
                    + " points the production alias.";
            case LIST_SERIES -> " GET /api/v1/models/" + model + "/series lists its series.";
            case FORECAST_SERIES -> " GET /api/v1/models/" + model + "/series/{id}/forecast?horizon=N forecasts one (the id"
                    + " URL-encoded), POST /api/v1/models/" + model + "/forecast with \"series\": [\"id\", ...] or [\"*\"]"
                    + " several or all.";
        };
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        String detail = e.getMessage();
        if (detail == null || detail.isBlank() || detail.contains("Exception") || INTERNAL_NAME.matcher(detail).find()) {
            // a library's message naming its classes says nothing the caller can act on
            log.warn("Request rejected by an argument check", e);
            detail = "The request has a value the service cannot use; check it against the API description (docs/API.md).";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> limit = partLimit(ex);
        if (limit != null) {
            return limit;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The upload is larger than the limit of " + maxFileSize + " per file"
                        + " (spring.servlet.multipart.max-file-size) and " + maxRequestSize + " per request"
                        + " (spring.servlet.multipart.max-request-size); send a smaller file.");
        problem.setTitle("Upload too large");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String detail;
        if (ex.getCause() instanceof JacksonException jackson) {
            detail = JsonProblems.describe(jackson, "The request body");
        } else {
            detail = "The request body is missing or empty; send a JSON object with the request's fields, e.g."
                    + " {\"horizon\": 12}, with Content-Type: application/json.";
        }
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request body", detail);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // a header that is no media type (e.g. an unknown charset) leaves the exception without one: name what was sent
        String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String sent = ex.getContentType() != null ? "Content-Type '" + ex.getContentType() + "'"
                : header == null || header.isBlank() ? "no Content-Type"
                        : "Content-Type '" + (header.length() > 100 ? header.substring(0, 100) + "..." : header)
                                + "', which is not a media type it can read (a known charset, if any, e.g. UTF-8)";
        String supported = ex.getSupportedMediaTypes().stream().map(MediaType::toString).distinct()
                .collect(java.util.stream.Collectors.joining(" or "));
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", "This endpoint does not accept "
                + sent + (supported.isEmpty() ? "." : "; send " + supported + "."));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String value = String.valueOf(ex.getValue());
        if (value.length() > 60) {
            value = value.substring(0, 60) + "...";
        }
        Class<?> type = ex.getRequiredType();
        if (type != null && type.isArray()) {
            type = type.getComponentType();
        } else if (type != null && java.util.Collection.class.isAssignableFrom(type)) {
            // a list parameter such as levels=80,95: each element is a number
            type = Double.class;
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameter",
                "'" + name + "' must be " + JsonProblems.expected(type) + "; got '" + value.replaceAll("\\p{Cntrl}", "?") + "'.");
    }

    /**
     * A multipart body that cannot be parsed (no boundary, cut off, not multipart at all). Spring reads every Tomcat
     * failure whose message says a size was exceeded as "upload too large"; the part header and part count limits are
     * told apart here by Tomcat's own exceptions, so a long file name is not answered with the 50 MB limit.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException e) {
        ResponseEntity<Object> limit = partLimit(e);
        if (limit != null) {
            return limit;
        }
        if (e instanceof MaxUploadSizeExceededException tooLarge) {
            return handleMaxUploadSizeExceededException(tooLarge, new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, null);
        }
        return problem(HttpStatus.BAD_REQUEST, "Unreadable upload", "The multipart/form-data body could not be read;"
                + " send the CSV as part 'file' of a well-formed multipart request (curl -F file=@data.csv).");
    }

    /** The part header or part count limit, when one of them is what {@code e} is really about; else null. */
    private ResponseEntity<Object> partLimit(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException
                    && message.startsWith("Header section")) {
                return problem(HttpStatus.BAD_REQUEST, "Part header too long", "A part of the multipart/form-data"
                        + " body has headers (Content-Disposition with the field and file name, Content-Type) longer"
                        + " than the limit of " + maxPartHeaderSize + " (server.tomcat.max-part-header-size); use a"
                        + " shorter file name.");
            }
            if (cause instanceof org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException) {
                return problem(HttpStatus.BAD_REQUEST, "Too many parts", "The multipart/form-data body has more than "
                        + maxPartCount + " parts, the limit (server.tomcat.max-part-count); send the parts 'file' (and"
                        + " 'spec' or 'name') only.");
            }
        }
        return null;
    }

    /**
     * Tomcat could not read the request's parameters. {@link RequestSyntaxValve} refuses such query strings and form
     * bodies before they get here; this is the net under it: a 400 logged in one line, never a 500 with a stack trace.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> invalidParameters(org.apache.tomcat.util.http.InvalidParameterException e) {
        log.info("Refused a request whose parameters cannot be read: {}",
                JsonProblems.shown(String.valueOf(e.getMessage())));
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameters", "The request's parameters cannot be read (an"
                + " invalid percent-encoding, bytes that are not UTF-8, or too many parameters); percent-encode text as"
                + " UTF-8 and write %25 for a '%' itself.");
    }

    /** An Accept header that asks for a format other than JSON (YAML, XML, ...): the problem is still JSON. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
            org.springframework.web.HttpMediaTypeNotAcceptableException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "Not Acceptable", "This service answers in application/json (and"
                + " errors in application/problem+json); send Accept: application/json, or leave the header out.");
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed unexpectedly; the failure is logged. Retry, or report it if it persists.");
        problem.setTitle("Internal error");
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.internalServerError().body(problem);
    }
}
