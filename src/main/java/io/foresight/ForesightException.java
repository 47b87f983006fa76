package io.foresight;

/**
 * A failure the caller can do something about. Every package throws this (or a subclass) for bad input,
 * unknown things and conflicts; the web layer turns {@link #kind()} into an HTTP status and the message
 * into the ProblemDetail's {@code detail}, which must tell a person what to fix.
 */
public class ForesightException extends RuntimeException {

    public enum Kind {
        BAD_INPUT, NOT_FOUND, CONFLICT, TOO_LARGE, UNPROCESSABLE, BUSY
    }

    private final Kind kind;
    private final String title;

    public ForesightException(Kind kind, String title, String detail) {
        super(detail);
        this.kind = kind;
        this.title = title;
    }

    public static ForesightException badInput(String detail) {
        return new ForesightException(Kind.BAD_INPUT, "Invalid request", detail);
    }

    public static ForesightException notFound(String detail) {
        return new ForesightException(Kind.NOT_FOUND, "Not found", detail);
    }

    public static ForesightException conflict(String detail) {
        return new ForesightException(Kind.CONFLICT, "Conflict", detail);
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }
}
