package io.echodb.listener.service;

import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.Persistence;
import io.echodb.listener.domain.ReplicaIdentity;
import io.echodb.listener.domain.TableKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads what {@code pg_catalog} knows about a relation, through the Quarkus-managed reactive pool. */
@ApplicationScoped
public class TableCatalogRepository {

    /** One row for the relation with OID {@code $1}; names come back as stored (case kept, unquoted). */
    private static final String FIND_BY_OID = """
            SELECT c.oid::bigint AS oid,
                   n.nspname AS schema_name,
                   c.relname AS table_name,
                   c.relkind::text AS relkind,
                   c.relispartition AS relispartition,
                   c.relpersistence::text AS relpersistence,
                   c.relreplident::text AS relreplident,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_index AS i
                           WHERE i.indrelid = c.oid AND i.indisprimary) AS has_primary_key,
                   (SELECT e.extname FROM pg_catalog.pg_depend AS d
                      JOIN pg_catalog.pg_extension AS e ON e.oid = d.refobjid
                     WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                       AND d.objid = c.oid
                       AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                       AND d.deptype = 'e'
                     LIMIT 1) AS extension_name,
                   parent.schema_name AS parent_schema,
                   parent.table_name AS parent_table
            FROM pg_catalog.pg_class AS c
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            LEFT JOIN LATERAL (
                SELECT pn.nspname AS schema_name, p.relname AS table_name
                FROM pg_catalog.pg_inherits AS h
                JOIN pg_catalog.pg_class AS p ON p.oid = h.inhparent
                JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
                WHERE h.inhrelid = c.oid AND c.relispartition
                LIMIT 1) AS parent ON true
            WHERE c.oid = ($1::bigint)::oid
            """;

    private final Pool pool;

    public TableCatalogRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Looks a relation up by OID.
     *
     * @param oid {@code pg_class.oid}
     * @return the relation, or empty when no relation has this OID (e.g. dropped since the notification);
     *     fails with the client's exception when the query cannot run
     */
    public Uni<Optional<CatalogTable>> findByOid(long oid) {
        return pool.preparedQuery(FIND_BY_OID)
                .execute(Tuple.of(oid))
                .map(TableCatalogRepository::firstTable);
    }

    private static Optional<CatalogTable> firstTable(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new CatalogTable(
                row.getLong("oid"),
                row.getString("schema_name"),
                row.getString("table_name"),
                TableKind.of(row.getString("relkind"), row.getBoolean("relispartition")),
                Persistence.of(row.getString("relpersistence")),
                ReplicaIdentity.of(row.getString("relreplident")),
                row.getBoolean("has_primary_key"),
                row.getString("extension_name"),
                row.getString("parent_schema"),
                row.getString("parent_table")));
    }
}
