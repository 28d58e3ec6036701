package io.echodb.testing;

import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Requests an emulator answers with nothing, to reproduce a server that hangs: the request is kept open until
 * the client gives up and closes the connection, and at most for a bound, after which the emulator closes the
 * connection itself, so that nothing leaks. Used by the emulators' timeout faults. Thread-safe.
 */
public final class HeldRequests {

    private static final Logger LOG = Logger.getLogger(HeldRequests.class);

    private final Set<HttpConnection> held = ConcurrentHashMap.newKeySet();

    /** Leaves the request unanswered; its connection is closed after {@code atMost} if the client has not closed it. */
    public void hold(RoutingContext ctx, Duration atMost) {
        HttpConnection connection = ctx.request().connection();
        held.add(connection);
        long timer = ctx.vertx().setTimer(Math.max(1, atMost.toMillis()), id -> {
            if (held.remove(connection)) {
                LOG.debugf(
                        "held request %s %s not given up by the client within %s; closing its connection",
                        ctx.request().method(), ctx.normalizedPath(), atMost);
                connection.close();
            }
        });
        connection.closeHandler(closed -> {
            held.remove(connection);
            ctx.vertx().cancelTimer(timer);
        });
    }

    /** Closes the connections of every held request (when faults are cleared or the emulator resets). */
    public void releaseAll() {
        for (HttpConnection connection : held) {
            held.remove(connection);
            connection.close();
        }
    }

    /** How many connections are held now. */
    public int size() {
        return held.size();
    }
}
