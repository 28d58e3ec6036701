package io.echodb.mirror.service;

import io.echodb.mirror.client.CreateCdcFlowRequest;
import io.echodb.mirror.client.FlowConnectionConfigs;
import io.echodb.mirror.client.TableMapping;
import io.echodb.mirror.config.MirrorConfig;
import io.echodb.mirror.domain.MirrorPlan;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Builds the PeerDB requests for mirrors and table changes from {@link MirrorConfig} (peerdb-api.md §3.1, §6). */
@ApplicationScoped
public class FlowRequests {

    private final MirrorConfig config;

    FlowRequests(MirrorConfig config) {
        this.config = config;
    }

    /**
     * The create (and validate) request for mirror {@code mirror} holding {@code tables}: destination peer,
     * initial snapshot, sync interval, the custom publication if one is set, type system {@code Q},
     * {@code attachToExisting: false} (an existing name answers 409).
     */
    public CreateCdcFlowRequest create(String mirror, List<MirrorPlan> tables) {
        String source = tables.getFirst().source();
        FlowConnectionConfigs configs = new FlowConnectionConfigs(
                mirror,
                source,
                config.destinationPeer(),
                mappings(tables),
                config.initialSnapshot(),
                config.syncInterval().toSeconds(),
                config.publicationName().orElse(""),
                FlowConnectionConfigs.SYSTEM_Q);
        return new CreateCdcFlowRequest(configs, false);
    }

    /** The table mappings of {@code tables}: {@code schema.table} to the destination table. */
    public static List<TableMapping> mappings(List<MirrorPlan> tables) {
        return tables.stream()
                .map(table -> new TableMapping(table.sourceTableIdentifier(), table.destinationTable()))
                .toList();
    }
}
