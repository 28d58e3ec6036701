package io.echodb.listener.domain;

/**
 * What {@code pg_catalog} says about one relation.
 *
 * @param oid {@code pg_class.oid}
 * @param schema schema name as stored in the catalog (case kept, unquoted)
 * @param table relation name as stored in the catalog (case kept, unquoted)
 * @param kind from {@code relkind} / {@code relispartition}
 * @param persistence from {@code relpersistence}
 * @param replicaIdentity from {@code relreplident}
 * @param hasPrimaryKey a primary key index exists ({@code pg_index.indisprimary})
 * @param hasReplicaIdentityIndex an index is marked as the replica identity ({@code pg_index.indisreplident});
 *     replica identity INDEX without one behaves as NOTHING
 * @param extension name of the extension owning the relation ({@code pg_depend} deptype {@code 'e'}), or null
 * @param parentSchema for a partition, the schema of its parent, else null
 * @param parentTable for a partition, the name of its parent, else null
 */
public record CatalogTable(
        long oid,
        String schema,
        String table,
        TableKind kind,
        Persistence persistence,
        ReplicaIdentity replicaIdentity,
        boolean hasPrimaryKey,
        boolean hasReplicaIdentityIndex,
        String extension,
        String parentSchema,
        String parentTable) {

    /** {@code schema.table}, unquoted, for log lines. */
    public String qualifiedName() {
        return schema + "." + table;
    }

    /** {@code schema.table} of the partitioned parent, unquoted, or null when this is not a partition. */
    public String partitionOf() {
        return parentTable == null ? null : parentSchema + "." + parentTable;
    }
}
