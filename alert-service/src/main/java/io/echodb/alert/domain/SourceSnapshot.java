package io.echodb.alert.domain;

import java.time.Instant;
import java.util.List;

/**
 * Everything one poll read from a source database: the input of the alert rules and the slot gauges.
 *
 * @param source the source's name (setting {@code echodb.alert.source-name}), label {@code source}
 * @param polledAt when the poll's query completed
 * @param slots the replication slots of the source database and the cluster's physical slots
 */
public record SourceSnapshot(String source, Instant polledAt, List<SlotSample> slots) {

    public SourceSnapshot {
        slots = List.copyOf(slots);
    }
}
