package io.echodb.mirror.domain;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One table of an {@link Inventory} (contracts.md §5): the TableEvent classification fields (§2) plus
 * {@code partitionOf}.
 *
 * @param schema schema name as stored in the catalog; required, 1–63 bytes
 * @param table table name as stored in the catalog; required, 1–63 bytes
 * @param oid {@code pg_class.oid}; required, ≥ 1
 * @param kind relation kind; optional
 * @param persistence from {@code pg_class.relpersistence}; optional
 * @param replicaIdentity from {@code pg_class.relreplident}; optional
 * @param hasPrimaryKey whether a primary key index exists; optional
 * @param eligible the listener's verdict: should the table be mirrored; required
 * @param reason why the table is not eligible (e.g. {@code partition of public.events}); optional
 * @param partitionOf {@code schema.table} of the partitioned parent when the table is a partition, else null
 */
public record InventoryTable(
        @NotNull @PgIdentifier String schema,
        @NotNull @PgIdentifier String table,
        @NotNull @Min(1) Long oid,
        TableKind kind,
        Persistence persistence,
        ReplicaIdentity replicaIdentity,
        Boolean hasPrimaryKey,
        @NotNull Boolean eligible,
        @Size(max = 1000) String reason,
        @Size(max = 255) String partitionOf) {

    /** This table of {@code source}. */
    public TableRef ref(String source) {
        return new TableRef(source, schema, table);
    }

    /** Whether the table is a partition of another table (by kind or by {@code partitionOf}). */
    public boolean partitionChild() {
        return kind == TableKind.PARTITION || (partitionOf != null && !partitionOf.isBlank());
    }
}
