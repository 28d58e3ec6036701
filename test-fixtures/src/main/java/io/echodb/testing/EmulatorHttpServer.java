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
import org.jboss.logging.Logger;

/**
 * The HTTP listener shared by the emulators: its own small Vert.x instance, bound to 127.0.0.1 only.
 *
 * <p>{@link #start(int, Function)} blocks until the socket is bound, so {@link #baseUrl()} is usable as soon
 * as it returns; {@link #stop()} blocks until the port is released. Both wait at most 30 seconds. Thread-safe.
 */
public final class EmulatorHttpServer implements AutoCloseable {

    /** The only interface the emulators listen on. */
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = Logger.getLogger(EmulatorHttpServer.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final String name;
    private Vertx vertx;
    private HttpServer server;

    /** @param name what is served, for messages (e.g. {@code "Slack emulator"}) */
    public EmulatorHttpServer(String name) {
        this.name = name;
    }

    /**
     * Starts listening.
     *
     * @param port TCP port on 127.0.0.1; 0 picks a free one
     * @param routes builds the router on the new Vert.x instance
     * @throws IllegalStateException when already started or the port cannot be bound (the message names it)
     */
    public synchronized void start(int port, Function<Vertx, Router> routes) {
        if (server != null) {
            throw new IllegalStateException(name + " already started at " + baseUrl());
        }
        Vertx started = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        try {
            Router router = routes.apply(started);
            server = await(started.createHttpServer().requestHandler(router).listen(port, HOST),
                    name + " cannot listen on " + HOST + ":" + port);
            vertx = started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        LOG.infof("%s listening at %s", name, baseUrl());
    }

    /**
     * {@code http://127.0.0.1:<port>}, without a trailing slash.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized String baseUrl() {
        if (server == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return "http://" + HOST + ":" + server.actualPort();
    }

    /** Stops listening and releases the Vert.x threads. Does nothing when not started. */
    public synchronized void stop() {
        if (vertx != null) {
            Vertx stopping = vertx;
            vertx = null;
            server = null;
            await(stopping.close(), name + " did not stop");
        }
    }

    @Override
    public void close() {
        stop();
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
