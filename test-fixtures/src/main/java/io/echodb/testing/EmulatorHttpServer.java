package io.echodb.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The HTTP listener shared by the emulators: its own small Vert.x instance, bound to 127.0.0.1 only.
 *
 * <p>{@link #start(String, int, Function)} blocks until the socket is bound, so {@link #baseUrl()} is usable
 * as soon as it returns; {@link #close()} blocks until the port is released. Both wait at most 30 seconds.
 */
public final class EmulatorHttpServer implements AutoCloseable {

    /** The only interface the emulators listen on. */
    public static final String HOST = "127.0.0.1";

    private static final long TIMEOUT_SECONDS = 30;

    private final String name;
    private final Vertx vertx;
    private final HttpServer server;

    private EmulatorHttpServer(String name, Vertx vertx, HttpServer server) {
        this.name = name;
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * Starts a listener.
     *
     * @param name what is being served, for error messages (e.g. {@code "Slack emulator"})
     * @param port TCP port on 127.0.0.1; 0 picks a free one
     * @param routes builds the router on the new Vert.x instance
     * @throws IllegalStateException when the port cannot be bound (the message names the port)
     */
    public static EmulatorHttpServer start(String name, int port, Function<Vertx, Router> routes) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        try {
            Router router = routes.apply(vertx);
            HttpServer server = await(
                    vertx.createHttpServer().requestHandler(router).listen(port, HOST),
                    name + " cannot listen on " + HOST + ":" + port);
            return new EmulatorHttpServer(name, vertx, server);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** The bound TCP port. */
    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port();
    }

    /** Stops listening and releases the Vert.x threads. */
    @Override
    public void close() {
        await(vertx.close(), name + " did not stop");
    }

    private static <T> T await(Future<T> future, String failure) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(failure + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(failure + " within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
