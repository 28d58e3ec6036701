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
 * @param pauseCycles {@code GET /api/v1/status}: the shared mirrors EchoDB pauses to change their tables now
 *     (empty from a mirror-service that does not report them)
 */
public record MirrorServiceSnapshot(
        List<DeadLetter> deadLetters,
        List<SkippedTable> skippedTables,
        List<UnmirroredTable> unmirroredTables,
        Map<String, String> circuitBreakers,
        List<PauseCycle> pauseCycles) {

    public MirrorServiceSnapshot {
        deadLetters = List.copyOf(deadLetters);
        skippedTables = List.copyOf(skippedTables);
        unmirroredTables = List.copyOf(unmirroredTables);
        circuitBreakers = Map.copyOf(circuitBreakers);
        pauseCycles = List.copyOf(pauseCycles);
    }

    /** A report without pause cycles. */
    public MirrorServiceSnapshot(
            List<DeadLetter> deadLetters,
            List<SkippedTable> skippedTables,
            List<UnmirroredTable> unmirroredTables,
            Map<String, String> circuitBreakers) {
        this(deadLetters, skippedTables, unmirroredTables, circuitBreakers, List.of());
    }

    /**
     * A shared mirror EchoDB paused to add or remove tables, or whose added tables PeerDB snapshots with the
     * mirror's CDC on hold (contracts.md §6, {@code pauseCycles}).
     *
     * @param mirror the PeerDB mirror
     * @param source its source peer
     * @param tablesAdded how many tables are being added
     * @param tablesAddedNames those tables, {@code schema.table}
     * @param tablesRemoved tables being removed, {@code schema.table}
     * @param step {@code PAUSING}, {@code APPLYING} (the mirror is paused or pausing) or {@code SNAPSHOT}
     * @param since when EchoDB paused the mirror
     * @param stepSince when the current step began (for {@code SNAPSHOT}: when the snapshot started)
     * @param expectedBy when the mirror should run again (the cycle's timeout); {@code null} for a snapshot,
     *     whose length depends on the tables
     */
    public record PauseCycle(
            String mirror,
            String source,
            int tablesAdded,
            List<String> tablesAddedNames,
            List<String> tablesRemoved,
            String step,
            Instant since,
            Instant stepSince,
            Instant expectedBy) {

        /** Step of a snapshot of the added tables. */
        public static final String SNAPSHOT = "SNAPSHOT";

        public PauseCycle {
            tablesAddedNames = tablesAddedNames == null ? List.of() : List.copyOf(tablesAddedNames);
            tablesRemoved = tablesRemoved == null ? List.of() : List.copyOf(tablesRemoved);
        }

        /** Whether EchoDB holds the mirror paused (pausing it, or sending the changes with the resume). */
        public boolean pausing() {
            return !SNAPSHOT.equals(step);
        }

        /** Whether the mirror should run again by now and does not. */
        public boolean overdue(Instant now) {
            return expectedBy != null && now.isAfter(expectedBy);
        }
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
