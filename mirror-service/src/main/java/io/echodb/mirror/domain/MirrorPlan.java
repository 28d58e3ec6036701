package io.echodb.mirror.domain;

/**
 * The mirror EchoDB wants one table in: its own (per-table strategy) or its schema's (shared strategy).
 *
 * @param mirror PeerDB mirror name ({@code flowJobName}); matches {@code ^[a-z_][a-z0-9_]*$}, ≤ 49 characters
 * @param source PeerDB source peer name
 * @param schema source schema, as in the catalog
 * @param table source table, as in the catalog
 * @param destinationTable destination table name sent to PeerDB as {@code destinationTableIdentifier}
 */
public record MirrorPlan(String mirror, String source, String schema, String table, String destinationTable) {

    /** {@code schema.table}, unquoted: PeerDB's {@code sourceTableIdentifier} (peerdb-api.md §5). */
    public String sourceTableIdentifier() {
        return schema + "." + table;
    }

    /** The table. */
    public TableRef ref() {
        return new TableRef(source, schema, table);
    }
}
