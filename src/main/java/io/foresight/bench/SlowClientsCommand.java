package io.foresight.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.foresight.CommandOptions;

/**
 * {@code foresight slow-clients}: the slow-body attack of issue 15 against a running service, measured. It opens N
 * connections that each send the headers of a forecast POST and the start of its body, then one byte every
 * {@code --interval} seconds, for {@code --duration} seconds at most; meanwhile it asks for a forecast (GET
 * {@code /api/v1/models/{model}/forecast?horizon=12}) over and over, and for {@code /actuator/health} on the
 * management port, and reports the forecast latency (p50, p99, max), the health answers and what became of every
 * slow connection (408, 429, closed, still open). The slow connections come from loopback source addresses
 * 127.0.0.2, 127.0.0.3, ... ({@code --addresses}), the forecasts and health checks from 127.0.0.1, so that a cap per
 * client address sees an attacker and a client. See docs/BAD_INPUT.md, "Slow clients and connection floods".
 */
public final class SlowClientsCommand {

    static final String USAGE = """
            usage: slow-clients [options]    (against a running service; Linux loopback for --addresses > 1)
              --url=URL              the API (default http://127.0.0.1:8080)
              --management-url=URL   where /actuator/health is (default: the API's host on port 8081)
              --model=NAME           a trained model to forecast with (default air)
              --connections=N        slow connections (default 200)
              --addresses=N          loopback source addresses they come from, 127.0.0.2 on (default 1)
              --interval=SECONDS     seconds between the bytes each slow connection sends (default 20)
              --duration=SECONDS     how long the attack and the measurement last (default 60)""";

    private static final Duration FORECAST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    record Options(URI api, URI management, String model, int connections, int addresses, Duration interval,
            Duration duration) {

        static Options parse(List<String> args) {
            Arguments line = Arguments.read(args,
                    Set.of("url", "management-url", "model", "connections", "addresses", "interval", "duration"), Set.of());
            URI api = line.value("url", URI::create, URI.create("http://127.0.0.1:8080"));
            URI management = line.value("management-url", URI::create, null);
            String model = line.text("model", "air");
            int connections = line.positive("connections", 200);
            int addresses = line.positive("addresses", 1);
            int interval = line.positive("interval", 20);
            int duration = line.positive("duration", 60);
            if (management == null) {
                management = URI.create(api.getScheme() + "://" + api.getHost() + ":8081");
            }
            return new Options(api, management, model, connections, addresses, Duration.ofSeconds(interval),
                    Duration.ofSeconds(duration));
        }
    }

    private SlowClientsCommand() {
    }

