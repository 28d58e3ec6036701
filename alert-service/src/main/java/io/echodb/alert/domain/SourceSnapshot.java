package io.echodb.alert.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one poll read from one source database, in one statement.
 *
 * @param source the source's name (label/tag {@code source})
 * @param polledAt when the statement completed
 * @param serverMajorVersion PostgreSQL major version, from the connection's startup parameters
 * @param currentWalPosition {@code pg_current_wal_lsn()} as a byte position
 * @param maxReplicationSlots {@code max_replication_slots}
 * @param slotsInUse every replication slot of the server (all databases), for rule {@code slot-capacity}
 * @param maxSlotWalKeepSizeBytes {@code max_slot_wal_keep_size} in bytes; {@code null} when -1 (unlimited)
 * @param peerdbConnections sessions of the PeerDB user in {@code pg_stat_activity}; {@code null} when no user is
 *     configured for this source
 * @param idleReplicationSlotTimeout PostgreSQL 18's {@code idle_replication_slot_timeout}: an inactive slot is
 *     invalidated ({@code invalidation_reason = idle_timeout}) at the first checkpoint after it; {@code null} when
 *     0 (off) or before 18
 * @param slots logical slots of the polled database and the server's physical slots, ordered by name
 */
public record SourceSnapshot(
        String source,
        Instant polledAt,
        int serverMajorVersion,
        long currentWalPosition,
        int maxReplicationSlots,
        int slotsInUse,
        Long maxSlotWalKeepSizeBytes,
        Integer peerdbConnections,
        Duration idleReplicationSlotTimeout,
        List<SlotSample> slots) {

    public SourceSnapshot {
        slots = List.copyOf(slots);
    }
}
