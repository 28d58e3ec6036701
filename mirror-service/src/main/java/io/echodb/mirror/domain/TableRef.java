package io.echodb.mirror.domain;

/**
 * One table of one source database, as named in the catalog (case kept, unquoted).
 *
 * @param source PeerDB source peer name
 * @param schema schema name
 * @param table table name
 */
public record TableRef(String source, String schema, String table) {

    /** {@code schema.table}, unquoted: PeerDB's {@code sourceTableIdentifier} (peerdb-api.md §5). */
    public String identifier() {
        return schema + "." + table;
    }

    @Override
    public String toString() {
        return source + ":" + identifier();
    }
}
