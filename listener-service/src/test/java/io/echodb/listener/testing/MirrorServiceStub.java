package io.echodb.listener.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for mirror-service's {@code POST /api/v1/table-events} on a dynamic port and records every
 * request. Answers 202 {@code {"status":"accepted"}}, except for tables whose name starts with
 * {@value #FAILING_PREFIX} (503) or {@value #REFUSED_PREFIX} (400), so tests can watch retries and drops.
 */
public final class MirrorServiceStub implements AutoCloseable {

    /** Tables with this name prefix get 503 Service Unavailable. */
    public static final String FAILING_PREFIX = "fail_";

    /** Tables with this name prefix get 400 Bad Request. */
    public static final String REFUSED_PREFIX = "reject_";

    /** One request received. */
    public record Received(JsonObject body, String apiKey, int status) {}

    private final Vertx vertx = Vertx.vertx();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** Starts listening on a free port of 127.0.0.1. */
    public MirrorServiceStub start() {
        try {
            server = vertx.createHttpServer()
                    .requestHandler(this::handle)
                    .listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the mirror-service stub", e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Every request received, oldest first. */
    public List<Received> requests() {
        return List.copyOf(received);
    }

    /** The last accepted event for {@code schema.table}, if any. */
    public Optional<JsonObject> acceptedEvent(String schema, String table) {
        return requests().reversed().stream()
                .filter(r -> r.status() == 202)
                .map(Received::body)
                .filter(b -> schema.equals(b.getString("schema")) && table.equals(b.getString("table")))
                .findFirst();
    }

    /** All requests (accepted or not) for tables named {@code table}, in any schema. */
    public List<Received> requestsFor(String table) {
        return requests().stream().filter(r -> table.equals(r.body().getString("table"))).toList();
    }

    private void handle(HttpServerRequest request) {
        if (!"POST".equals(request.method().name()) || !"/api/v1/table-events".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(buffer -> {
            JsonObject body = buffer.toJsonObject();
            String table = body.getString("table", "");
            int status = table.startsWith(FAILING_PREFIX) ? 503 : table.startsWith(REFUSED_PREFIX) ? 400 : 202;
            received.add(new Received(body, request.getHeader("X-EchoDB-Api-Key"), status));
            request.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(status == 202 ? "{\"status\":\"accepted\"}" : "{\"title\":\"stubbed failure\",\"status\":" + status + "}");
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
