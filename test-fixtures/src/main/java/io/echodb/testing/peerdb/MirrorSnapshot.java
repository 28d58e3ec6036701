package io.echodb.testing.peerdb;

import java.time.Instant;
import java.util.List;

/**
 * A mirror the emulator holds, as seen at one moment (test API; the HTTP API reports mirrors through
 * {@code /v1/mirrors/list} and {@code /v1/mirrors/status}).
 *
 * @param id catalog id (as {@code ListMirrorsItem.id})
 * @param name the mirror name ({@code flowJobName})
 * @param status current {@link FlowStatus}
 * @param sourceName source peer
 * @param destinationName destination peer
 * @param sourceTables the mapped source table identifiers, in mapping order
 * @param destinationTables the mapped destination table identifiers, same order
 * @param publicationName the publication the mirror uses (custom, or {@code peerflow_pub_<name>})
 * @param slotName the replication slot the mirror uses (custom, or {@code peerflow_slot_<name>})
 * @param doInitialSnapshot whether the mirror snapshots before CDC
 * @param createdAt when create was accepted
 */
public record MirrorSnapshot(
        long id,
        String name,
        FlowStatus status,
        String sourceName,
        String destinationName,
        List<String> sourceTables,
        List<String> destinationTables,
        String publicationName,
        String slotName,
        boolean doInitialSnapshot,
        Instant createdAt) {}
