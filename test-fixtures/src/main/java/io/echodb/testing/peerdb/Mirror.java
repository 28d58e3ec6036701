package io.echodb.testing.peerdb;

import io.echodb.testing.peerdb.PeerDbProtos.CdcFlowConfigUpdate;
import io.echodb.testing.peerdb.PeerDbProtos.CloneTableSummary;
import io.echodb.testing.peerdb.PeerDbProtos.FlowConnectionConfigs;
import io.echodb.testing.peerdb.PeerDbProtos.TableMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A mirror in the emulated catalog ({@code flows} row plus the state of its workflow). Mutable fields are read
 * and written only while holding the {@link PeerDbState} monitor.
 */
final class Mirror {

    /** Prefix of PeerDB's default slot name (flow/connectors/postgres/client.go). */
    static final String SLOT_PREFIX = "peerflow_slot_";
    /** Prefix of PeerDB's default publication name. */
    static final String PUBLICATION_PREFIX = "peerflow_pub_";

    final long id;
    final String name;
    final Instant createdAt;

    FlowConnectionConfigs config;
    FlowStatus status = FlowStatus.STATUS_SETUP;
    /** Incremented whenever the workflow's plan changes; scheduled steps of an older epoch do nothing. */
    int epoch;
    /** Config updates signalled but not applied yet; applied only while paused (peerdb-api.md §6). */
    final List<CdcFlowConfigUpdate> pendingUpdates = new ArrayList<>();

    List<CloneTableSummary> clones = List.of();

    Mirror(long id, FlowConnectionConfigs config, Instant createdAt) {
        this.id = id;
        this.name = config.flowJobName();
        this.config = config;
        this.createdAt = createdAt;
    }

    String defaultPublication() {
        return PUBLICATION_PREFIX + name;
    }

    String defaultSlot() {
        return SLOT_PREFIX + name;
    }

    /** PeerDB manages the publication (creates, alters and drops it) unless a custom one was named. */
    boolean managedPublication() {
        return config.publicationName().isEmpty();
    }

    String publication() {
        return managedPublication() ? defaultPublication() : config.publicationName();
    }

    String slot() {
        return config.replicationSlotName().isEmpty() ? defaultSlot() : config.replicationSlotName();
    }

    MirrorSnapshot snapshot() {
        return new MirrorSnapshot(
                id,
                name,
                status,
                config.sourceName(),
                config.destinationName(),
                config.tableMappings().stream()
                        .map(TableMapping::sourceTableIdentifier)
                        .toList(),
                config.tableMappings().stream()
                        .map(TableMapping::destinationTableIdentifier)
                        .toList(),
                publication(),
                slot(),
                config.doInitialSnapshot(),
                createdAt);
    }
}
