package io.foresight.web;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
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
 */
final class BodyRateGuard implements InputBuffer {

    /** Why a body was refused; the detail of the 408 problem. */
    static final class SlowBodyException extends SocketTimeoutException {

        SlowBodyException(String message) {
            super(message);
        }
    }

    private final InputBuffer body;
    private final long minBytesPerSecond;
    private final long graceNanos;
    private final long contentLength;
    private final Duration readTimeout;
    private final LongSupplier nanoClock;

    private long start = Long.MIN_VALUE;
    private long bytes;
    private String refusal;

    /**
     * @param body              Tomcat's own buffer of this request
     * @param minBytesPerSecond the minimum average rate once the grace has passed; 0 for none
     * @param grace             time the body may take before the rate applies
     * @param contentLength     the declared length, or -1 (chunked): a body that is complete is never refused
     * @param readTimeout       Tomcat's per-read timeout, to name it when it ends a read
     */
    BodyRateGuard(InputBuffer body, long minBytesPerSecond, Duration grace, long contentLength, Duration readTimeout,
            LongSupplier nanoClock) {
        this.body = body;
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = grace.toNanos();
        this.contentLength = contentLength;
        this.readTimeout = readTimeout;
        this.nanoClock = nanoClock;
    }

    @Override
    public int doRead(ApplicationBufferHandler handler) throws IOException {
        if (refusal != null) {
            throw new SlowBodyException(refusal);
        }
        if (start == Long.MIN_VALUE) {
            start = nanoClock.getAsLong();
        }
        int n;
        try {
            n = body.doRead(handler);
        } catch (SocketTimeoutException e) {
            refusal = "No part of the request body arrived for " + seconds(readTimeout.toNanos())
                    + " (server.tomcat.connection-timeout) after " + bytes + " bytes; send the whole body without pauses.";
            throw new SlowBodyException(refusal);
        }
        if (n > 0) {
            bytes += n;
            long elapsed = nanoClock.getAsLong() - start;
            boolean complete = contentLength >= 0 && bytes >= contentLength;
            if (minBytesPerSecond > 0 && !complete && elapsed > deadlineNanos(bytes)) {
                refusal = "The request body arrived too slowly: " + bytes + " bytes in " + seconds(elapsed)
                        + ", below the minimum of " + minBytesPerSecond + " bytes per second after the first "
                        + seconds(graceNanos) + " (foresight.limits.min-body-bytes-per-second,"
                        + " foresight.limits.body-grace); send the body at once. The connection is closed.";
                throw new SlowBodyException(refusal);
            }
        }
        return n;
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
    String refusal() {
        return refusal;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
