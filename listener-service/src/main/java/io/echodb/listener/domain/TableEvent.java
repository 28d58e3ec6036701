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
 * @param kind from {@code pg_class.relkind} / {@code relispartition}
 * @param persistence from {@code pg_class.relpersistence}
 * @param replicaIdentity from {@code pg_class.relreplident}
 * @param hasPrimaryKey a primary key index exists
 * @param eligible the listener's verdict: should be mirrored
 * @param reason why not eligible, null when eligible
 * @param commandTag command tag from the notification, may be null
 * @param observedAt when the listener received the notification (RFC 3339 UTC in JSON)
 */
public record TableEvent(
        @NotNull EventType type,
        @NotBlank String source,
        @NotBlank @Size(max = 63) String schema,
        @NotBlank @Size(max = 63) String table,
        @Min(1) long oid,
        @NotNull TableKind kind,
        @NotNull Persistence persistence,
        @NotNull ReplicaIdentity replicaIdentity,
        boolean hasPrimaryKey,
        boolean eligible,
        String reason,
        String commandTag,
        @NotNull Instant observedAt) {

    /**
     * A CREATED event for a table found in the catalog.
     *
     * @param source PeerDB source peer name
     * @param table the catalog entry (its names win over the notification's, e.g. after a quick rename)
     * @param verdict the classifier's verdict
     * @param commandTag command tag from the notification, may be null
     * @param observedAt when the notification was received
     */
    public static TableEvent created(
            String source, CatalogTable table, Eligibility verdict, String commandTag, Instant observedAt) {
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
                verdict.eligible(),
                verdict.reason(),
                commandTag,
                observedAt);
    }
}
