package io.echodb.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The HTTP listener shared by the emulators: its own small Vert.x instance, bound to 127.0.0.1 only.
 *
 * <p>{@link #start(int, Function)} blocks until the socket is bound, so {@link #baseUrl()} is usable as soon
 * as it returns; {@link #stop()} blocks until the port is released. Both wait at most 30 seconds.
 *
 * <p>For "the server is down" tests the listening socket can be closed while the emulator keeps its state
 * ({@link #closeListener()}): new connections are refused and open ones are closed, as when a real process dies;
 * {@link #reopenListener()} listens again on the same port. These methods block, so never call them on a Vert.x
 * event loop (run them with {@code vertx.executeBlocking}). Thread-safe.
 */
public final class EmulatorHttpServer implements AutoCloseable {

    /** The only interface the emulators listen on. */
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = Logger.getLogger(EmulatorHttpServer.class);
    private static final long TIMEOUT_SECONDS = 30;
    /** Lowest port tried for "any free port" (clear of the well-known and registered ports most servers use). */
    private static final int FIRST_PORT = 20000;

    private final String name;
    private Vertx vertx;
    private Router router;
    private HttpServer server;
    private int port;
    /** Incremented by every {@link #closeListener()}; a scheduled reopen acts only if nothing changed since. */
    private long closures;

    /** @param name what is served, for messages (e.g. {@code "Slack emulator"}) */
    public EmulatorHttpServer(String name) {
        this.name = name;
    }

    /**
     * Starts listening.
     *
     * @param port TCP port on 127.0.0.1; 0 picks a free one below the kernel's ephemeral port range
     * @param routes builds the router on the new Vert.x instance
     * @throws IllegalStateException when already started or the port cannot be bound (the message names it)
     */
    public synchronized void start(int port, Function<Vertx, Router> routes) {
        if (vertx != null) {
            throw new IllegalStateException(name + " already started at " + baseUrl());
        }
        Vertx started = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        try {
            Router built = routes.apply(started);
            server = port == 0
                    ? listenOnFreePort(started, built)
                    : await(
                            started.createHttpServer().requestHandler(built).listen(port, HOST),
                            name + " cannot listen on " + HOST + ":" + port);
            router = built;
            vertx = started;
            this.port = server.actualPort();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        LOG.infof("%s listening at %s", name, baseUrl());
    }

    /**
     * Listens on a free port below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}), as a real
     * PeerDB or Slack does on its fixed port. A port from the ephemeral range (what port 0 gives) can be handed to a
     * client's outgoing connection while the emulator is {@linkplain #closeListener() down}; a client connecting to
     * it then connects to itself (TCP self-connect) instead of being refused, and the emulator cannot listen again.
     */
    private HttpServer listenOnFreePort(Vertx on, Router routes) {
        int below = ephemeralPortsFrom();
        if (below - FIRST_PORT < 1000) {
            return await(on.createHttpServer().requestHandler(routes).listen(0, HOST), name + " cannot listen");
        }
        RuntimeException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(FIRST_PORT, below);
            try {
                return await(
                        on.createHttpServer().requestHandler(routes).listen(candidate, HOST),
                        name + " cannot listen on " + HOST + ":" + candidate);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The first port of the kernel's ephemeral range; 32768 (Linux's default) when it cannot be read. */
    private static int ephemeralPortsFrom() {
        try {
            // readAllLines, not readString: procfs reports a size of 0 and readString then returns a fragment.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .getFirst()
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    /**
     * {@code http://127.0.0.1:<port>}, without a trailing slash.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized String baseUrl() {
        requireStarted();
        return "http://" + HOST + ":" + port;
    }

    /**
     * Closes the listening socket and every open connection; the port stays reserved for
     * {@link #reopenListener()} only in the sense that this server will bind it again (another process could
     * take it meanwhile, which {@link #reopenListener()} then reports). Does nothing when already closed.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized void closeListener() {
        requireStarted();
        closures++;
        if (server != null) {
            HttpServer closing = server;
            server = null;
            await(closing.close(), name + " did not close its listener");
            LOG.infof("%s stopped listening on %s:%d (down)", name, HOST, port);
        }
    }

    /**
     * As {@link #closeListener()}, then listens again after {@code reopenAfter} unless {@link #reopenListener()}
     * or another close happened meanwhile.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized void closeListener(Duration reopenAfter) {
        closeListener();
        Vertx current = vertx;
        long closure = closures;
        current.setTimer(
                Math.max(1, reopenAfter.toMillis()),
                id -> current.executeBlocking(
                        () -> {
                            reopenIfUnchanged(current, closure);
                            return null;
                        },
                        false));
    }

    private synchronized void reopenIfUnchanged(Vertx scheduledOn, long closure) {
        if (vertx == scheduledOn && closures == closure) {
            reopenListener();
        }
    }

    /**
     * Listens again on the port the server had. Does nothing when already listening.
     *
     * @throws IllegalStateException when not started, or when the port cannot be bound again
     */
    public synchronized void reopenListener() {
        requireStarted();
        if (server == null) {
            server = await(
                    vertx.createHttpServer().requestHandler(router).listen(port, HOST),
                    name + " cannot listen again on " + HOST + ":" + port);
            LOG.infof("%s listening again at %s", name, baseUrl());
        }
    }

    /** Whether started and not stopped (listening or not). */
    public synchronized boolean isStarted() {
        return vertx != null;
    }

    /** Whether the listening socket is open (false before start, after stop and while closed). */
    public synchronized boolean isListening() {
        return server != null;
    }

    private void requireStarted() {
        if (vertx == null) {
            throw new IllegalStateException(name + " is not started");
        }
    }

    /** Stops listening and releases the Vert.x threads. Does nothing when not started. */
    public synchronized void stop() {
        if (vertx != null) {
            Vertx stopping = vertx;
            vertx = null;
            server = null;
            router = null;
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
