package io.echodb.alert.domain;

/**
 * One row of {@code pg_replication_slots} as read by one poll.
 *
 * @param slotName slot name ({@code slot_name})
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
 * @param retainedWalBytes bytes of WAL kept for this slot, {@code pg_wal_lsn_diff(pg_current_wal_lsn(),
 *     restart_lsn)}; {@code null} when {@code restart_lsn} is null
 * @param safeWalSizeBytes bytes that can still be written before the slot is in danger of being lost
 *     ({@code safe_wal_size}); {@code null} when {@code max_slot_wal_keep_size} is -1 (the default) or the slot
 *     is lost
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
        Long safeWalSizeBytes) {}
