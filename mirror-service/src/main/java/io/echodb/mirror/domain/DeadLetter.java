package io.echodb.mirror.domain;

import java.time.Instant;

/**
 * A PeerDB request that failed after all its retries (or could not be sent: breaker open, timeout), as listed by
 * {@code GET /api/v1/dead-letters} (contracts.md §6); retried by its replay endpoint, the next inventory of its
 * source and the next event for its table, and gone once that succeeds or is no longer needed.
 *
 * @param id stable identifier for the replay endpoint
 * @param source PeerDB source peer name
 * @param schema source schema
 * @param table source table
 * @param mirror the PeerDB mirror the request was for
 * @param operation what EchoDB tried to do
 * @param attempts how many times the request failed for good (each time after its own retries)
 * @param lastError the last failure, e.g. {@code PeerDB answered HTTP 503 (gRPC code 14): ...}
 * @param firstSeen when it first failed
 * @param lastSeen when it last failed
 */
public record DeadLetter(
        String id,
        String source,
        String schema,
        String table,
        String mirror,
        Operation operation,
        int attempts,
        String lastError,
        Instant firstSeen,
        Instant lastSeen) {

    /** What a dead-lettered request was to do. */
    public enum Operation {
        /** Create a per-table mirror. */
        CREATE_MIRROR,
        /** Terminate a per-table mirror whose table was dropped or is no longer eligible. */
        RETIRE_MIRROR,
        /** Add a table to a shared mirror (creating the mirror for its first table). */
        ADD_TABLE,
        /** Remove a table from a shared mirror. */
        REMOVE_TABLE
    }

    /** The table the request was for. */
    public TableRef ref() {
        return new TableRef(source, schema, table);
    }

    /** This letter failed once more at {@code now} with {@code error}. */
    public DeadLetter failedAgain(String error, Instant now) {
        return new DeadLetter(id, source, schema, table, mirror, operation, attempts + 1, error, firstSeen, now);
    }
}
