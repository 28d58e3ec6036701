package io.echodb.mirror.config;

import io.echodb.mirror.config.NameTemplateSyntax.Kind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Settings of mirror-service, prefix {@code echodb.mirror}, each also an environment variable (upper case, dots and
 * dashes as underscores). Checked at startup by their constraints and, across settings, by
 * {@link MirrorConfigValidator}. Not here: {@code echodb.api-key}, {@code quarkus.rest-client.peerdb.*} and the
 * fault-tolerance keys. See docs/configuration-mirror-service.md.
 */
@ConfigMapping(prefix = "echodb.mirror")
public interface MirrorConfig {

    /** Setting name of {@link #mirrorNameTemplate()}, for error messages. */
    String MIRROR_NAME_TEMPLATE = "echodb.mirror.mirror-name-template";

    /** Setting name of {@link #destinationTableTemplate()}, for error messages. */
    String DESTINATION_TABLE_TEMPLATE = "echodb.mirror.destination-table-template";

    /** Setting name of {@link #sharedMirrorNameTemplate()}, for error messages. */
    String SHARED_MIRROR_NAME_TEMPLATE = "echodb.mirror.shared-mirror-name-template";

    /** Setting name of {@link #schemas()}, for error messages. */
    String SCHEMAS = "echodb.mirror.schemas";

    /** How tables are grouped into mirrors. */
    enum Strategy {
        /** One mirror per table, named by {@link #mirrorNameTemplate()} (what the replaced worker did). */
        PER_TABLE,
        /** One mirror per source and schema, named by {@link #sharedMirrorNameTemplate()}; one slot per schema. */
        SHARED
    }

    /** What happens to the mirror of a table that was dropped (or is gone from an inventory). */
    enum OnDrop {
        /** Per-table mirror terminated (slot and publication dropped, destination tables kept); shared: table removed. */
        TERMINATE,
        /** Mirrors are left as they are. */
        KEEP
    }

    /**
     * How tables are grouped into mirrors: {@code per-table} or {@code shared}. Default {@code per-table}; env
     * {@code ECHODB_MIRROR_STRATEGY}. Either way, tables already in a mirror of the other kind that EchoDB
     * manages are left there (switching strategies does not move tables).
     */
    @WithDefault("per-table")
    Strategy strategy();

    /**
     * Schemas whose tables are mirrored (the listener's watched schemas, names or glob patterns); used to check the
     * name templates: with more than one schema, or a pattern, every template must contain {@code {schema}}, and
     * to find shared mirrors at startup. Comma-separated. Default {@code public}; env {@code SYNC_SCHEMA} (replaced
     * worker) or {@code ECHODB_MIRROR_SCHEMAS}.
     */
    @WithDefault("${SYNC_SCHEMA:public}")
    @NotEmpty(message = "lists no schema (env SYNC_SCHEMA)")
    List<@NotBlank String> schemas();

    /**
     * Template of the PeerDB mirror name of a table (per-table strategy); placeholders {@code {source}},
     * {@code {schema}}, {@code {table}}; must contain {@code {table}}. Results that are not valid PeerDB names are
     * made valid (contracts.md §3). Default {@code {table}_mirror}; env {@code ECHODB_MIRROR_MIRROR_NAME_TEMPLATE}.
     */
    @WithDefault("{table}_mirror")
    @NameTemplateSyntax(Kind.PER_TABLE)
    String mirrorNameTemplate();

    /**
     * Template of the shared mirror of a source and schema (shared strategy); placeholders {@code {source}} and
     * {@code {schema}}, not {@code {table}}. Made valid like per-table names. Default {@code {source}_{schema}};
     * env {@code ECHODB_MIRROR_SHARED_MIRROR_NAME_TEMPLATE}.
     */
    @WithDefault("{source}_{schema}")
    @NameTemplateSyntax(Kind.SHARED)
    String sharedMirrorNameTemplate();

    /**
     * Template of the destination table name in the destination peer; same placeholders; must contain
     * {@code {table}}; used verbatim. Default {@code {table}}; env
     * {@code ECHODB_MIRROR_DESTINATION_TABLE_TEMPLATE}.
     */
    @WithDefault("{table}")
    @NameTemplateSyntax(Kind.PER_TABLE)
    String destinationTableTemplate();

    /**
     * PeerDB peer that mirrors write to ({@code destinationName}). Default {@code clickhouse_analytics};
     * env {@code ECHODB_MIRROR_DESTINATION_PEER}, or the replaced worker's {@code TARGET_PEER_NAME}.
     */
    @WithDefault("${TARGET_PEER_NAME:clickhouse_analytics}")
    String destinationPeer();

