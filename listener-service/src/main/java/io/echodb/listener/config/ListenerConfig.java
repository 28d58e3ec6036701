package io.echodb.listener.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Settings of listener-service, prefix {@code echodb.listener}. Every key can also be set through its
 * environment variable ({@code ECHODB_LISTENER_…}); the replaced Python worker's variables are mapped in
 * {@code application.properties}. Invalid values stop the service at startup with the key's name.
 * Reference: {@code docs/configuration-listener-service.md}.
 */
@ConfigMapping(prefix = "echodb.listener")
public interface ListenerConfig {

    /** Channel the bundled event trigger script notifies on. */
    String DEFAULT_CHANNEL = "echodb_table_events";

    /** Channel the replaced Python worker's trigger notifies on. */
    String DEFAULT_LEGACY_CHANNEL = "peerdb_create_mirror";

    /**
     * PostgreSQL notification channel to LISTEN on. Default {@value #DEFAULT_CHANNEL}; env
     * {@code ECHODB_LISTENER_CHANNEL}. The bundled trigger script always notifies on the default channel,
     * so another value needs an edited script and {@code install-trigger=false}.
     */
    @WithDefault(DEFAULT_CHANNEL)
    @NotBlank
    @Size(max = 63)
    String channel();

    /**
     * PeerDB source peer name of this database, sent as {@code source} in every table event. Default
     * {@code postgres_main}; env {@code SOURCE_PEER_NAME} (legacy) or {@code ECHODB_LISTENER_SOURCE_PEER}.
     */
    @WithDefault("postgres_main")
    @NotBlank
    String sourcePeer();

    /**
     * Watched schemas: names or globs ({@code *}, {@code ?}), matched case-sensitively against the catalog
     * name. Default {@code public}; env {@code SYNC_SCHEMA} (legacy, comma list) or
     * {@code ECHODB_LISTENER_SCHEMAS}.
     */
    @WithDefault("public")
    @NotEmpty
    List<@NotBlank String> schemas();

    /**
     * Tables never mirrored: globs ({@code *}, {@code ?}) matched against the table name, or against
     * {@code schema.table} when the glob contains a dot. Default none; env {@code EXCLUDED_TABLES} (legacy,
     * comma list) or {@code ECHODB_LISTENER_EXCLUDED_TABLES}.
     */
    Optional<List<@NotBlank String>> excludedTables();

    /**
     * Whether to install the event trigger ({@code db/echodb-event-trigger.sql}) at startup; needs a
     * superuser. When false the service only checks that the trigger exists and warns when it does not.
     * Default {@code false}; env {@code ECHODB_LISTENER_INSTALL_TRIGGER}.
     */
    @WithDefault("false")
    boolean installTrigger();

    /**
     * First delay before reconnecting the LISTEN connection (also after a failed first connect); doubles per
     * failed attempt up to {@link #maxReconnectDelay()}, each delay with ±20 % jitter. Duration (a bare number
     * means seconds). Default 5 s; env {@code RECONNECT_DELAY} (legacy, seconds) or
     * {@code ECHODB_LISTENER_RECONNECT_DELAY}.
     */
    @WithDefault("5s")
    @DurationMin(millis = 1)
    Duration reconnectDelay();

    /** Upper bound of the reconnect delay. Default 60 s; env {@code ECHODB_LISTENER_MAX_RECONNECT_DELAY}. */
    @WithDefault("60s")
    @DurationMin(millis = 1)
    Duration maxReconnectDelay();

    /**
     * Consecutive failed reconnect attempts after which the service gives up and exits (so its supervisor
     * restarts it); 0 = retry forever. Default 0; env {@code MAX_RECONNECT_ATTEMPTS} (legacy) or
     * {@code ECHODB_LISTENER_MAX_RECONNECT_ATTEMPTS}.
     */
    @WithDefault("0")
    @Min(0)
    int maxReconnectAttempts();