    /** @return 0 when the measurement ran, 1 when it could not, 2 for a wrong command line */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = CommandOptions.parse("slow-clients", args, Options::parse, USAGE, err);
        if (options == null) {
            return CommandOptions.USAGE_ERROR;
        }
        try {
            measure(options, out);
            return 0;
        } catch (Exception e) {
            err.println("slow-clients: " + e);
            return 1;
        }
    }

    /** What became of one slow connection. */
    private static final class Slow {
        final SocketChannel channel;
        final long opened;
        long ended = -1;
        String outcome;
        final ByteBuffer head = ByteBuffer.allocate(64);

        Slow(SocketChannel channel, long opened) {
            this.channel = channel;
            this.opened = opened;
        }

        void end(String outcome) {
            if (this.outcome == null) {
                this.outcome = outcome;
                this.ended = System.nanoTime();
            }
            try {
                channel.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
    }

    static void measure(Options o, PrintStream out) throws Exception {
        String forecastPath = "/api/v1/models/" + o.model() + "/forecast?horizon=12";
        Probe first = get(o.api().resolve(forecastPath), FORECAST_TIMEOUT);
        if (first.status != 200) {
            throw new IllegalStateException("GET " + forecastPath + " answered " + first.status
                    + " before the attack; train the model first (README: upload sample-data/AirPassengers.csv and train 'air')");
        }
        out.printf(Locale.ROOT, "slow-clients: %d connections from %d address(es), one byte every %d s, for %d s against %s"
                + " (health at %s)%n", o.connections(), o.addresses(), o.interval().toSeconds(), o.duration().toSeconds(),
                o.api(), o.management());

        long start = System.nanoTime();
        long end = start + o.duration().toNanos();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Double> forecastMillis = new ArrayList<>();
        int[] forecastFailures = {0};
        String[] forecastFirstFailure = {null};
        Thread forecasts = new Thread(() -> {
            while (running.get()) {
                long t0 = System.nanoTime();
                Probe probe = get(o.api().resolve(forecastPath), FORECAST_TIMEOUT);
                synchronized (forecastMillis) {
                    forecastMillis.add((System.nanoTime() - t0) / 1e6);
                    if (probe.status != 200) {
                        forecastFailures[0]++;
                        forecastFirstFailure[0] = forecastFirstFailure[0] == null ? probe.describe() : forecastFirstFailure[0];
                    }
                }
                pause(100);
            }
        }, "slow-clients-forecasts");
        List<Double> healthMillis = new ArrayList<>();
        int[] healthFailures = {0};
        Thread health = new Thread(() -> {
            while (running.get()) {
                long t0 = System.nanoTime();
                Probe probe = get(o.management().resolve("/actuator/health"), HEALTH_TIMEOUT);
                synchronized (healthMillis) {
                    healthMillis.add((System.nanoTime() - t0) / 1e6);
                    if (probe.status != 200 || !probe.body.contains("\"UP\"")) {
                        healthFailures[0]++;
                    }
                }
                pause(500);
            }
        }, "slow-clients-health");
        forecasts.setDaemon(true);
        health.setDaemon(true);
        forecasts.start();
        health.start();

        List<Slow> slow = new ArrayList<>();
        int refusedAtConnect = 0;
        String host = o.api().getHost();
        int port = o.api().getPort();
        byte[] head = ("POST /api/v1/models/" + o.model() + "/forecast HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"horizon\": 12, \"history\": [")
                .getBytes(StandardCharsets.US_ASCII);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < o.connections() && System.nanoTime() < end; i++) {
                SocketChannel channel = SocketChannel.open();
                try {
                    channel.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i % o.addresses())}), 0));
                    channel.connect(new InetSocketAddress(host, port));
                    channel.write(ByteBuffer.wrap(head));
                    channel.configureBlocking(false);
                    Slow s = new Slow(channel, System.nanoTime());
                    channel.register(selector, SelectionKey.OP_READ, s);
                    slow.add(s);
                } catch (IOException e) {
                    refusedAtConnect++;
                    channel.close();
                }
                selectNow(selector);
            }
            long nextByte = System.nanoTime() + o.interval().toNanos();
            while (System.nanoTime() < end) {
                long wait = Math.max(1, Math.min(nextByte, end) - System.nanoTime()) / 1_000_000;
                selector.select(Math.max(1, wait));
                handle(selector);
                if (System.nanoTime() >= nextByte) {
                    for (Slow s : slow) {
                        if (s.outcome == null) {
                            try {
                                s.channel.write(ByteBuffer.wrap(new byte[] {' '}));
                            } catch (IOException e) {
                                s.end("closed by the service");
                            }
                        }
                    }
                    nextByte += o.interval().toNanos();
                }
            }
            for (Slow s : slow) {
                if (s.outcome == null) {
                    s.end("still open at the end");
                }
            }
        }
        running.set(false);
        forecasts.join(FORECAST_TIMEOUT.toMillis() + 1000);
        health.join(HEALTH_TIMEOUT.toMillis() + 1000);

        out.println();
        synchronized (forecastMillis) {
            double[] sorted = forecastMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf(Locale.ROOT, "forecasts: %d asked, %d failed (timeout %d s), p50 %.1f ms, p99 %.1f ms, max %.1f ms%s%n",
                    sorted.length, forecastFailures[0], FORECAST_TIMEOUT.toSeconds(), percentile(sorted, 50),
                    percentile(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                    forecastFirstFailure[0] == null ? "" : "; first failure: " + forecastFirstFailure[0]);
        }
        synchronized (healthMillis) {
            double[] sorted = healthMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf(Locale.ROOT, "health:    %d asked, %d UP, %d not (timeout %d s), p50 %.1f ms, max %.1f ms%n", sorted.length,
                    sorted.length - healthFailures[0], healthFailures[0], HEALTH_TIMEOUT.toSeconds(), percentile(sorted, 50),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
        }
        Map<String, List<Double>> outcomes = new TreeMap<>();
        for (Slow s : slow) {
            outcomes.computeIfAbsent(s.outcome, k -> new ArrayList<>()).add((s.ended - s.opened) / 1e9);
        }
        out.printf(Locale.ROOT, "slow connections: %d opened, %d refused at connect%n", slow.size(), refusedAtConnect);
        for (Map.Entry<String, List<Double>> e : outcomes.entrySet()) {
            double[] seconds = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf(Locale.ROOT, "  %-28s %5d  after %.1f s (median), %.1f s (max)%n", e.getKey(), seconds.length,
                    percentile(seconds, 50), seconds[seconds.length - 1]);
        }
    }

    /** Reads what has arrived: the first line of an answer, or the end of the connection. */
    private static void handle(Selector selector) {
        for (SelectionKey key : selector.selectedKeys()) {
            Slow s = (Slow) key.attachment();
            try {
                int n = s.channel.read(s.head);
                if (n < 0) {
                    s.end("closed without an answer");
                } else {
                    String text = new String(s.head.array(), 0, s.head.position(), StandardCharsets.US_ASCII);
                    if (text.length() >= 12 && text.startsWith("HTTP/1.1 ")) {
                        s.end("answered " + text.substring(9, 12));
                    }
                }
            } catch (IOException e) {
                s.end("closed without an answer");
            }
            if (s.outcome != null) {
                key.cancel();
            }
        }
        selector.selectedKeys().clear();
    }

    private static void selectNow(Selector selector) throws IOException {
        selector.selectNow();
        handle(selector);
    }

    private record Probe(int status, String body, String error) {

        String describe() {
            return error != null ? error : "status " + status;
        }
    }

    /** One GET with {@link HttpURLConnection} on the calling thread; status -1 when it failed. */
    private static Probe get(URI uri, Duration timeout) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (in != null) {
                in.close();
            }
            return new Probe(status, body, null);
        } catch (IOException e) {
            return new Probe(-1, "", e.toString());
        }
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