    /**
     * Whether a new mirror (and a table added to a shared mirror) first copies the table's existing rows
     * ({@code doInitialSnapshot}). Default {@code true}; env {@code ECHODB_MIRROR_INITIAL_SNAPSHOT}.
     */
    @WithDefault("true")
    boolean initialSnapshot();

    /**
     * PeerDB's sync interval ({@code idleTimeoutSeconds}, whole seconds, at least 1 s): how long a mirror
     * waits for more changes before it pushes a batch. Default {@code 60s}; env
     * {@code ECHODB_MIRROR_SYNC_INTERVAL} (ISO-8601 or {@code 60s} / {@code 2m}).
     */
    @WithDefault("60s")
    @DurationMin(seconds = 1, message = "must be at least 1s (PeerDB takes whole seconds)")
    Duration syncInterval();

    /**
     * A publication that already exists in the source database, sent as {@code publicationName}: PeerDB then
     * uses it instead of creating {@code peerflow_pub_<mirror>} and requires every table to be in it. EchoDB
     * does not alter it: listener-service adds each eligible table before reporting it (contracts.md §7).
     * Empty (default) = PeerDB manages its own publications. Env {@code ECHODB_MIRROR_PUBLICATION_NAME}.
     */
    Optional<String> publicationName();

    /**
     * What happens to the mirror of a dropped table: {@code terminate} or {@code keep}. Default
     * {@code terminate}; env {@code ECHODB_MIRROR_ON_DROP}.
     */
    @WithDefault("terminate")
    OnDrop onDrop();

    /** The shared strategy's pause cycles. */
    Shared shared();

    /** How mirror-service talks to PeerDB. */
    PeerDb peerdb();

    /** Settings of the shared strategy ({@code echodb.mirror.shared.*}). */
    interface Shared {

        /**
         * Tables arriving within this window of the first one are added in one pause cycle. Default {@code 2s};
         * env {@code ECHODB_MIRROR_SHARED_COALESCE_WINDOW}.
         */
        @WithDefault("2s")
        @DurationMin(millis = 1)
        Duration coalesceWindow();

        /**
         * How often a shared mirror that is busy ({@code STATUS_SETUP}, {@code STATUS_SNAPSHOT},
         * {@code STATUS_MODIFYING}, {@code STATUS_PAUSING}) is looked at again before tables are added; it is
         * waited for, never paused (pausing it is a silent no-op in PeerDB). Default {@code 10s}; env
         * {@code ECHODB_MIRROR_SHARED_BUSY_RECHECK_INTERVAL}.
         */
        @WithDefault("10s")
        @DurationMin(millis = 1)
        Duration busyRecheckInterval();
    }

    /** Settings for calls to PeerDB beyond the REST client's own {@code quarkus.rest-client.peerdb.*}. */
    interface PeerDb {

        /**
         * How long the readiness check waits for {@code GET /v1/version} before it reports PeerDB down.
         * Default {@code 2s}; env {@code ECHODB_MIRROR_PEERDB_READINESS_TIMEOUT}.
         */
        @WithDefault("2s")
        Duration readinessTimeout();

        /**
         * How often a mirror's state is polled while EchoDB waits for PeerDB: for {@code STATUS_PAUSED} and for an
         * update to be taken up (shared strategy), for a terminated mirror to be gone. Default {@code 1s}; env
         * {@code ECHODB_MIRROR_PEERDB_POLL_INTERVAL}.
         */
        @WithDefault("1s")
        @DurationMin(millis = 1)
        Duration pollInterval();

        /**
         * Factor by which each retry delay grows (≥ 1, may be fractional such as 1.5); the first delay is
         * {@code quarkus.fault-tolerance.global.retry.delay} (env {@code RETRY_DELAY}). Default {@code 2}; env
         * {@code RETRY_BACKOFF} (replaced worker) or {@code ECHODB_MIRROR_PEERDB_RETRY_BACKOFF}.
         */
        @WithDefault("${RETRY_BACKOFF:2}")
        @DecimalMin(value = "1.0", message = "must be at least 1 (1 = constant delay; env RETRY_BACKOFF)")
        double retryBackoff();

        /**
         * Longest delay between two retries, before jitter. Default {@code 10s}; env
         * {@code ECHODB_MIRROR_PEERDB_MAX_RETRY_DELAY}.
         */
        @WithDefault("10s")
        @DurationMin(millis = 1)
        Duration maxRetryDelay();
    }
}
