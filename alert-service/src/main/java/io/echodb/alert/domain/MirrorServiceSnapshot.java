package io.echodb.alert.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What mirror-service reported in one poll (contracts.md §6).
 *
 * @param deadLetters {@code GET /api/v1/dead-letters}
 * @param skippedTables {@code GET /api/v1/skipped-tables}
 * @param unmirroredTables {@code GET /api/v1/unmirrored-tables}
 * @param circuitBreakers {@code GET /api/v1/status}: breaker name → {@code CLOSED}, {@code OPEN} or
 *     {@code HALF_OPEN}
 */
public record MirrorServiceSnapshot(
        List<DeadLetter> deadLetters,
        List<SkippedTable> skippedTables,
        List<UnmirroredTable> unmirroredTables,
        Map<String, String> circuitBreakers) {

    public MirrorServiceSnapshot {
        deadLetters = List.copyOf(deadLetters);
        skippedTables = List.copyOf(skippedTables);
        unmirroredTables = List.copyOf(unmirroredTables);
        circuitBreakers = Map.copyOf(circuitBreakers);
    }

    /** A request that exhausted its retries. */
    public record DeadLetter(
            String id,
            String source,
            String schema,
            String table,
            String mirror,
            String operation,
            int attempts,
            String lastError,
            Instant firstSeen,
            Instant lastSeen) {}

    /** A table not mirrored on purpose. */
    public record SkippedTable(
            String source, String schema, String table, String decidedBy, String reason, Instant recordedAt) {}

    /** An eligible table without a mirror. */
    public record UnmirroredTable(
            String source, String schema, String table, Instant eligibleSince, String lastError) {}
}
