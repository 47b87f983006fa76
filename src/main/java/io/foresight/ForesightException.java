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

    /**
     * What the caller can do next, in the service's own terms: the web layer says how over HTTP (which request lists
     * the models, sets the production alias, ...), so that code without HTTP (a job, a test) never sees a URL.
     */
    public enum Remedy {
        NONE, LIST_MODELS, LIST_VERSIONS, LIST_DATASETS, LIST_JOBS, UPLOAD_DATASET, SET_PRODUCTION_ALIAS, LIST_SERIES,
        FORECAST_SERIES
    }

    /** What the caller can do next, and the model it concerns (null when the remedy concerns none). */
    public record Next(Remedy remedy, String model) {
        static final Next NONE = new Next(Remedy.NONE, null);
    }

    private final Kind kind;
    private final String title;
    private Next next = Next.NONE;

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

    /** The same failure, with what the caller can do next; {@code model} names the model when the remedy concerns one. */
    public ForesightException remedy(Remedy remedy, String modelName) {
        this.next = new Next(remedy, modelName);
        return this;
    }

    public Next next() {
        return next;
    }

    public String title() {
        return title;
    }
}
