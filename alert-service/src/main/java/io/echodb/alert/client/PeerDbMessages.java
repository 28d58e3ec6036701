package io.echodb.alert.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON messages of PeerDB's flow API that alert-service reads (peerdb-api.md §2, §4): lowerCamelCase names,
 * 64-bit integers as strings, enums as names, unknown fields ignored.
 */
public final class PeerDbMessages {

    private PeerDbMessages() {}

    /** {@code GET /v1/mirrors/list} answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListMirrorsResponse(List<ListMirrorsItem> mirrors) {}

    /**
     * One mirror of the list.
     *
     * @param createdAt epoch milliseconds (a JSON double)
     * @param status {@code FlowStatus} name from PeerDB's catalog
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListMirrorsItem(
            String name,
            String sourceName,
            String destinationName,
            double createdAt,
            @JsonProperty("isCdc") boolean isCdc,
            String status) {}

    /** {@code POST /v1/mirrors/status} request; alert-service always excludes batches (unbounded otherwise). */
    public record MirrorStatusRequest(
            String flowJobName, boolean includeFlowInfo, boolean excludeBatches, boolean excludeSnapshotStatus) {

        /** Flow info with snapshot progress, without CDC batches. */
        public static MirrorStatusRequest of(String mirror) {
            return new MirrorStatusRequest(mirror, true, true, false);
        }
    }

    /** {@code POST /v1/mirrors/status} answer, the fields alert-service reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MirrorStatusResponse(CdcStatus cdcStatus) {}

    /** {@code cdcStatus}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CdcStatus(FlowConfig config, SnapshotStatus snapshotStatus) {}

    /** {@code cdcStatus.config}, the fields alert-service reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FlowConfig(String replicationSlotName) {}

    /** {@code cdcStatus.snapshotStatus}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotStatus(List<CloneTableSummary> clones) {}

    /** One table being snapshotted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CloneTableSummary(int numPartitionsCompleted, int numPartitionsTotal) {}

    /**
     * {@code POST /v1/mirrors/logs} request. {@code flowJobName} is a substring match, {@code level} is compared
     * case-sensitively, {@code numPerPage} must be positive; {@code -1} leaves {@code beforeId}/{@code afterId}
     * unset (peerdb-api.md §4.3).
     */
    public record ListMirrorLogsRequest(String flowJobName, String level, int numPerPage, long beforeId, long afterId) {

        /** The newest {@code count} error rows whose mirror name contains {@code mirror}. */
        public static ListMirrorLogsRequest errors(String mirror, int count) {
            return new ListMirrorLogsRequest(mirror, "error", count, -1, -1);
        }
    }

    /** {@code POST /v1/mirrors/logs} answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListMirrorLogsResponse(List<MirrorLog> errors) {}

    /**
     * One log row.
     *
     * @param errorTimestamp epoch milliseconds (a JSON double)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MirrorLog(String flowName, String errorMessage, double errorTimestamp) {}
}
