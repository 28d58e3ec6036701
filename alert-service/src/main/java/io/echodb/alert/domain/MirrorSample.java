package io.echodb.alert.domain;

import java.time.Instant;
import java.util.List;

/**
 * One PeerDB mirror as one poll saw it ({@code /v1/mirrors/list}, plus {@code /v1/mirrors/status} and
 * {@code /v1/mirrors/logs} for mirrors that are not running).
 *
 * @param name mirror name ({@code flowJobName})
 * @param source source peer name ({@code sourceName})
 * @param destination destination peer name
 * @param status PeerDB {@code FlowStatus} name, e.g. {@code STATUS_RUNNING}
 * @param cdc whether it is a CDC mirror (QRep mirrors have no slot)
 * @param createdAt creation time
 * @param slotName its replication slot: the status's {@code replicationSlotName}, else
 *     {@code peerflow_slot_<name>}; {@code null} for QRep mirrors
 * @param snapshotProgress e.g. {@code 3/4 partitions} while snapshotting, else {@code null}
 * @param lastErrors newest first, from {@code /v1/mirrors/logs} (level {@code error}) of a failed mirror; empty
 *     otherwise
 */
public record MirrorSample(
        String name,
        String source,
        String destination,
        String status,
        boolean cdc,
        Instant createdAt,
        String slotName,
        String snapshotProgress,
        List<LogLine> lastErrors) {

    public MirrorSample {
        lastErrors = List.copyOf(lastErrors);
    }

    /**
     * One mirror log row.
     *
     * @param at {@code errorTimestamp}
     * @param message {@code errorMessage}
     */
    public record LogLine(Instant at, String message) {}
}
