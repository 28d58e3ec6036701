package io.echodb.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny blocking HTTP client for the emulator tests. */
public final class TestHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, as EchoDB's REST clients speak to PeerDB and Slack (no h2c upgrade frames in flight). */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {}

    /** POSTs {@code body} with the given content type and extra header pairs (name, value, …). */
    public static HttpResponse<String> post(String url, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** POSTs a JSON body. */
    public static HttpResponse<String> postJson(String url, String body) {
        return post(url, "application/json", body);
    }

    /**
     * POSTs a JSON body, giving up after {@code timeout}.
     *
     * @throws UncheckedIOException wrapping {@link java.net.http.HttpTimeoutException} when no answer came in
     *     time, {@link java.net.ConnectException} when the connection was refused, or another IOException when
     *     the connection was closed without an answer
     */
    public static HttpResponse<String> postJson(String url, String body, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Sends a request with any method and a JSON body. */
    public static HttpResponse<String> request(String method, String url, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    /** Sends a request with any method and no body. */
    public static HttpResponse<String> request(String method, String url) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /** GETs {@code url}. */
    public static HttpResponse<String> get(String url) {
        return request("GET", url);
    }

    /**
     * GETs {@code url} over a connection of its own, never a pooled one: what a client that was not connected
     * sees. (A pooled keep-alive connection to a server that just went down fails with an EOF instead of a
     * refused connection, whichever side notices first.)
     *
     * @throws UncheckedIOException wrapping {@link java.net.ConnectException} when the connection was refused
     */
    public static HttpResponse<String> getOnNewConnection(String url) {
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            return send(
                    client,
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build());
        }
    }

    /** Parses a response body as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return send(CLIENT, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
