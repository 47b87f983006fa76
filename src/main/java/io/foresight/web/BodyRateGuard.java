package io.foresight.web;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * The request body as Tomcat reads it from the socket, with a minimum data rate: after the first read, byte
 * {@code n} must have arrived by {@code grace + n / minBytesPerSecond}. Every way the application reads a body
 * (JSON, multipart parts, form parameters) goes through this one buffer, so no endpoint can be held open by a body
 * that trickles in. A read that comes too late, or that Tomcat's own per-read timeout
 * ({@code server.tomcat.connection-timeout}) ends, fails with a {@link SocketTimeoutException}: Tomcat then treats the
 * request as timed out, and {@link ClientLimitsValve} answers it with a 408 problem and closes the connection.
 *
 * <p>A read that would wait for bytes (none are buffered) first takes a permit of {@code waits}, shared by every
 * request: when none is left, so many threads already wait for slow bodies that this one is refused at once with a
 * 503 problem instead of holding one more. A body that arrives with its headers never waits.
 */
final class BodyRateGuard implements InputBuffer {

    /** Why a body was refused; the detail of the 408 problem. */
    static final class SlowBodyException extends SocketTimeoutException {

        SlowBodyException(String message) {
            super(message);
        }
    }

    /** Why a body was refused and with which status: 408 (too slow) or 503 (too many threads wait for bodies). */
    record Refusal(int status, String detail) {
    }

    private final InputBuffer body;
    private final long minBytesPerSecond;
    private final long graceNanos;
    private final long contentLength;
    private final Duration readTimeout;
    private final LongSupplier nanoClock;
    private final Semaphore waits;

    private long start = Long.MIN_VALUE;
    private long bytes;
    private Refusal refusal;

    /**
     * @param body              Tomcat's own buffer of this request
     * @param minBytesPerSecond the minimum average rate once the grace has passed; 0 for none
     * @param grace             time the body may take before the rate applies
     * @param contentLength     the declared length, or -1 (chunked): a body that is complete is never refused
     * @param readTimeout       Tomcat's per-read timeout, to name it when it ends a read
     * @param waits             permits for reads that wait for bytes, shared by all requests; null for no bound
     */
    BodyRateGuard(InputBuffer body, long minBytesPerSecond, Duration grace, long contentLength, Duration readTimeout,
            LongSupplier nanoClock, Semaphore waits) {
        this.body = body;
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = grace.toNanos();
        this.contentLength = contentLength;
        this.readTimeout = readTimeout;
        this.nanoClock = nanoClock;
        this.waits = waits;
    }

    @Override
    public int doRead(ApplicationBufferHandler handler) throws IOException {
        if (refusal != null) {
            throw new SlowBodyException(refusal.detail());
        }
        if (start == Long.MIN_VALUE) {
            start = nanoClock.getAsLong();
        }
        boolean waiting = waits != null && body.available() == 0;
        if (waiting && !waits.tryAcquire()) {
            return refuse(503, "The service is busy: as many request threads as may wait for request bodies at the same"
                    + " time (foresight.limits.max-waiting-body-reads) already do, for other clients' slow bodies; retry"
                    + " in a moment, sending the body without pauses. The connection is closed.");
        }
        int n;
        try {
            n = body.doRead(handler);
        } catch (SocketTimeoutException e) {
            return refuse(408, "No part of the request body arrived for " + seconds(readTimeout.toNanos())
                    + " (server.tomcat.connection-timeout) after " + bytes + " bytes; send the whole body without pauses.");
        } finally {
            if (waiting) {
                waits.release();
            }
        }
        if (n > 0) {
            bytes += n;
            long elapsed = nanoClock.getAsLong() - start;
            boolean complete = contentLength >= 0 && bytes >= contentLength;
            if (minBytesPerSecond > 0 && !complete && elapsed > deadlineNanos(bytes)) {
                return refuse(408, "The request body arrived too slowly: " + bytes + " bytes in " + seconds(elapsed)
                        + ", below the minimum of " + minBytesPerSecond + " bytes per second after the first "
                        + seconds(graceNanos) + " (foresight.limits.min-body-bytes-per-second,"
                        + " foresight.limits.body-grace); send the body at once. The connection is closed.");
            }
        }
        return n;
    }

    private int refuse(int status, String detail) throws SlowBodyException {
        refusal = new Refusal(status, detail);
        throw new SlowBodyException(detail);
    }

    /** When byte {@code n} must have arrived, counted from the first read. */
    private long deadlineNanos(long n) {
        return graceNanos + (long) (n * 1e9 / minBytesPerSecond);
    }

    @Override
    public int available() {
        return body.available();
    }

    /** Why the body was refused, or null when it was not. */
    Refusal refusal() {
        return refusal;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
