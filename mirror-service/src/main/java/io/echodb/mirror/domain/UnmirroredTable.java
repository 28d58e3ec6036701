package io.echodb.mirror.domain;

import java.time.Instant;

/**
 * An eligible table (from an event or inventory) that has no mirror yet, as listed by
 * {@code GET /api/v1/unmirrored-tables} (contracts.md §6).
 *
 * @param source PeerDB source peer name
 * @param schema source schema
 * @param table source table
 * @param eligibleSince when mirror-service first learnt that the table should be mirrored
 * @param lastError why the last attempt to mirror it failed, or what it waits for; {@code null} when none
 */
public record UnmirroredTable(String source, String schema, String table, Instant eligibleSince, String lastError) {

    /** The table. */
    public TableRef ref() {
        return new TableRef(source, schema, table);
    }

    /** This entry with {@code error} as its last error. */
    public UnmirroredTable withError(String error) {
        return new UnmirroredTable(source, schema, table, eligibleSince, error);
    }
}