    /**
     * Second look at a table that has neither a primary key nor a usable replica identity when its
     * notification arrives: it is classified again after this delay, because schema restores and migration
     * tools add the key moments after {@code CREATE TABLE}. Tables that are complete at once (or ineligible
     * for a reason that cannot change by itself) are published without waiting. Also the time a table must
     * have been seen without a key by the inventory before {@code no-primary-key=replica-identity-full}
     * alters it. Default 2 s; env {@code ECHODB_LISTENER_SETTLE_DELAY}; 0 judges at once.
     */
    @WithDefault("2s")
    @DurationMin(millis = 0)
    Duration settleDelay();

    /**
     * What to do with a table that still has neither a primary key nor a usable replica identity after the
     * settle delay (PeerDB would hang in SETUP on it). Default {@code skip}; env
     * {@code ECHODB_LISTENER_NO_PRIMARY_KEY}.
     */
    @WithDefault("skip")
    NoPrimaryKey noPrimaryKey();

    /**
     * Channel of the replaced Python worker's trigger (payload {@code {"schema","table","timestamp"}}), also
     * listened on so that its trigger keeps working during a migration; empty disables it. Default
     * {@value #DEFAULT_LEGACY_CHANNEL}; env {@code ECHODB_LISTENER_LEGACY_CHANNEL}.
     */
    @WithDefault(DEFAULT_LEGACY_CHANNEL)
    Optional<@Size(max = 63) String> legacyChannel();

    /**
     * Custom publication that PeerDB mirrors use (the same name as mirror-service's
     * {@code echodb.mirror.publication-name}): every eligible table is added to it
     * ({@code ALTER PUBLICATION … ADD TABLE}) before it is reported eligible (docs/contracts.md §7). Unset by
     * default: PeerDB then manages its own publication per mirror. Env {@code ECHODB_LISTENER_PUBLICATION_NAME}.
     */
    Optional<@Size(max = 63) String> publicationName();

    /**
     * Period of the inventory: the full list of tables of the watched schemas sent to mirror-service, which
     * repairs whatever notifications were lost. It is also sent once the LISTEN connection is up and after
     * every reconnect. Duration (a bare number means seconds). Default 5 min; env
     * {@code ECHODB_LISTENER_INVENTORY_INTERVAL}.
     */
    @WithDefault("5m")
    @DurationMin(seconds = 1)
    Duration inventoryInterval();

    /** Forwarding of table events and inventories to mirror-service. */
    Forward forward();

    /** Values of {@link #noPrimaryKey()}. */
    enum NoPrimaryKey {
        /** {@code skip}: the table is not mirrored and reported ineligible with the reason. */
        SKIP,
        /**
         * {@code replica-identity-full}: the listener runs {@code ALTER TABLE … REPLICA IDENTITY FULL} (needs
         * ownership of the table), then reports it eligible; when that fails the table is reported
         * ineligible with PostgreSQL's message.
         */
        REPLICA_IDENTITY_FULL
    }

    /**
     * Delays between retries of the calls to mirror-service (table events and inventories); how many retries:
     * {@code quarkus.fault-tolerance.global.retry.max-retries} in {@code application.properties}.
     */
    interface Forward {

        /**
         * Delay before the first retry; multiplied by {@link #retryBackoff()} per further retry, with ±20 %
         * jitter. Duration (a bare number means seconds). Default 1 s; env {@code RETRY_DELAY} (legacy,
         * seconds) or {@code ECHODB_LISTENER_FORWARD_RETRY_DELAY}.
         */
        @WithDefault("1s")
        @DurationMin(millis = 0)
        Duration retryDelay();

        /**
         * Multiplier of the retry delay per retry (≥ 1.0). Default 2.0; env {@code RETRY_BACKOFF} (legacy)
         * or {@code ECHODB_LISTENER_FORWARD_RETRY_BACKOFF}.
         */
        @WithDefault("2.0")
        @DecimalMin("1.0")
        double retryBackoff();

        /** Upper bound of one retry delay. Default 60 s; env {@code ECHODB_LISTENER_FORWARD_MAX_RETRY_DELAY}. */
        @WithDefault("60s")
        @DurationMin(millis = 1)
        Duration maxRetryDelay();
    }
}
