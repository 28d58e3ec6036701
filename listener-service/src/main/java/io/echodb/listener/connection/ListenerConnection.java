package io.echodb.listener.connection;

import io.echodb.common.retry.Backoff;
import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.EventTriggerState;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.service.EventTriggerPrivilegeException;
import io.echodb.listener.service.EventTriggerService;
import io.echodb.listener.service.InventoryService;
import io.echodb.listener.service.PostgresVersionCheck;
import io.echodb.listener.service.TableEventService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The dedicated LISTEN connection ({@code application_name} {@value #APPLICATION_NAME}) on the event trigger's
 * channel and the replaced worker's. The first connect and every reconnect take one path, delayed by one
 * {@link Backoff}; each successful one is followed by an inventory. See docs/architecture.md §"The LISTEN connection".
 */
@ApplicationScoped
public class ListenerConnection {

    /** {@code application_name} of the LISTEN connection, as seen in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "echodb-listener";

    /** Growth of the reconnect delay per failed attempt. */
    private static final double RECONNECT_FACTOR = 2.0;

    private static final Duration STARTUP_CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final String URL_PREFIX = "vertx-reactive:";

    private final Vertx vertx;
    private final ListenerConfig config;
    private final TableEventService events;
    private final EventTriggerService triggers;
    private final InventoryService inventory;
    private final LastErrorService lastError;
    private final PostgresVersionCheck versionCheck;
    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;

    private volatile PgConnectOptions options;
    private volatile Backoff backoff;
    /** The connection being opened or open; a closed one that is no longer this one is ignored. */
    private volatile PgSubscriber subscriber;

    private volatile String target = "PostgreSQL";
    private volatile boolean connected;
    private volatile boolean everConnected;
    private volatile boolean stopping;
    private volatile Instant since = Instant.now();

    public ListenerConnection(
            Vertx vertx,
            ListenerConfig config,
            TableEventService events,
            EventTriggerService triggers,
            InventoryService inventory,
            LastErrorService lastError,
            PostgresVersionCheck versionCheck,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.config = config;
        this.events = events;
        this.triggers = triggers;
        this.inventory = inventory;
        this.lastError = lastError;
        this.versionCheck = versionCheck;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Whether the LISTEN connection is up and subscribed to the channel. */
    public boolean connected() {
        return connected;
    }

    /** Since when the connection has been in its current state (up or down). */
    public Instant since() {
        return since;
    }

    /** The channel listened on ({@code echodb.listener.channel}). */
    public String channel() {
        return config.channel();
    }

    void onStart(@Observes StartupEvent event) {
        options = connectOptions();
        target = options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
        backoff = new Backoff(config.reconnectDelay(), RECONNECT_FACTOR, maxReconnectDelay());
        checkVersionAtStartup();
        ensureTriggerAtStartup();
        open(0);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
    }

    /** A server older than PostgreSQL 13 stops startup; an unreachable one is checked once LISTEN is up. */
    private void checkVersionAtStartup() {
        try {
            Log.infof(
                    "The source database %s runs PostgreSQL %s",
                    target, versionCheck.check().await().atMost(STARTUP_CHECK_TIMEOUT));
        } catch (PostgresVersionCheck.UnsupportedPostgresVersionException e) {
            throw e;
        } catch (RuntimeException e) {
            Log.debugf("Cannot check the PostgreSQL version yet (%s)", e.getMessage());
        }
    }

    /** Installs or checks the trigger; a missing privilege stops startup, an unreachable database does not. */
    private void ensureTriggerAtStartup() {
        try {
            triggers.ensure().await().atMost(STARTUP_CHECK_TIMEOUT);
        } catch (EventTriggerPrivilegeException e) {
            throw e;
        } catch (RuntimeException e) {
            Log.warnf(
                    "Cannot %s the event trigger yet (%s); trying again once the LISTEN connection is up",
                    config.installTrigger() ? "install" : "check", e.getMessage());
        }
    }

    /**
     * Opens a new LISTEN connection on both channels; when that fails, reconnect attempt {@code next} follows.
     * A fresh subscriber each time: Vert.x forgets a subscriber's channels once its connection is gone.
     */
    private void open(int next) {
        if (stopping) {
            return;
        }
        PgSubscriber candidate = PgSubscriber.subscriber(vertx, options);
        candidate.closeHandler(() -> onClosed(candidate));
        candidate.channel(config.channel()).handler(this::onNotification);
        config.legacyChannel().ifPresent(legacy -> candidate.channel(legacy).handler(this::onLegacyNotification));
        subscriber = candidate;
        candidate.connect().subscribe().with(ignored -> onConnected(candidate), failure -> {
            Log.warnf("Cannot open the LISTEN connection to %s: %s", target, failure.getMessage());
            lastError.record("cannot open the LISTEN connection to " + target + ": " + failure.getMessage());
            candidate.closeAndForget();
            reconnect(next, failure.getMessage());
        });
    }

    /**
     * Waits the delay of reconnect attempt {@code attempt} (0 for the first) and opens the connection again; gives up
     * after {@code echodb.listener.max-reconnect-attempts} consecutive failed attempts (when not 0).
     */
    private void reconnect(int attempt, String cause) {
        if (stopping) {
            return;
        }
        int max = config.maxReconnectAttempts();
        if (max > 0 && attempt >= max) {
            giveUp(cause);
            return;
        }
        long delay = Math.max(1, backoff.delayMillis(attempt));
        Log.infof(
                "Reconnecting the LISTEN connection in %d ms (attempt %d%s)",
                delay, attempt + 1, max > 0 ? " of " + max : "");
        vertx.setTimer(delay, timer -> open(attempt + 1));
    }

    /** Called once LISTEN is in place on the channels: checks the server, then asks for an inventory. */
    private void onConnected(PgSubscriber candidate) {
        if (stopping) {
            candidate.closeAndForget();
            return;
        }
        try {
            PostgresVersionCheck.verify(candidate.actualConnection().databaseMetadata());
        } catch (PostgresVersionCheck.UnsupportedPostgresVersionException e) {
            Log.errorf("%s. Exiting", e.getMessage());
            stopping = true;
            Quarkus.asyncExit(1);
            return;
        }
        boolean reconnected = everConnected;
        everConnected = true;
        connected = true;
        since = Instant.now();
        if (reconnected) {
            Log.infof(
                    "LISTEN connection re-established on channel %s; notifications sent while it was down "
                            + "are repaired by the inventory sent now",
                    config.channel());
        } else {
            Log.infof("Listening for table notifications on channel %s (%s)", config.channel(), target);
        }
        config.legacyChannel()
                .ifPresent(
                        legacy -> Log.infof("Listening for the replaced worker's notifications on channel %s", legacy));
        inventory.request(reconnected ? InventoryService.Trigger.RECONNECT : InventoryService.Trigger.START);
        if (!reconnected && triggers.state() != EventTriggerState.UNKNOWN) {
            return;
        }
        triggers.ensure()
                .subscribe()
                .with(
                        state -> Log.debugf("Event trigger state after (re)connect: %s", state),
                        failure -> Log.errorf(
                                "Cannot %s the event trigger: %s",
                                config.installTrigger() ? "install" : "check", failure.getMessage()));
    }

    /** An open connection was lost (not one that failed while opening, nor one closed on shutdown). */
    private void onClosed(PgSubscriber closed) {
        if (stopping || closed != subscriber || !connected) {
            return;
        }
        connected = false;
        since = Instant.now();
        Log.warnf("LISTEN connection to %s lost; reconnecting", target);
        lastError.record("LISTEN connection to " + target + " lost");
        reconnect(0, "connection lost");
    }

    private void onNotification(String payload) {
        events.onNotification(payload)
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.errorf(failure, "Unexpected failure while handling a notification"));
    }

    private void onLegacyNotification(String payload) {
        events.onLegacyNotification(payload)
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.errorf(failure, "Unexpected failure while handling a notification"));
    }

    private void giveUp(String cause) {
        stopping = true;
        Log.errorf(
                "Giving up on the LISTEN connection to %s after %d attempts "
                        + "(echodb.listener.max-reconnect-attempts, env MAX_RECONNECT_ATTEMPTS): %s. Exiting so that the "
                        + "service is restarted",
                target, config.maxReconnectAttempts(), cause);
        Quarkus.asyncExit(1);
    }

    private PgConnectOptions connectOptions() {
        String configured = url.map(u -> u.split(",")[0].strip())
                .filter(u -> !u.isEmpty())
                .orElseThrow(() -> new IllegalStateException(
                        "quarkus.datasource.reactive.url is not set (env POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB)"));
        String uri = configured.startsWith(URL_PREFIX) ? configured.substring(URL_PREFIX.length()) : configured;
        PgConnectOptions parsed;
        try {
            parsed = PgConnectOptions.fromUri(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "quarkus.datasource.reactive.url is not a PostgreSQL URL: " + e.getMessage(), e);
        }
        user.ifPresent(parsed::setUser);
        password.ifPresent(parsed::setPassword);
        parsed.addProperty("application_name", APPLICATION_NAME);
        return parsed;
    }

    private Duration maxReconnectDelay() {
        return config.maxReconnectDelay().compareTo(config.reconnectDelay()) > 0
                ? config.maxReconnectDelay()
                : config.reconnectDelay();
    }
}
