package io.echodb.mirror.client;

/**
 * Body of {@code POST /v1/mirrors/status} (peerdb-api.md §4.1).
 *
 * @param flowJobName mirror name
 * @param includeFlowInfo include {@code cdcStatus} (config, snapshot progress)
 * @param excludeBatches leave out CDC batches (always {@code true} when polling: PeerDB loads them unbounded)
 * @param excludeSnapshotStatus leave out snapshot progress
 */
public record MirrorStatusRequest(
        String flowJobName, boolean includeFlowInfo, boolean excludeBatches, boolean excludeSnapshotStatus) {

    /** The cheapest status request: state only. */
    public static MirrorStatusRequest stateOf(String mirror) {
        return new MirrorStatusRequest(mirror, false, true, true);
    }

    /** State and configuration (table mappings), without batches and snapshot progress. */
    public static MirrorStatusRequest configOf(String mirror) {
        return new MirrorStatusRequest(mirror, true, true, true);
    }
}
