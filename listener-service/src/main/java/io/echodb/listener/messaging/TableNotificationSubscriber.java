package io.echodb.listener.messaging;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.EventTriggerState;
import io.echodb.listener.service.Backoff;
import io.echodb.listener.service.EventTriggerPrivilegeException;
import io.echodb.listener.service.EventTriggerService;
import io.echodb.listener.service.InventoryService;
import io.echodb.listener.service.LastErrorService;
import io.echodb.listener.service.PostgresVersionCheck;
import io.echodb.listener.service.TableEventService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
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
 * Holds the LISTEN connection: one dedicated, non-pooled connection ({@link PgSubscriber}) built from the
 * datasource settings, with {@code application_name} {@value #APPLICATION_NAME}. Reconnects with
 * exponential backoff ({@code echodb.listener.reconnect-delay} doubling up to
 * {@code echodb.listener.max-reconnect-delay}); after {@code echodb.listener.max-reconnect-attempts}
 * consecutive failures (when not 0) the process exits so that its supervisor restarts it.
 *
 * <p>Listens on {@code echodb.listener.channel} and, unless disabled, on the replaced worker's
 * {@code echodb.listener.legacy-channel}. Each time the connection is up (first time and after every
 * reconnect) an inventory is requested: notifications sent while the connection was down are lost to this
 * path, and the inventory, taken after LISTEN is in place, repairs that.
 */
@ApplicationScoped
public class TableNotificationSubscriber {

    /** {@code application_name} of the LISTEN connection, as seen in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "echodb-listener";

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

    private volatile PgSubscriber subscriber;
    private volatile String target = "PostgreSQL";
    private volatile boolean connected;
    private volatile boolean everConnected;
    private volatile boolean stopping;
    private volatile Instant since = Instant.now();

    public TableNotificationSubscriber(
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
        PgConnectOptions options = connectOptions();
        target = options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
        checkVersionAtStartup();
        ensureTriggerAtStartup();
        PgSubscriber created = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(this::reconnectDelay)
                .closeHandler(this::onClosed);
        created.channel(config.channel())
                .subscribeHandler(this::onSubscribed)
                .handler(this::onNotification);
        config.legacyChannel().ifPresent(legacy -> created.channel(legacy)
                .subscribeHandler(() -> Log.infof("Listening for the replaced worker's notifications on channel %s", legacy))
                .handler(this::onLegacyNotification));
        subscriber = created;
        connect(created).subscribe().with(
                ignored -> Log.debugf("LISTEN connection established"),
                failure -> giveUp(failure.getMessage()));
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
            Log.infof("The source database %s runs PostgreSQL %s", describeTarget(),
                    versionCheck.check().await().atMost(STARTUP_CHECK_TIMEOUT));
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
            Log.warnf("Cannot %s the event trigger yet (%s); trying again once the LISTEN connection is up",
                    config.installTrigger() ? "install" : "check", e.getMessage());
        }
    }

    private Uni<Void> connect(PgSubscriber target) {
        Uni<Void> attempt = Uni.createFrom().deferred(target::connect)
                .onFailure().call(failure -> {
                    Log.warnf("Cannot open the LISTEN connection to %s: %s", describeTarget(), failure.getMessage());
                    lastError.record("cannot open the LISTEN connection to " + describeTarget() + ": " + failure.getMessage());
                    return target.close();
                });
        var retry = attempt.onFailure().retry()
                .withBackOff(config.reconnectDelay(), maxReconnectDelay());
        return config.maxReconnectAttempts() == 0 ? retry.indefinitely() : retry.atMost(config.maxReconnectAttempts());
    }

    private void onSubscribed() {
        try {
            PostgresVersionCheck.verify(subscriber.actualConnection().databaseMetadata());
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
            Log.infof("LISTEN connection re-established on channel %s; notifications sent while it was down "
                    + "are repaired by the inventory sent now", config.channel());
        } else {
            Log.infof("Listening for table notifications on channel %s (%s)", config.channel(), describeTarget());
        }
        inventory.request(reconnected ? InventoryService.Trigger.RECONNECT : InventoryService.Trigger.START);
        if (!reconnected && triggers.state() != EventTriggerState.UNKNOWN) {
            return;
        }
        triggers.ensure().subscribe().with(
                state -> Log.debugf("Event trigger state after (re)connect: %s", state),
                failure -> Log.errorf("Cannot %s the event trigger: %s",
                        config.installTrigger() ? "install" : "check", failure.getMessage()));
    }

    private void onNotification(String payload) {
        events.onNotification(payload).subscribe().with(
                ignored -> {},
                failure -> Log.errorf(failure, "Unexpected failure while handling a notification"));
    }

    private void onLegacyNotification(String payload) {
        events.onLegacyNotification(payload).subscribe().with(
                ignored -> {},
                failure -> Log.errorf(failure, "Unexpected failure while handling a notification"));
    }

    /** Reconnect policy of the subscriber: delay in ms before attempt {@code attempt + 1}, or −1 to give up. */
    private Long reconnectDelay(Integer attempt) {
        if (connected) {
            connected = false;
            since = Instant.now();
            Log.warnf("LISTEN connection to %s lost; reconnecting", describeTarget());
            lastError.record("LISTEN connection to " + describeTarget() + " lost");
        }
        int max = config.maxReconnectAttempts();
        if (max > 0 && attempt >= max) {
            return -1L;
        }
        long delay = Backoff.exponentialMillis(config.reconnectDelay(), 2.0, attempt, maxReconnectDelay());
        Log.infof("Reconnecting the LISTEN connection in %d ms (attempt %d%s)",
                delay, attempt + 1, max > 0 ? " of " + max : "");
        return delay;
    }

    private void onClosed() {
        connected = false;
        since = Instant.now();
        if (!stopping) {
            giveUp("no attempt succeeded");
        }
    }

    private void giveUp(String cause) {
        Log.errorf("Giving up on the LISTEN connection to %s after %d attempts "
                + "(echodb.listener.max-reconnect-attempts, env MAX_RECONNECT_ATTEMPTS): %s. Exiting so that the "
                + "service is restarted", describeTarget(), config.maxReconnectAttempts(), cause);
        Quarkus.asyncExit(1);
    }

    private PgConnectOptions connectOptions() {
        String configured = url.map(u -> u.split(",")[0].strip()).filter(u -> !u.isEmpty())
                .orElseThrow(() -> new IllegalStateException(
                        "quarkus.datasource.reactive.url is not set (env POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB)"));
        String uri = configured.startsWith(URL_PREFIX) ? configured.substring(URL_PREFIX.length()) : configured;
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("quarkus.datasource.reactive.url is not a PostgreSQL URL: " + e.getMessage(), e);
        }
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        options.addProperty("application_name", APPLICATION_NAME);
        return options;
    }

    private String describeTarget() {
        return target;
    }

    private Duration maxReconnectDelay() {
        return config.maxReconnectDelay().compareTo(config.reconnectDelay()) > 0
                ? config.maxReconnectDelay()
                : config.reconnectDelay();
    }
}
