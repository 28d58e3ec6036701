package io.echodb.listener.domain;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A table event sent to mirror-service ({@code POST /api/v1/table-events}, docs/contracts.md §2).
 *
 * @param type CREATED or DROPPED
 * @param source PeerDB source peer name of the database ({@code echodb.listener.source-peer})
 * @param schema schema name as stored in the catalog, 1–63 bytes
 * @param table table name as stored in the catalog, 1–63 bytes
 * @param oid {@code pg_class.oid}, ≥ 1
 * @param kind from {@code pg_class.relkind} / {@code relispartition}; null for DROPPED (the table is gone)
 * @param persistence from {@code pg_class.relpersistence}; null for DROPPED
 * @param replicaIdentity from {@code pg_class.relreplident}; null for DROPPED
 * @param hasPrimaryKey a primary key index exists; null for DROPPED
 * @param eligible the listener's verdict: should be mirrored; always false for DROPPED
 * @param reason why not eligible, null when eligible; {@value #DROPPED_REASON} for DROPPED
 * @param commandTag command tag from the notification, may be null
 * @param observedAt when the listener received the notification (RFC 3339 UTC in JSON)
 */
public record TableEvent(
        @NotNull EventType type,
        @NotBlank String source,
        @NotBlank @Size(max = 63) String schema,
        @NotBlank @Size(max = 63) String table,
        @Min(1) long oid,
        TableKind kind,
        Persistence persistence,
        ReplicaIdentity replicaIdentity,
        Boolean hasPrimaryKey,
        boolean eligible,
        String reason,
        String commandTag,
        @NotNull Instant observedAt) {

    /** {@code reason} of every DROPPED event. */
    public static final String DROPPED_REASON = "table dropped";

    /**
     * A CREATED event for a table found in the catalog.
     *
     * @param source PeerDB source peer name
     * @param classified the catalog entry (its names win over the notification's, e.g. after a quick rename)
     *     and the classifier's verdict
     * @param commandTag command tag from the notification, may be null
     * @param observedAt when the notification was received
     */
    public static TableEvent created(String source, ClassifiedTable classified, String commandTag, Instant observedAt) {
        CatalogTable table = classified.table();
        return new TableEvent(
                EventType.CREATED,
                source,
                table.schema(),
                table.table(),
                table.oid(),
                table.kind(),
                table.persistence(),
                table.replicaIdentity(),
                table.hasPrimaryKey(),
                classified.verdict().eligible(),
                classified.verdict().reason(),
                commandTag,
                observedAt);
    }

    /**
     * A DROPPED event: the names and OID come from the notification, the catalog no longer knows the table.
     *
     * @param source PeerDB source peer name
     * @param notification the DROPPED notification (its {@code oid} is set)
     * @param observedAt when the notification was received
     */
    public static TableEvent dropped(String source, TableNotification notification, Instant observedAt) {
        return new TableEvent(
                EventType.DROPPED,
                source,
                notification.schema(),
                notification.table(),
                notification.oid(),
                null,
                null,
                null,
                null,
                false,
                DROPPED_REASON,
                notification.tag(),
                observedAt);
    }
}
