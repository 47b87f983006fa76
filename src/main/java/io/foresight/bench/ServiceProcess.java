package io.foresight.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.foresight.AtomicFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service under test, started as its own process (so that its RSS is its own) on a free port with a
 * given (temporary) data directory, and driven through its public HTTP API only.
 */
final class ServiceProcess implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String base;
    /** Where /actuator is: the service's management port (management.server.port). */
    private final String management;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServiceProcess(Process process, Path dataDir, Path log, int port, int managementPort) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.base = "http://127.0.0.1:" + port;
        this.management = "http://127.0.0.1:" + managementPort;
    }

    /** The memory flags of the Docker image's JAVA_TOOL_OPTIONS (Dockerfile), so that RSS is measured as deployed. */
    static final List<String> DOCKER_JVM_FLAGS = List.of("-XX:MaxRAMPercentage=50", "-Dorg.bytedeco.javacpp.maxbytes=60%",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=170%");

    /**
     * The Java Vector API for the model's kernels, as the Dockerfile's ENTRYPOINT starts the service, when this JDK has
     * the module (a trimmed runtime may not; the service then runs the scalar kernels).
     */
    static final List<String> VECTOR_FLAGS = java.lang.module.ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent()
            ? List.of("--add-modules", "jdk.incubator.vector")
            : List.of();

    /** Starts the service from the same jar (or class path) as this JVM and waits until it is healthy. */
    static ServiceProcess start(Path dataDir, List<String> settings) throws IOException, InterruptedException {
        return start(dataDir, List.of(), settings);
    }

    /** {@code jvmFlags} after the Docker image's (so that {@code -Xmx1g} overrides its heap percentage). */
    static ServiceProcess start(Path dataDir, List<String> jvmFlags, List<String> settings)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("foresight-bench-", ".log");
        int port;
        int managementPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
            port = socket.getLocalPort();
            managementPort = management.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(DOCKER_JVM_FLAGS);
        command.addAll(VECTOR_FLAGS);
        command.addAll(jvmFlags);
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add("io.foresight.ForesightApplication");
        }
        command.add("--server.port=" + port);
        command.add("--management.server.port=" + managementPort);
        command.add("--foresight.data-dir=" + dataDir);
        command.add("--spring.main.banner-mode=off");
        command.add("--logging.level.root=WARN");
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1"); // as the Docker image sets it
        Process process = builder.start();
        ServiceProcess service = new ServiceProcess(process, dataDir, log, port, managementPort);
        service.awaitHealthy(Duration.ofMinutes(3));
        return service;
    }

    long pid() {
        return process.pid();
    }

    String base() {
        return base;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the service exited with status " + process.exitValue() + "; its log:\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException("the service did not become healthy within " + timeout.toSeconds() + " s; its log:\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Resident set size of the service process in bytes, from /proc/PID/status (VmRSS), or -1 where there is none. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** CPU time the service process has used (user + system, every thread) in seconds, from /proc/PID/stat; -1 where there is none. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state is field 3, utime field 14, stime field 15 (man proc); clock ticks of 1/100 s
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Waits until the service's start-up training warm-up has finished ({@code forecast_training_warm_up_seconds}
     * becomes a number; it is NaN until then) and returns its duration in seconds; NaN when it did not finish within
     * {@code timeout} (off, failed, or a build without it).
     */
    double awaitTrainingWarmUp(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            double seconds = prometheusSum("forecast_training_warm_up_seconds", "");
            if (Double.isFinite(seconds) && seconds > 0) {
                return seconds;
            }
            Thread.sleep(100);
        }
        return Double.NaN;
    }

    /** Milliseconds the service's JIT compilers have worked so far (jvm_compilation_time_ms_total), or -1. */
    double compilationMillis() throws IOException, InterruptedException {
        return prometheusSum("jvm_compilation_time_ms_total", "");
    }

    /** The sum of {@code metric}'s samples whose line contains {@code mustContain}, from /actuator/prometheus (-1 when not exposed). */
    private double prometheusSum(String metric, String mustContain) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if ((line.startsWith(metric + "{") || line.startsWith(metric + " ")) && line.contains(mustContain)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Java heap in use, from /actuator/prometheus, in bytes (-1 when not exposed). */
    long heapUsedBytes() throws IOException, InterruptedException {
        return (long) prometheusSum("jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** Uploads a CSV as a dataset and returns its id. */
    String uploadDataset(String name, String fileName, byte[] csv) throws IOException, InterruptedException {
        return uploadDataset(name, fileName, csv, "").get("id").asString();
    }

    /** Uploads a CSV as a dataset with more query parameters ({@code &idColumns=series}); returns the dataset. */
    JsonNode uploadDataset(String name, String fileName, byte[] csv, String parameters)
            throws IOException, InterruptedException {
        String boundary = "bench-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + csv.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(csv, 0, body, head.length, csv.length);
        System.arraycopy(tail, 0, body, head.length + csv.length, tail.length);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets?name=" + name
                + parameters)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return expect(response, 201);
    }

    /** Trains through the training API and waits for the job; returns the finished job. */
    JsonNode train(String model, String requestJson, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/" + model + "/training-jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestJson)).build(), HttpResponse.BodyHandlers.ofString());
        String id = expect(response, 202).get("id").asString();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = expect(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/training-jobs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()), 200);
            String status = job.get("status").asString();
            if (status.equals("SUCCEEDED")) {
                return job;
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IOException("training job " + id + " for model " + model + " ended " + status + ": " + job.get("error"));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("training job " + id + " for model " + model + " did not finish within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** GETs a JSON document from the API. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return expect(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()),
                200);
    }

    /** An answer: status and body. */
    record Answer(int status, byte[] body) {
    }

    /**
     * POSTs JSON with {@link HttpURLConnection}, which does its I/O on the calling thread over a kept-alive
     * connection: the cheapest honest client, so that latencies are the service's and not a client's thread
     * hand-offs (java.net.http's client adds a selector thread to every exchange).
     */
    Answer post(String path, byte[] json) throws IOException {
        return request("POST", path, json, "application/json");
    }

    /** {@link #post} for any method ({@code json} null: no body) and {@code Accept}. */
    Answer request(String method, String path, byte[] json, String accept) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("Accept", accept);
        if (json != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(json.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json);
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] body = in == null ? new byte[0] : in.readAllBytes();
        if (in != null) {
            in.close(); // returns the connection to the keep-alive cache
        }
        return new Answer(status, body);
    }

    private static JsonNode expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // best effort
        }
    }

    static void delete(Path dir) {
        try {
            AtomicFiles.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
