package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * Shared checks of the bad-input catalogue ({@code docs/BAD_INPUT.md}): what every error response must look like,
 * snapshots of the data directory (nothing stored changes on a bad request), a small trained model, and requests
 * {@link Http} cannot make (multipart with a chosen file name, raw request lines).
 */
final class BadInputSupport {

    private BadInputSupport() {
    }

    /** Words that would betray internals in an error body: stack frames, Java class names. */
    private static final String[] INTERNALS = {"Exception", "at io.", "io.foresight.", "java.", "jakarta.", "tools.jackson", "org.springframework",
            "\tat ", "Caused by"};

    /**
     * An RFC 9457 problem: the status, {@code application/problem+json}, title, status and detail fields, the detail
     * containing every fragment (case-insensitive), and no internals anywhere in the body.
     */
    static JsonNode assertProblem(Http.Response response, int status, String... detailFragments) {
        if (Boolean.getBoolean("badinput.print")) {
            // -Dbadinput.print=true shows every answer, e.g. to review the wording of the catalogue
            System.out.println("BAD-INPUT " + response.status() + " " + response.body());
        }
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type of %s", response.body())
                .startsWith("application/problem+json");
        assertNoInternals(response.body());
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as(response.body()).isEqualTo(status);
        assertThat(problem.path("title").asString("")).as(response.body()).isNotBlank();
        String detail = problem.path("detail").asString("");
        assertThat(detail).as(response.body()).isNotBlank();
        for (String fragment : detailFragments) {
            assertThat(detail).as(response.body()).containsIgnoringCase(fragment);
        }
        return problem;
    }

    static void assertNoInternals(String body) {
        for (String word : INTERNALS) {
            assertThat(body).as("error body must not reveal internals").doesNotContain(word);
        }
    }

    /** Every regular file under {@code dir} (relative path -> SHA-256), to compare before and after. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), sha256(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Names directly in {@code dir}. */
    static java.util.Set<String> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return new java.util.TreeSet<>(entries.map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sample(String file) {
        try {
            return Files.readAllBytes(Path.of("sample-data", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Uploads AirPassengers as a dataset and returns its id. */
    static String uploadAir(Http http) {
        Http.Response response = http.postMultipart("/api/v1/datasets", Map.of("file", sample("AirPassengers.csv"), "name", "air"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    /** Trains a small LSTM on the dataset and waits until it succeeds. */
    static JsonNode trainSmall(Http http, String model, String datasetId) {
        Http.Response submitted = http.postJson("/api/v1/models/" + model + "/training-jobs", """
                {"datasetId": "%s", "target": "value", "horizon": 12, "architecture": "LSTM", "layers": [8],
                 "epochs": 3, "seed": 3}""".formatted(datasetId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = awaitJob(http, submitted.json().get("id").asString(), Duration.ofMinutes(2));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    static JsonNode awaitJob(Http http, String jobId, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http.get("/api/v1/training-jobs/" + jobId).json();
            String status = job.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish within " + limit);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Multipart POST with a CSV part {@code file} under the given file name, plus text parts; the file name goes
     * into the header as it is (quotes and backslashes escaped), so it can carry path tricks.
     */
    static Http.Response postFile(int port, String path, String filename, byte[] csv, Map<String, String> textParts) {
        String boundary = "----badinput" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String escaped = filename.replace("\\", "\\\\").replace("\"", "\\\"");
        body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + escaped
                + "\"\r\nContent-Type: text/csv\r\n\r\n"));
        body.writeBytes(csv);
        body.writeBytes(utf8("\r\n"));
        for (Map.Entry<String, String> part : textParts.entrySet()) {
            String type = part.getValue().startsWith("{") ? "application/json" : "text/plain";
            body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.getKey()
                    + "\"\r\nContent-Type: " + type + "\r\n\r\n" + part.getValue() + "\r\n"));
        }
        body.writeBytes(utf8("--" + boundary + "--\r\n"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return send(request);
    }

    /**
     * Multipart POST of the parts in the order given, names repeated as they are: each part is {name, byte[] file} or
     * {name, text}.
     */
    static Http.Response postParts(int port, String path, Object[][] parts) {
        String boundary = "----badinput" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object[] part : parts) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part[0] + "\"";
            if (part[1] instanceof byte[] file) {
                body.writeBytes(utf8(head + "; filename=\"" + part[0] + ".csv\"\r\nContent-Type: text/csv\r\n\r\n"));
                body.writeBytes(file);
            } else {
                String text = part[1].toString();
                body.writeBytes(utf8(head + "\r\nContent-Type: " + (text.startsWith("{") ? "application/json" : "text/plain")
                        + "\r\n\r\n" + text));
            }
            body.writeBytes(utf8("\r\n"));
        }
        body.writeBytes(utf8("--" + boundary + "--\r\n"));
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static Http.Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A raw response: status, headers as text and body, read from a socket. */
    record RawResponse(int status, String head, String body) {

        /** The body without chunked transfer coding. */
        String content() {
            if (!head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                return body;
            }
            // chunk sizes count bytes: undo the UTF-8 decoding (the server sends valid UTF-8) and decode again
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            int at = 0;
            while (at < bytes.length) {
                int lineEnd = at;
                while (lineEnd + 1 < bytes.length && !(bytes[lineEnd] == '\r' && bytes[lineEnd + 1] == '\n')) {
                    lineEnd++;
                }
                int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
                if (size == 0) {
                    break;
                }
                content.write(bytes, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return content.toString(StandardCharsets.UTF_8);
        }

        /** As an {@link Http.Response}, for {@link #assertProblem}. */
        Http.Response asResponse() {
            java.util.Map<String, java.util.List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
            }
            return new Http.Response(status, java.net.http.HttpHeaders.of(headers, (k, v) -> true), content());
        }
    }

    /**
     * Sends a request line as it is (no client-side normalisation or encoding) over a plain socket, with
     * {@code Connection: close}, and reads the whole response. {@code extraHeaders} are CRLF-terminated lines.
     */
    static RawResponse raw(int port, String method, String target, String extraHeaders) {
        return raw(port, method, target, extraHeaders, null, null);
    }

    static RawResponse raw(int port, String method, String target, String contentType, String body) {
        return raw(port, method, target, null, contentType, body);
    }

    static RawResponse raw(int port, String method, String target, String extraHeaders, String contentType, String body) {
        byte[] content = body == null ? new byte[0] : utf8(body);
        String head = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n"
                + (extraHeaders == null ? "" : extraHeaders)
                + (body == null ? "" : "Content-Type: " + contentType + "\r\nContent-Length: " + content.length + "\r\n")
                + "\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(content);
        return rawRequest(port, request.toByteArray());
    }

    /** Sends {@code request} byte for byte (request line, headers, body: nothing added) and reads the whole response. */
    static RawResponse rawRequest(int port, byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String responseHead = split < 0 ? response : response.substring(0, split);
            String responseBody = split < 0 ? "" : response.substring(split + 4);
            int status = Integer.parseInt(responseHead.substring(9, 12));
            return new RawResponse(status, responseHead, responseBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
