package io.echodb.testing.peerdb;

import java.time.Instant;

/**
 * One row of the emulated {@code peerdb_stats.flow_errors} table, served by {@code POST /v1/mirrors/logs}
 * (peerdb-api.md §4.3).
 *
 * @param id increasing row id
 * @param flowName the mirror name
 * @param message the log text
 * @param level {@code error}, {@code warn} or {@code info} (lower case, as PeerDB stores it)
 * @param timestamp when the row was written
 */
public record MirrorLogEntry(int id, String flowName, String message, String level, Instant timestamp) {}
