package io.foresight.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for end-to-end tests. */
public final class Http {

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private String apiKey;

    public Http(int port) {
        this.base = "http://localhost:" + port;
    }

    public Http withApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON POST that asks for {@code accept} (e.g. text/csv). */
    public Response postJson(String path, String json, String accept) {
        return send(request(path).header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Multipart POST; each value is either a {@code byte[]} file (named after the part) or a JSON/text string. */
    public Response postMultipart(String path, Map<String, Object> parts) {
        String boundary = "----foresight" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> part : parts.entrySet()) {
            write(body, "--" + boundary + "\r\n");
            if (part.getValue() instanceof byte[] bytes) {
                write(body, "Content-Disposition: form-data; name=\"" + part.getKey() + "\"; filename=\"" + part.getKey()
                        + ".csv\"\r\nContent-Type: text/csv\r\n\r\n");
                body.writeBytes(bytes);
            } else {
                String text = part.getValue().toString();
                String type = text.startsWith("{") ? "application/json" : "text/plain";
                write(body, "Content-Disposition: form-data; name=\"" + part.getKey() + "\"\r\nContent-Type: " + type + "\r\n\r\n");
                write(body, text);
            }
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Reads a whole text/event-stream response (the server ends it). */
    public Response stream(String path) {
        return send(request(path).header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5)).GET());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
