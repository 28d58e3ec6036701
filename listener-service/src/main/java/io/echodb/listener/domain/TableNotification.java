package io.echodb.listener.domain;

/**
 * A validated notification from the event trigger (docs/contracts.md §1).
 *
 * @param version payload version ({@code v}), currently 1
 * @param event CREATED or DROPPED
 * @param tag command tag, e.g. {@code CREATE TABLE}; may be null
 * @param oid {@code pg_class.oid} of the table, ≥ 1
 * @param schema schema name as stored in the catalog
 * @param table table name as stored in the catalog
 */
public record TableNotification(int version, EventType event, String tag, long oid, String schema, String table) {

    /** {@code schema.table}, unquoted, for log lines. */
    public String qualifiedName() {
        return schema + "." + table;
    }
}
