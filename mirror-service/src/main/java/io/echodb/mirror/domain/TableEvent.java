package io.echodb.mirror.domain;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One table created or dropped in a source database, as sent by listener-service to
 * {@code POST /api/v1/table-events} (contracts.md §2).
 *
 * @param type what happened; required
 * @param source the PeerDB source peer name of the database, e.g. {@code postgres_main}; required
 * @param schema schema name as stored in the catalog (case kept, unquoted); required, 1–63 bytes
 * @param table table name as stored in the catalog (case kept, unquoted); required, 1–63 bytes
 * @param oid {@code pg_class.oid} of the table; required, ≥ 1
 * @param kind relation kind from {@code pg_class.relkind}; optional
 * @param persistence from {@code pg_class.relpersistence}; optional
 * @param replicaIdentity from {@code pg_class.relreplident}; optional
 * @param hasPrimaryKey whether a primary key index exists; optional
 * @param eligible the listener's verdict: should the table be mirrored; required for {@code CREATED}, may be null
 *     for {@code DROPPED} (as may {@code kind}, {@code persistence}, {@code replicaIdentity}, {@code hasPrimaryKey})
 * @param reason why the table is not eligible, e.g. {@code unlogged table}; optional
 * @param commandTag the DDL command tag, e.g. {@code CREATE TABLE}; optional
 * @param observedAt when the listener received the notification (RFC 3339 UTC); optional (mirror-service then
 *     uses the time it received the event)
 */
@VerdictRequired
public record TableEvent(
        @NotNull EventType type,
        @NotBlank @Size(max = 255) String source,
        @NotNull @PgIdentifier String schema,
        @NotNull @PgIdentifier String table,
        @NotNull @Min(1) Long oid,
        TableKind kind,
        Persistence persistence,
        ReplicaIdentity replicaIdentity,
        Boolean hasPrimaryKey,
        Boolean eligible,
        @Size(max = 1000) String reason,
        @Size(max = 64) String commandTag,
        Instant observedAt) {

    /** The table. */
    public TableRef ref() {
        return new TableRef(source, schema, table);
    }

    /** Whether the listener judged the table eligible ({@code false} when it gave no verdict). */
    public boolean judgedEligible() {
        return Boolean.TRUE.equals(eligible);
    }
}
