package io.echodb.mirror.domain;

import java.time.Instant;

/**
 * A table EchoDB does not mirror, as listed by {@code GET /api/v1/skipped-tables}.
 *
 * @param source PeerDB source peer name
 * @param schema source schema
 * @param table source table
 * @param oid {@code pg_class.oid} from the event
 * @param decidedBy who ruled the table out
 * @param reason why, e.g. {@code unlogged table} or {@code SOURCE_TABLE_MISSING: ...}
 * @param recordedAt when EchoDB recorded it
 */
public record SkippedTable(
        String source, String schema, String table, long oid, DecidedBy decidedBy, String reason, Instant recordedAt) {

    /** Who ruled a table out. */
    public enum DecidedBy {
        /** listener-service sent the event with {@code eligible=false}. */
        LISTENER,
        /** mirror-service cannot express the table to PeerDB (e.g. a {@code .} in its name). */
        MIRROR_SERVICE,
        /** PeerDB's validation refused the mirror (e.g. {@code SOURCE_TABLE_MISSING}). */
        PEERDB
    }
}
