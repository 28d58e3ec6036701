package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.echodb.common.peerdb.FlowStatus;
import java.util.List;

/**
 * Answer of {@code POST /v1/mirrors/status} (peerdb-api.md §4.1), the fields EchoDB reads.
 *
 * @param flowJobName mirror name
 * @param currentFlowState {@code FlowStatus} name from PeerDB's catalog, e.g. {@code STATUS_RUNNING}
 * @param createdAt RFC 3339 timestamp, may be {@code null}
 * @param cdcStatus with {@code includeFlowInfo}: the mirror's configuration; else {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MirrorStatusResponse(String flowJobName, String currentFlowState, String createdAt, CdcStatus cdcStatus) {

    /** {@link #currentFlowState()} as a {@link FlowStatus}. */
    public FlowStatus state() {
        return FlowStatus.of(currentFlowState);
    }

    /** The mapped source tables ({@code schema.table}); empty without flow info. */
    public List<String> sourceTables() {
        return tableMappings().stream().map(TableMapping::sourceTableIdentifier).toList();
    }

    /** The table mappings; empty without flow info. */
    public List<TableMapping> tableMappings() {
        if (cdcStatus == null
                || cdcStatus.config() == null
                || cdcStatus.config().tableMappings() == null) {
            return List.of();
        }
        return cdcStatus.config().tableMappings();
    }

    /** Whether the answer carries the mirror's table mappings (it must when {@code includeFlowInfo} was asked). */
    boolean hasFlowInfo() {
        return cdcStatus != null
                && cdcStatus.config() != null
                && cdcStatus.config().tableMappings() != null;
    }

    /**
     * {@code CDCMirrorStatus}, the part EchoDB reads.
     *
     * @param config the stored configuration, patched with the live table mappings
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CdcStatus(Config config) {}

    /**
     * The configuration fields EchoDB reads.
     *
     * @param sourceName source peer
     * @param tableMappings the mirror's tables
     * @param publicationName custom publication, or empty
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(String sourceName, List<TableMapping> tableMappings, String publicationName) {}
}
