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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Reads what {@code pg_catalog} knows about relations and publications, sets replica identities and adds
 * tables to a publication, through the Quarkus-managed reactive pool.
 */
@ApplicationScoped
public class TableCatalogRepository {

    /** Columns of one relation {@code c} in namespace {@code n}; names come back as stored (case kept, unquoted). */
    private static final String COLUMNS = """
            SELECT c.oid::bigint AS oid,
                   n.nspname AS schema_name,
                   c.relname AS table_name,
                   c.relkind::text AS relkind,
                   c.relispartition AS relispartition,
                   c.relpersistence::text AS relpersistence,
                   c.relreplident::text AS relreplident,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_index AS i
                           WHERE i.indrelid = c.oid AND i.indisprimary) AS has_primary_key,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_index AS i
                           WHERE i.indrelid = c.oid AND i.indisreplident) AS has_replica_identity_index,
                   (SELECT e.extname FROM pg_catalog.pg_depend AS d
                      JOIN pg_catalog.pg_extension AS e ON e.oid = d.refobjid
                     WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                       AND d.objid = c.oid
                       AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                       AND d.deptype = 'e'
                     LIMIT 1) AS extension_name,
                   parent.schema_name AS parent_schema,
                   parent.table_name AS parent_table
            """;

    /** Joins that {@link #COLUMNS} need besides {@code c} and {@code n}. */
    private static final String PARENT = """
            LEFT JOIN LATERAL (
                SELECT pn.nspname AS schema_name, p.relname AS table_name
                FROM pg_catalog.pg_inherits AS h
                JOIN pg_catalog.pg_class AS p ON p.oid = h.inhparent
                JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
                WHERE h.inhrelid = c.oid AND c.relispartition
                LIMIT 1) AS parent ON true
            """;

    /** One row for the relation with OID {@code $1}. */
    private static final String FIND_BY_OID = COLUMNS + """
            FROM pg_catalog.pg_class AS c
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            """ + PARENT + """
            WHERE c.oid = ($1::bigint)::oid
            """;

    /** One row for the relation named {@code $2} in schema {@code $1} (exact names, quoted before lookup). */
    private static final String FIND_BY_NAME = COLUMNS + """
            FROM pg_catalog.pg_class AS c
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            """ + PARENT + """
            WHERE c.oid = pg_catalog.to_regclass(pg_catalog.quote_ident($1) || '.' || pg_catalog.quote_ident($2))
            """;

    /**
     * Every ordinary, partitioned and foreign table (partitions included) of the schemas matching one of the
     * LIKE patterns {@code $1}, the internal schemas {@code $2} and PostgreSQL's {@code pg_toast…} and
     * {@code pg_temp…} left out; a schema without tables gives one row with a null {@code oid}. Sorted by schema,
     * then table name (collation "C" of type {@code name}).
     */
    private static final String INVENTORY = COLUMNS + """
            FROM pg_catalog.pg_namespace AS n
            LEFT JOIN pg_catalog.pg_class AS c
                   ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'f')
            """ + PARENT + """
            WHERE n.nspname LIKE ANY ($1::text[])
              AND n.nspname <> ALL ($2::text[])
              AND n.nspname NOT LIKE 'pg\\_toast%'
              AND n.nspname NOT LIKE 'pg\\_temp%'
            ORDER BY n.nspname, c.relname
            """;

    /** OIDs of the tables listed in publication {@code $1}; every table when it is {@code FOR ALL TABLES}. */
    private static final String PUBLICATION_MEMBERS = """
            SELECT p.puballtables AS all_tables, r.prrelid::bigint AS oid
            FROM pg_catalog.pg_publication AS p
            LEFT JOIN pg_catalog.pg_publication_rel AS r ON r.prpubid = p.oid
            WHERE p.pubname = $1
            """;

    /** Gives up on the table lock of {@code ALTER TABLE} rather than queue every other query behind it. */
    static final String LOCK_TIMEOUT = "5s";

    private final Pool pool;

    public TableCatalogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Result of {@link #listTables}: the schemas found and their tables. */
    public record Listing(List<String> schemas, List<CatalogTable> tables) {}

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
                .map(rows -> tables(rows).stream().findFirst());
    }

    /**
     * Looks a relation up by its exact (unquoted, case-kept) names, as {@code to_regclass} on the quoted
     * identifiers does: any name, including quotes, dots and Unicode, is safe.
     *
     * @return the relation, or empty when there is none; fails with the client's exception when the query
     *     cannot run
     */
    public Uni<Optional<CatalogTable>> findByName(String schema, String table) {
        return pool.preparedQuery(FIND_BY_NAME)
                .execute(Tuple.of(schema, table))
                .map(rows -> tables(rows).stream().findFirst());
    }

