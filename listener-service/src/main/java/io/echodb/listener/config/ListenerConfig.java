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
     * First delay before reconnecting the LISTEN connection; doubles per failed attempt up to
     * {@link #maxReconnectDelay()}. Duration (a bare number means seconds). Default 5 s; env
     * {@code RECONNECT_DELAY} (legacy, seconds) or {@code ECHODB_LISTENER_RECONNECT_DELAY}.
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
     * Wait between receiving a notification and classifying the table, so that a primary key or partition
     * attachment added right after the {@code CREATE TABLE} (schema restores, migration tools) is seen.
     * Default 500 ms; env {@code ECHODB_LISTENER_SETTLE_DELAY}; 0 classifies at once.
     */
    @WithDefault("500ms")
    @DurationMin(millis = 0)
    Duration settleDelay();

    /** Forwarding of table events to mirror-service. */
    Forward forward();

    /** Retry of {@code POST /api/v1/table-events} on mirror-service. */
    interface Forward {

        /**
         * Retries after the first failed attempt (5xx, timeout, connection refused; 4xx answers are not
         * retried). Default 5; env {@code MAX_RETRIES} (legacy) or {@code ECHODB_LISTENER_FORWARD_MAX_RETRIES}.
         */
        @WithDefault("5")
        @Min(0)
        int maxRetries();

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
