package io.echodb.alert;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * mirror-service's read API as alert-service polls it (contracts.md §6), on a free port of 127.0.0.1: no dead
 * letters, skipped or unmirrored tables, no open breaker, and the pause cycles a test sets. Attach with
 * {@code @WithTestResource(MirrorServiceStub.Resource.class)}; a field of this type is injected.
 */
public final class MirrorServiceStub {

    private final HttpServer server;
    private volatile String pauseCycles = "[]";

    private MirrorServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.endsWith("/status")
                    ? "{\"circuitBreakers\":{},\"deadLetters\":0,\"unmirroredTables\":0,\"pauseCycles\":" + pauseCycles
                            + "}"
                    : "[]";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the {@code pauseCycles} array of {@code GET /api/v1/status} (JSON). */
    public void pauseCycles(String json) {
        this.pauseCycles = json;
    }

    /** Lifecycle manager: starts the stub and points {@code quarkus.rest-client.mirror-service.url} at it. */
    public static final class Resource implements QuarkusTestResourceLifecycleManager {

        private MirrorServiceStub stub;

        @Override
        public Map<String, String> start() {
            stub = new MirrorServiceStub();
            return Map.of("quarkus.rest-client.mirror-service.url", stub.baseUrl());
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(stub, new TestInjector.MatchesType(MirrorServiceStub.class));
        }

        @Override
        public void stop() {
            if (stub != null) {
                stub.server.stop(0);
            }
        }
    }
}
