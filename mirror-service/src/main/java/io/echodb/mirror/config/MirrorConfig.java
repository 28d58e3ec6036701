package io.echodb.mirror.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of mirror-service, prefix {@code echodb.mirror}. Each setting can also be given as an
 * environment variable: upper case, dots and dashes as underscores (e.g.
 * {@code ECHODB_MIRROR_DESTINATION_PEER}). The templates are checked at startup; an invalid one stops
 * the service with a message naming the setting. See {@code docs/configuration-mirror-service.md}.
 *
 * <p>Not in this mapping: the shared API key {@code echodb.api-key} (env {@code ECHODB_API_KEY}) and
 * PeerDB's URL {@code quarkus.rest-client.peerdb.url} (env {@code PEERDB_HOST}, {@code PEERDB_API_PORT}).
 */
@ConfigMapping(prefix = "echodb.mirror")
public interface MirrorConfig {

    /** Setting name of {@link #mirrorNameTemplate()}, for error messages. */
    String MIRROR_NAME_TEMPLATE = "echodb.mirror.mirror-name-template";

    /** Setting name of {@link #destinationTableTemplate()}, for error messages. */
    String DESTINATION_TABLE_TEMPLATE = "echodb.mirror.destination-table-template";

    /** Setting name of {@link #syncInterval()}, for error messages. */
    String SYNC_INTERVAL = "echodb.mirror.sync-interval";

    /**
     * Template of the PeerDB mirror name of a table; placeholders {@code {source}}, {@code {schema}},
     * {@code {table}}; must contain {@code {table}}. Results that are not valid PeerDB names are made valid
     * (contracts.md §3). Default {@code {table}_mirror}; env {@code ECHODB_MIRROR_MIRROR_NAME_TEMPLATE}.
     */
    @WithDefault("{table}_mirror")
    String mirrorNameTemplate();

    /**
     * Template of the destination table name in the destination peer; same placeholders; must contain
     * {@code {table}}; used verbatim. Default {@code {table}}; env
     * {@code ECHODB_MIRROR_DESTINATION_TABLE_TEMPLATE}.
     */
    @WithDefault("{table}")
    String destinationTableTemplate();

    /**
     * PeerDB peer that mirrors write to ({@code destinationName}). Default {@code clickhouse_analytics};
     * env {@code ECHODB_MIRROR_DESTINATION_PEER}, or the replaced worker's {@code TARGET_PEER_NAME}.
     */
    @WithDefault("${TARGET_PEER_NAME:clickhouse_analytics}")
    String destinationPeer();

    /**
     * Whether a new mirror first copies the table's existing rows ({@code doInitialSnapshot}). Default
     * {@code true}; env {@code ECHODB_MIRROR_INITIAL_SNAPSHOT}.
     */
    @WithDefault("true")
    boolean initialSnapshot();

    /**
     * PeerDB's sync interval ({@code idleTimeoutSeconds}, whole seconds, at least 1 s): how long a mirror
     * waits for more changes before it pushes a batch. Default {@code 60s}; env
     * {@code ECHODB_MIRROR_SYNC_INTERVAL} (ISO-8601 or {@code 60s} / {@code 2m}).
     */
    @WithDefault("60s")
    Duration syncInterval();

    /** How mirror-service talks to PeerDB. */
    PeerDb peerdb();

    /** Settings for calls to PeerDB beyond the REST client's own {@code quarkus.rest-client.peerdb.*}. */
    interface PeerDb {

        /**
         * How long the readiness check waits for {@code GET /v1/version} before it reports PeerDB down.
         * Default {@code 2s}; env {@code ECHODB_MIRROR_PEERDB_READINESS_TIMEOUT}.
         */
        @WithDefault("2s")
        Duration readinessTimeout();
    }
}
