package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slow request bodies and connection floods (docs/BAD_INPUT.md, "Slow clients and connection floods"): with a
 * request thread pool of 8, three times as many connections that send the start of a body and then trickle one
 * byte every 300 ms do not stop forecasts or the health check on the management port; each of them is answered 408
 * (too slow) or 429 (over its address's cap) and closed within the grace, the per-read timeout and a margin. The
 * slow connections come from 127.0.0.2 to 127.0.0.4, the forecasts from the test's own address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowClientsTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-slow").resolve("data");
    static final int THREADS = 8;
    static final int ADDRESSES = 3;
    static final int PER_ADDRESS = 8;
    static final Duration GRACE = Duration.ofSeconds(1);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** Latest a slow connection may end: the grace, one per-read timeout, and 3 s for a busy 2-core machine. */
    static final Duration DEADLINE = GRACE.plus(READ_TIMEOUT).plusSeconds(3);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("server.tomcat.threads.max", () -> Integer.toString(THREADS));
        registry.add("server.tomcat.threads.min-spare", () -> Integer.toString(THREADS));
        registry.add("server.tomcat.connection-timeout", () -> READ_TIMEOUT.toMillis() + "ms");
        registry.add("foresight.limits.body-grace", () -> GRACE.toMillis() + "ms");
        registry.add("foresight.limits.min-body-bytes-per-second", () -> "100");
        // a quarter of the pool per address, as the defaults (50 of 200)
        registry.add("foresight.limits.max-requests-per-client", () -> Integer.toString(THREADS / 4));
        // half the pool may wait for body bytes, as the defaults (100 of 200)
        registry.add("foresight.limits.max-waiting-body-reads", () -> Integer.toString(THREADS / 2));
        registry.add("management.server.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    static boolean trained;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private void trainOnce() {
        if (!trained) {
            Http http = new Http(port);
            BadInputSupport.trainSmall(http, "air", BadInputSupport.uploadAir(http));
            trained = true;
        }
    }

    /** One slow connection: the headers and the start of a forecast body, then a byte whenever asked. */
    static final class SlowConnection {
        final Socket socket;
        final long opened = System.nanoTime();
        volatile long ended = -1;
        volatile String answer;
        volatile boolean closed;

        SlowConnection(int port, String source, String contentType) throws IOException {
            this(port, source, contentType, "/api/v1/models/air/forecast");
        }

        SlowConnection(int port, String source, String contentType, String path) throws IOException {
            socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(source), 0);
            socket.setSoTimeout((int) DEADLINE.plusSeconds(4).toMillis());
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: " + contentType + "\r\nContent-Length: 10000\r\n\r\n{\"horizon\": 12, \"history\": [")
                    .getBytes(StandardCharsets.US_ASCII));
        }

        /** Sends one more byte; false once the service has closed the connection. */
        boolean trickle() {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(' ');
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Reads until the service closes the connection (or the socket's timeout), keeping the answer. */
        void await() {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset by the service
            }
            ended = System.nanoTime();
            answer = received.toString(StandardCharsets.UTF_8);
            try {
                socket.close();
            } catch (IOException e) {
                // done with it
            }
        }

        Duration lifetime() {
            return Duration.ofNanos(ended - opened);
        }
    }

    private static boolean loopbackAliasesWork() {
        try (Socket probe = new Socket()) {
            probe.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void slowBodiesAreCutOffWhileForecastsAndHealthKeepAnswering() throws Exception {
        assumeTrue(loopbackAliasesWork(), "needs 127.0.0.2-4 as source addresses (Linux loopback)");
        trainOnce();
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get(port, "/api/v1/models/air/forecast?horizon=12").statusCode()).isEqualTo(200);

        List<String> sources = new ArrayList<>();
        for (int a = 0; a < ADDRESSES; a++) {
            for (int i = 0; i < PER_ADDRESS; i++) {
                sources.add("127.0.0." + (2 + a));
            }
        }
        List<SlowConnection> slow = attack(sources);

        int tooSlow = 0;
        int overCap = 0;
        for (SlowConnection connection : slow) {
            assertThat(connection.closed).as("closed by the service: %s", connection.answer).isTrue();
            assertThat(connection.lifetime()).as(connection.answer).isLessThanOrEqualTo(DEADLINE);
            String answer = connection.answer;
            assertThat(answer).as("an answer before the close").startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(answer.substring(9, 12));
            assertThat(status).as(answer).isIn(408, 429, 503);
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json")
                    .containsIgnoringCase("Connection: close");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            BadInputSupport.assertNoInternals(body);
            assertThat(Http.JSON.readTree(body).path("status").asInt()).isEqualTo(status);
            String detail = Http.JSON.readTree(body).path("detail").asString("");
            if (status == 503) {
                assertThat(detail).contains("foresight.limits.max-waiting-body-reads");
            } else if (status == 408) {
                tooSlow++;
                assertThat(detail).contains("too slowly", "100 bytes per second", "foresight.limits.min-body-bytes-per-second");
            } else {
                overCap++;
                assertThat(detail).contains("2 requests in progress", "foresight.limits.max-requests-per-client");
                assertThat(connection.lifetime()).as("refused at once").isLessThan(GRACE);
            }
        }
        assertThat(tooSlow).as("slow bodies refused as too slow").isGreaterThanOrEqualTo(ADDRESSES);
        assertThat(overCap).as("connections over their address's cap").isGreaterThanOrEqualTo(ADDRESSES);

        // and the service is as before
        assertThat(get(port, "/api/v1/models/air/forecast?horizon=12").statusCode()).isEqualTo(200);
    }

    /**
     * Opens a slow connection from each source, trickles a byte into each every 300 ms, and meanwhile asks for a
     * forecast and the health every 200 ms, each of which must answer within the client's 3 s; returns the
     * connections once the service has closed them (or the wait ran out).
     */
    private List<SlowConnection> attack(List<String> sources) throws Exception {
        List<SlowConnection> slow = new ArrayList<>();
        for (String source : sources) {
            slow.add(new SlowConnection(port, source, "application/json"));
        }
        List<Thread> readers = new ArrayList<>();
        for (SlowConnection connection : slow) {
            readers.add(daemon("slow-reader", connection::await));
        }
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickler = daemon("slow-trickler", () -> {
            long stop = System.nanoTime() + DEADLINE.plusSeconds(4).toNanos();
            while (trickling.get() && System.nanoTime() < stop) {
                for (SlowConnection connection : slow) {
                    if (connection.ended < 0) {
                        connection.trickle();
                    }
                }
                BadInputSupport.sleep(300);
            }
        });

        // while the slow connections are open, forecasts and health answer within the client's 3 s
        long until = System.nanoTime() + DEADLINE.toNanos();
        int forecasts = 0;
        while (System.nanoTime() < until) {
            HttpResponse<String> forecast = get(port, "/api/v1/models/air/forecast?horizon=12");
            assertThat(forecast.statusCode()).as(forecast.body()).isEqualTo(200);
            HttpResponse<String> health = get(managementPort, "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            forecasts++;
            BadInputSupport.sleep(200);
        }
        assertThat(forecasts).isGreaterThan(5);

        for (Thread reader : readers) {
            reader.join(DEADLINE.plusSeconds(6).toMillis());
        }
        trickling.set(false);
        trickler.join(2000);

        return slow;
    }

    @Test
    @Order(2)
    void aBodyThatStopsIsCutOffByThePerReadTimeout() throws Exception {
        trainOnce();
        SlowConnection silent = new SlowConnection(port, "127.0.0.1", "application/json");
        silent.await();
        assertThat(silent.closed).isTrue();
        assertThat(silent.lifetime()).isLessThanOrEqualTo(DEADLINE);
        assertThat(silent.answer).startsWith("HTTP/1.1 408");
        assertThat(silent.answer).contains("No part of the request body arrived for 2.0 s", "server.tomcat.connection-timeout");
    }

    /** Trickles a byte every 300 ms into {@code connection} until the service has closed it. */
    private static SlowConnection trickleUntilClosed(SlowConnection connection) throws InterruptedException {
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickler = daemon("slow-trickler", () -> {
            while (trickling.get() && connection.trickle()) {
                BadInputSupport.sleep(300);
            }
        });
        connection.await();
        trickling.set(false);
        trickler.join(2000);
        return connection;
    }

    @Test
    @Order(3)
    void aSlowBodyThatTheEndpointDoesNotReadIsNotDrainedAtTheClientsPace() throws Exception {
        trainOnce();
        // text/plain is refused (415) before the body is read; Tomcat would then read the rest at the client's pace
        SlowConnection unread = trickleUntilClosed(new SlowConnection(port, "127.0.0.1", "text/plain"));
        assertThat(unread.closed).as(unread.answer).isTrue();
        assertThat(unread.lifetime()).as(unread.answer).isLessThanOrEqualTo(DEADLINE);
        assertThat(unread.answer).startsWith("HTTP/1.1 415");
    }

    @Test
    @Order(4)
    void aSlowBodyToTheManagementPortIsCutOffToo() throws Exception {
        // the actuator answers 405 to a POST without reading the body; Tomcat would then drain it at the client's pace
        SlowConnection toHealth = trickleUntilClosed(new SlowConnection(managementPort, "127.0.0.1", "application/json",
                "/actuator/health"));
        assertThat(toHealth.closed).as(toHealth.answer).isTrue();
        assertThat(toHealth.lifetime()).as(toHealth.answer).isLessThanOrEqualTo(DEADLINE);
        assertThat(toHealth.answer).startsWith("HTTP/1.1 4");
    }

    @Test
    @Order(6)
    void slowBodiesFromManyAddressesEachUnderItsCapLeaveHalfThePool() throws Exception {
        assumeTrue(loopbackAliasesWork(), "needs 127.0.0.10-21 as source addresses (Linux loopback)");
        trainOnce();
        // three times the pool, two per address: no address is over its cap
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 3 * THREADS; i++) {
            sources.add("127.0.0." + (10 + i / 2));
        }
        List<SlowConnection> slow = attack(sources);

        int busy = 0;
        for (SlowConnection connection : slow) {
            assertThat(connection.closed).as("closed by the service: %s", connection.answer).isTrue();
            assertThat(connection.lifetime()).as(connection.answer).isLessThanOrEqualTo(DEADLINE);
            String answer = connection.answer;
            assertThat(answer).as("an answer before the close").startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(answer.substring(9, 12));
            assertThat(status).as(answer).isIn(408, 503);
            if (status == 503) {
                busy++;
                assertThat(answer).containsIgnoringCase("Retry-After: 1").contains("foresight.limits.max-waiting-body-reads");
            }
        }
        assertThat(busy).as("slow bodies refused because half the pool already waited for bodies").isPositive();
        assertThat(get(port, "/api/v1/models/air/forecast?horizon=12").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aBodyAboveTheMinimumRateIsAnsweredNormallyAndTheConnectionKeptAlive() throws Exception {
        trainOnce();
        String json = "{\"horizon\": 12" + " ".repeat(1200) + "}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/models/air/forecast HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
            // 60 bytes every 150 ms: 400 bytes per second, four times the minimum, for about 3 s
            for (int off = 0; off < bytes.length; off += 60) {
                out.write(bytes, off, Math.min(60, bytes.length - off));
                out.flush();
                BadInputSupport.sleep(150);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(GRACE.plus(READ_TIMEOUT));
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("Connection: close");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
