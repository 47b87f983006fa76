package io.foresight.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.foresight.ForesightProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;

/**
 * The one place that keeps slow and greedy clients from holding every request thread, in front of every servlet and
 * filter:
 * <ul>
 * <li>a client address with {@code foresight.limits.max-requests-per-client} requests already on request threads gets
 * a 429 problem at once, without its body being read, and its connection is closed;</li>
 * <li>every request body is read through a {@link BodyRateGuard}: a body that arrives slower than
 * {@code foresight.limits.min-body-bytes-per-second} once {@code foresight.limits.body-grace} has passed, or that
 * stops for Tomcat's per-read timeout, is answered with a 408 problem whatever the application made of the failed
 * read, and the connection is closed;</li>
 * <li>at most {@code foresight.limits.max-waiting-body-reads} request threads wait for body bytes at the same time,
 * from all addresses together: a request whose body read would wait beyond that is answered 503 at once and its
 * connection closed, so slow bodies from many addresses, each under its cap, still leave the rest of the pool to
 * requests whose bodies arrive with their headers;</li>
 * <li>what the application left of a body is read through the same guard before the answer goes out (Tomcat would
 * otherwise drain up to 2 MB of it after the answer at the client's pace, out of the guard's sight), or, when it
 * is larger or too slow, the connection is closed after the answer.</li>
 * </ul>
 * A request that goes asynchronous (an event stream) counts only while it holds a thread.
 */
final class ClientLimitsValve extends ValveBase {

    private final long minBodyBytesPerSecond;
    private final Duration bodyGrace;
    private final int maxRequestsPerClient;
    private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();
    /** Permits for body reads that wait for bytes, or null for no bound. */
    private final Semaphore waitingBodyReads;

    ClientLimitsValve(ForesightProperties.Limits limits) {
        super(true);
        this.minBodyBytesPerSecond = limits.minBodyBytesPerSecond();
        this.bodyGrace = limits.bodyGrace();
        this.maxRequestsPerClient = limits.maxRequestsPerClient();
        this.waitingBodyReads = limits.maxWaitingBodyReads() > 0 ? new Semaphore(limits.maxWaitingBodyReads()) : null;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            getNext().invoke(request, response);
            return;
        }
        String client = request.getRemoteAddr();
        if (!enter(client)) {
            closeWithoutDraining(request);
            answer(response, HttpStatus.TOO_MANY_REQUESTS, "This client address already has " + maxRequestsPerClient
                    + " requests in progress, the limit per client (foresight.limits.max-requests-per-client); wait"
                    + " for an answer before sending more. The connection is closed.");
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            return;
        }
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        InputBuffer original = coyote.getInputBuffer();
        BodyRateGuard guard = new BodyRateGuard(original, minBodyBytesPerSecond, bodyGrace, coyote.getContentLengthLong(),
                readTimeout(request), System::nanoTime, waitingBodyReads);
        coyote.setInputBuffer(guard);
        BodyRateGuard.Refusal refusal;
        try {
            getNext().invoke(request, response);
            refusal = guard.refusal();
            if (refusal == null && !request.isAsyncStarted()) {
                finishBody(request, response);
            }
        } finally {
            coyote.setInputBuffer(original);
            leave(client);
        }
        if (refusal != null) {
            // Tomcat recorded the failed read as the request's exception; the answer below replaces it
            request.removeAttribute(RequestDispatcher.ERROR_EXCEPTION);
            closeWithoutDraining(request);
            answer(response, HttpStatus.valueOf(refusal.status()), refusal.detail());
            if (refusal.status() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            }
        }
    }

    /**
     * Reads what the application left of the body through the guard, as Tomcat would after the answer but at no
     * slower than the minimum rate, so that the connection can be kept alive. A body that is larger than
     * {@link #MAX_DRAIN_BYTES}, or too slow, or that a client sent {@code Expect: 100-continue} for, is not read
     * further: the application's answer goes out and the connection is closed.
     */
    private static void finishBody(Request request, Response response) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        if (coyote.isFinished()) {
            return;
        }
        if (!coyote.hasExpectation()) {
            Discard discard = new Discard();
            long drained = 0;
            try {
                while (drained <= MAX_DRAIN_BYTES) {
                    int n = coyote.doRead(discard);
                    if (n < 0) {
                        return;
                    }
                    drained += n;
                }
            } catch (IOException e) {
                // too slow, or the client went away: close
            }
        }
        keepAnswerAndClose(request, response);
    }

    /** Most bytes of an unread body drained to keep a connection alive (Tomcat's default maxSwallowSize). */
    static final int MAX_DRAIN_BYTES = 2 * 1024 * 1024;

    /** Takes what a read gives and forgets it. */
    private static final class Discard implements ApplicationBufferHandler {

        private ByteBuffer buffer = ByteBuffer.allocate(8192);

        @Override
        public void setByteBuffer(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getByteBuffer() {
            return buffer;
        }

        @Override
        public void expand(int size) {
            // nothing is kept
        }
    }

    private boolean enter(String client) {
        if (maxRequestsPerClient <= 0) {
            return true;
        }
        boolean[] admitted = {false};
        inFlight.compute(client, (key, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < maxRequestsPerClient;
            return admitted[0] ? current + 1 : (count == null ? null : count);
        });
        return admitted[0];
    }

    private void leave(String client) {
        if (maxRequestsPerClient > 0) {
            inFlight.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    private static Duration readTimeout(Request request) {
        Object timeout = request.getConnector().getProperty("connectionTimeout");
        return Duration.ofMillis(timeout instanceof Number millis ? millis.longValue() : 60_000);
    }

    /** Tomcat closes the connection after the answer instead of reading the rest of the body. */
    private static void closeWithoutDraining(Request request) {
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }

    /**
     * Closes the connection after the application's own answer. Tomcat's way to skip the rest of a body also marks
     * the answer as failed (an error page, or 500 for a success), which is undone unless it had failed already.
     */
    private static void keepAnswerAndClose(Request request, Response response) {
        int status = response.getStatus();
        boolean failed = response.isError();
        closeWithoutDraining(request);
        if (!failed) {
            response.resetError();
            response.setStatus(status);
        }
    }

    /**
     * Replaces whatever was answered so far (the application's problem about an unreadable body, or Tomcat's own
     * 408 from the failed read) with this problem, unless the answer has already gone out.
     */
    private static void answer(Response response, HttpStatus status, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetError();
        response.setSuspended(false);
        response.reset();
        response.setHeader(HttpHeaders.CONNECTION, "close");
        ProblemErrorReportValve.write(response, status.value(), status.getReasonPhrase(), detail);
    }
}
