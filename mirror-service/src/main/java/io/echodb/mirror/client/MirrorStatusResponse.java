package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Answer of {@code POST /v1/mirrors/status} (peerdb-api.md §4.1), the fields EchoDB reads.
 *
 * @param flowJobName mirror name
 * @param currentFlowState {@code FlowStatus} name from PeerDB's catalog, e.g. {@code STATUS_RUNNING}
 * @param createdAt RFC 3339 timestamp, may be {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MirrorStatusResponse(String flowJobName, String currentFlowState, String createdAt) {}
