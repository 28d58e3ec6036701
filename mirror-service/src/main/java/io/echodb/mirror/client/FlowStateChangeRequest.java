package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.echodb.common.peerdb.FlowStatus;
import java.util.List;

/**
 * Body of {@code POST /v1/mirrors/state_change} ({@code FlowStateChangeRequest}, peerdb-api.md §6). Always carries
 * {@code requestedFlowState}: an omitted one is {@code STATUS_UNKNOWN}, which PeerDB answers with 400.
 *
 * @param flowJobName mirror name
 * @param requestedFlowState target state, e.g. {@code STATUS_PAUSED}
 * @param flowConfigUpdate table additions and removals, or null
 * @param dropMirrorStats terminate only: also drop the mirror's statistics (null = not sent)
 * @param skipDestinationDrop terminate only: leave the destination's raw table (null = not sent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowStateChangeRequest(
        String flowJobName,
        FlowStatus requestedFlowState,
        FlowConfigUpdate flowConfigUpdate,
        Boolean dropMirrorStats,
        Boolean skipDestinationDrop) {

    /** Pause a running mirror ({@code RUNNING → PAUSING → PAUSED}; a silent no-op in any other state). */
    public static FlowStateChangeRequest pause(String mirror) {
        return new FlowStateChangeRequest(mirror, FlowStatus.STATUS_PAUSED, null, null, null);
    }

    /** Resume a paused mirror (a silent no-op in any other state). */
    public static FlowStateChangeRequest resume(String mirror) {
        return new FlowStateChangeRequest(mirror, FlowStatus.STATUS_RUNNING, null, null, null);
    }

    /**
     * Apply table additions and removals to a paused mirror and resume it (PeerDB applies updates only while
     * paused, and applying one always resumes).
     */
    public static FlowStateChangeRequest applyAndResume(
            String mirror, List<TableMapping> additionalTables, List<TableMapping> removedTables) {
        return new FlowStateChangeRequest(
                mirror,
                FlowStatus.STATUS_RUNNING,
                new FlowConfigUpdate(new CdcFlowConfigUpdate(additionalTables, removedTables)),
                null,
                null);
    }

    /**
     * Terminate (drop) a mirror: PeerDB drops its default-named slot and publication and deletes its catalog row.
     * EchoDB keeps its statistics and everything in the destination ({@code skipDestinationDrop}: not even the
     * raw table is dropped), so no data is deleted.
     */
    public static FlowStateChangeRequest terminate(String mirror) {
        return new FlowStateChangeRequest(mirror, FlowStatus.STATUS_TERMINATED, null, false, true);
    }

    /**
     * {@code FlowConfigUpdate}: the CDC part only.
     *
     * @param cdcFlowConfigUpdate table changes of a CDC mirror
     */
    public record FlowConfigUpdate(CdcFlowConfigUpdate cdcFlowConfigUpdate) {}

    /**
     * {@code CDCFlowConfigUpdate}: tables to add and to remove; other fields left at zero ("unchanged").
     *
     * @param additionalTables tables to add (snapshotted unless the mirror was created without snapshot)
     * @param removedTables tables to remove (destination tables are kept)
     */
    public record CdcFlowConfigUpdate(List<TableMapping> additionalTables, List<TableMapping> removedTables) {}
}
