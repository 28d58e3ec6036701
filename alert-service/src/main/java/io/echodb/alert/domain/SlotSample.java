package io.echodb.alert.domain;

import java.time.Instant;

/**
 * One row of {@code pg_replication_slots} (joined with {@code pg_stat_replication} on the walsender's pid) as read
 * by one poll.
 *
 * @param slotName {@code slot_name}
 * @param plugin output plugin of a logical slot ({@code plugin}, e.g. {@code pgoutput}); {@code null} for a
 *     physical slot
 * @param slotType {@code logical} or {@code physical} ({@code slot_type})
 * @param database database of a logical slot ({@code database}); {@code null} for a physical slot
 * @param active whether a consumer is connected ({@code active})
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost} ({@code wal_status});
 *     {@code null} when the slot never reserved WAL
 * @param restartLsn oldest WAL location the consumer may still need ({@code restart_lsn}, text such as
 *     {@code 0/1A2B3C8}); {@code null} when unset
 * @param confirmedFlushLsn location the consumer confirmed ({@code confirmed_flush_lsn}); {@code null} for a
 *     physical slot
 * @param retainedWalBytes bytes, {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}; {@code null} without
 *     {@code restart_lsn}
 * @param consumerLagBytes bytes, {@code pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)}; {@code null}
 *     without {@code confirmed_flush_lsn}
 * @param confirmedFlushPosition {@code confirmed_flush_lsn} as a byte position ({@code pg_wal_lsn_diff(…, '0/0')});
 *     {@code null} without it
 * @param safeWalSizeBytes bytes that can still be written before the slot is in danger of being lost
 *     ({@code safe_wal_size}); {@code null} when {@code max_slot_wal_keep_size} is -1 (the default) or it is lost
 * @param walsenderState {@code pg_stat_replication.state} of the connected walsender (e.g. {@code streaming}),
 *     {@code null} when none
 * @param inactiveSince PostgreSQL 17+ {@code inactive_since}; {@code null} while active or on older servers
 * @param invalidationReason PostgreSQL 17+ {@code invalidation_reason} (e.g. {@code wal_removed}); {@code null}
 *     when valid or on older servers
 * @param xminAge transactions, {@code greatest(age(xmin), age(catalog_xmin))}; {@code null} when both are unset
 */
public record SlotSample(
        String slotName,
        String plugin,
        String slotType,
        String database,
        boolean active,
        String walStatus,
        String restartLsn,
        String confirmedFlushLsn,
        Long retainedWalBytes,
        Long consumerLagBytes,
        Long confirmedFlushPosition,
        Long safeWalSizeBytes,
        String walsenderState,
        Instant inactiveSince,
        String invalidationReason,
        Long xminAge) {}
