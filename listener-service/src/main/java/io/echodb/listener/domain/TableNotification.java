package io.echodb.listener.domain;

/**
 * A validated notification: from the event trigger (docs/contracts.md §1) or from the replaced Python
 * worker's trigger (channel {@code peerdb_create_mirror}, payload {@code {"schema","table","timestamp"}}).
 *
 * @param event CREATED or DROPPED (the worker's payload is always CREATED)
 * @param tag command tag, e.g. {@code CREATE TABLE}; null when the payload has none
 * @param oid {@code pg_class.oid} of the table (1 to 4294967295), or null when the payload only names the
 *     table (the worker's payload): the table is then looked up by name
 * @param schema schema name as stored in the catalog (case kept, unquoted)
 * @param table table name as stored in the catalog (case kept, unquoted)
 */
public record TableNotification(EventType event, String tag, Long oid, String schema, String table) {

    /** {@code schema.table}, unquoted, for log lines. */
    public String qualifiedName() {
        return schema + "." + table;
    }
}
