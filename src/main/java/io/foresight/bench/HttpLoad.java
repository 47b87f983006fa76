package io.foresight.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timed forecast requests against the running service: closed-loop clients, each sending the next request as
 * soon as the previous one is answered. A request counts as an error when the status is not 200 or the body
 * differs from the reference answer (the same request answered alone), so a forecast spoiled by concurrency is
 * caught, not just a failed one.
 */
final class HttpLoad {

    /** Latencies in milliseconds, requests answered correctly, errors, and wall time in seconds. */
    record Run(int clients, double[] sortedMillis, long ok, long errors, double seconds, String firstError) {

        double p50() {
            return percentile(50);
        }

        double p99() {
            return percentile(99);
        }

        double percentile(double p) {
            if (sortedMillis.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sortedMillis.length) - 1;
            return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, index))];
        }

        double throughput() {
            return ok / seconds;
        }
    }

    /**
     * How the client sends a request with a body. {@code STREAMING} is {@link ServiceProcess#post}:
     * {@code HttpURLConnection} in fixed-length streaming mode, which sends the headers as soon as the body's stream
     * is opened and the body after them; it waits about 1.3 ms more per request than the service takes (2-core
     * machine, docs/BENCHMARK.md "Issue 22"). {@code BUFFERED} is {@code HttpURLConnection}'s default mode, the body
     * buffered and sent right after the headers, as curl and most clients send a small request.
     */
    enum Client {
        STREAMING, BUFFERED
    }

    private final ServiceProcess service;
    private final String method;
    private final String path;
    private final byte[] body;
    private final Client client;
    private final byte[] reference;

    HttpLoad(ServiceProcess service, String path, byte[] body) throws Exception {
        this(service, "POST", path, body, Client.STREAMING);
    }

    /** Requests {@code method path} with {@code body} (null: none), checked against the first answer. */
    HttpLoad(ServiceProcess service, String method, String path, byte[] body, Client client) throws Exception {
        this.service = service;
        this.method = method;
        this.path = path;
        this.body = body;
        this.client = client;
        ServiceProcess.Answer first = send();
        if (first.status() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + first.status() + ": "
                    + new String(first.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        this.reference = first.body();
    }

    private ServiceProcess.Answer send() throws java.io.IOException {
        if (body == null || client == Client.STREAMING) {
            return service.request(method, path, body, "application/json");
        }
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) java.net.URI.create(service.base() + path)
                .toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("Accept", "application/json");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (java.io.OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        java.io.InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] answer = in == null ? new byte[0] : in.readAllBytes();
        if (in != null) {
            in.close(); // returns the connection to the keep-alive cache
        }
        return new ServiceProcess.Answer(status, answer);
    }

    byte[] reference() {
        return reference;
    }

    /** {@code count} requests one after the other. */
    Run sequential(int count) throws Exception {
        double[] millis = new double[count];
        long errors = 0;
        String firstError = null;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            String error = once();
            millis[i] = (System.nanoTime() - t0) / 1e6;
            if (error != null) {
                errors++;
                firstError = firstError == null ? error : firstError;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(millis);
        return new Run(1, millis, count - errors, errors, seconds, firstError);
    }

    /** {@code clients} closed-loop clients for {@code duration}. */
    Run concurrent(int clients, Duration duration) throws Exception {
        List<List<Double>> latencies = new ArrayList<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        String[] firstError = new String[1];
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            Thread thread = new Thread(() -> {
                try {
                    ready.countDown();
                    go.await();
                    long deadline = window[0] + duration.toNanos();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        String error = once();
                        mine.add((System.nanoTime() - t0) / 1e6);
                        if (error == null) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                            synchronized (firstError) {
                                firstError[0] = firstError[0] == null ? error : firstError[0];
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        go.countDown();
        done.await();
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        double[] millis = latencies.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).sorted().toArray();
        return new Run(clients, millis, ok.get(), errors.get(), seconds, firstError[0]);
    }

    /** One request; null when it was answered 200 with the reference body, else what was wrong. */
    private String once() {
        try {
            ServiceProcess.Answer response = send();
            if (response.status() != 200) {
                return "status " + response.status();
            }
            if (!Arrays.equals(response.body(), reference)) {
                return "a 200 answer that differs from the same request answered alone";
            }
            return null;
        } catch (Exception e) {
            return e.toString();
        }
    }
}
