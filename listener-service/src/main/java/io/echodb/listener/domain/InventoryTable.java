package io.echodb.listener.domain;

/**
 * One table of an {@link Inventory} (docs/contracts.md §5): the classification fields of a table event plus
 * the partitioned parent.
 *
 * @param schema schema name as stored in the catalog (case kept, unquoted)
 * @param table table name as stored in the catalog (case kept, unquoted)
 * @param oid {@code pg_class.oid}
 * @param kind from {@code pg_class.relkind} / {@code relispartition}
 * @param persistence from {@code pg_class.relpersistence}
 * @param replicaIdentity from {@code pg_class.relreplident}
 * @param hasPrimaryKey a primary key index exists
 * @param eligible the listener's verdict: should be mirrored
 * @param reason why not eligible, null when eligible
 * @param partitionOf {@code schema.table} of the partitioned parent (unquoted), or null
 */
public record InventoryTable(
        String schema,
        String table,
        long oid,
        TableKind kind,
        Persistence persistence,
        ReplicaIdentity replicaIdentity,
        boolean hasPrimaryKey,
        boolean eligible,
        String reason,
        String partitionOf) {

    /** The inventory entry of a classified catalog entry. */
    public static InventoryTable of(ClassifiedTable classified) {
        CatalogTable table = classified.table();
        return new InventoryTable(
                table.schema(),
                table.table(),
                table.oid(),
                table.kind(),
                table.persistence(),
                table.replicaIdentity(),
                table.hasPrimaryKey(),
                classified.verdict().eligible(),
                classified.verdict().reason(),
                table.partitionOf());
    }
}
