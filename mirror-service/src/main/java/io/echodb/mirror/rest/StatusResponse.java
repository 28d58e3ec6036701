package io.echodb.mirror.rest;

import io.echodb.mirror.service.SharedMirrorCycle;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code GET /api/v1/status} (contracts.md §6).
 *
 * @param circuitBreakers state of each PeerDB circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), by name
 * @param deadLetters how many dead letters wait
 * @param unmirroredTables how many eligible tables have no mirror yet
 * @param lastInventory {@code takenAt} of the latest applied inventory, by source
 * @param pauseCycles shared mirrors EchoDB has paused to change their tables, or whose added tables PeerDB
 *     snapshots, oldest first (as {@code GET /api/v1/pause-cycles})
 */
public record StatusResponse(
        Map<String, String> circuitBreakers,
        int deadLetters,
        int unmirroredTables,
        Map<String, Instant> lastInventory,
        List<SharedMirrorCycle.PauseCycle> pauseCycles) {}