    /**
     * Lists, in one query, the schemas matching {@code schemaLikePatterns} and their ordinary, partitioned and
     * foreign tables (partitions included). The internal schemas ({@link TableClassifier#isInternalSchema}:
     * EchoDB's {@code echodb}, PeerDB's, PostgreSQL's) are never listed, whatever the patterns.
     *
     * @param schemaLikePatterns SQL LIKE patterns (escape character backslash)
     * @return schemas sorted by name, tables sorted by schema then name; fails with the client's exception
     */
    public Uni<Listing> listTables(Collection<String> schemaLikePatterns) {
        return pool.preparedQuery(INVENTORY)
                .execute(Tuple.tuple()
                        .addArrayOfString(schemaLikePatterns.toArray(String[]::new))
                        .addArrayOfString(TableClassifier.INTERNAL_SCHEMAS.toArray(String[]::new)))
                .map(rows -> new Listing(
                        StreamSupport.stream(rows.spliterator(), false)
                                .map(row -> row.getString("schema_name"))
                                .distinct()
                                .toList(),
                        tables(rows)));
    }

    /**
     * Runs {@code ALTER TABLE schema.table REPLICA IDENTITY FULL}, each name double-quoted (embedded quotes
     * doubled), with {@code lock_timeout} {@value #LOCK_TIMEOUT}.
     *
     * @return fails with the client's exception (e.g. {@code 42501} must be owner, {@code 55P03} lock timeout)
     */
    public Uni<Void> setReplicaIdentityFull(String schema, String table) {
        return withLockTimeout(
                "ALTER TABLE " + quoteIdentifier(schema) + "." + quoteIdentifier(table) + " REPLICA IDENTITY FULL");
    }

    private Uni<Void> withLockTimeout(String ddl) {
        return pool.withTransaction(connection -> connection
                        .query("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'")
                        .execute()
                        .chain(() -> connection.query(ddl).execute()))
                .replaceWithVoid();
    }

    /**
     * The tables publication {@code publication} lists by name ({@code pg_publication_rel}).
     *
     * @return the members ({@link PublicationMembers#allTables()} for a {@code FOR ALL TABLES} publication; none
     *     when there is no such publication); fails with the client's exception when the query cannot run
     */
    public Uni<PublicationMembers> publicationMembers(String publication) {
        return pool.preparedQuery(PUBLICATION_MEMBERS)
                .execute(Tuple.of(publication))
                .map(rows -> {
                    Set<Long> oids = new HashSet<>();
                    boolean allTables = false;
                    for (Row row : rows) {
                        allTables |= row.getBoolean("all_tables");
                        if (row.getLong("oid") != null) {
                            oids.add(row.getLong("oid"));
                        }
                    }
                    return new PublicationMembers(allTables, Set.copyOf(oids));
                });
    }

    /**
     * Tables of a publication.
     *
     * @param allTables whether it is {@code FOR ALL TABLES}
     * @param oids the tables it lists by name
     */
    public record PublicationMembers(boolean allTables, Set<Long> oids) {

        /** Whether the table with {@code oid} is published. */
        public boolean contains(long oid) {
            return allTables || oids.contains(oid);
        }
    }

    /**
     * Runs {@code ALTER PUBLICATION publication ADD TABLE schema.table}, each name double-quoted, with
     * {@code lock_timeout} {@value #LOCK_TIMEOUT}.
     *
     * @return fails with the client's exception (e.g. {@code 42710} already a member, {@code 42501} must be
     *     owner, {@code 42704} no such publication)
     */
    public Uni<Void> addToPublication(String publication, String schema, String table) {
        String alter = "ALTER PUBLICATION " + quoteIdentifier(publication) + " ADD TABLE " + quoteIdentifier(schema)
                + "." + quoteIdentifier(table);
        return withLockTimeout(alter);
    }

    /** {@code name} as a PostgreSQL quoted identifier: wrapped in double quotes, embedded double quotes doubled. */
    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static List<CatalogTable> tables(RowSet<Row> rows) {
        List<CatalogTable> tables = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.getLong("oid") != null) {
                tables.add(table(row));
            }
        }
        return tables;
    }

    private static CatalogTable table(Row row) {
        return new CatalogTable(
                row.getLong("oid"),
                row.getString("schema_name"),
                row.getString("table_name"),
                TableKind.of(row.getString("relkind"), row.getBoolean("relispartition")),
                Persistence.of(row.getString("relpersistence")),
                ReplicaIdentity.of(row.getString("relreplident")),
                row.getBoolean("has_primary_key"),
                row.getBoolean("has_replica_identity_index"),
                row.getString("extension_name"),
                row.getString("parent_schema"),
                row.getString("parent_table"));
    }
}
