package io.echodb.listener.domain;

/**
 * What {@code pg_catalog} says about one relation, looked up by OID.
 *
 * @param oid {@code pg_class.oid}
 * @param schema schema name as stored in the catalog (case kept, unquoted)
 * @param table relation name as stored in the catalog (case kept, unquoted)
 * @param kind from {@code relkind} / {@code relispartition}
 * @param persistence from {@code relpersistence}
 * @param replicaIdentity from {@code relreplident}
 * @param hasPrimaryKey a primary key index exists ({@code pg_index.indisprimary})
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
        String extension,
        String parentSchema,
        String parentTable) {}
