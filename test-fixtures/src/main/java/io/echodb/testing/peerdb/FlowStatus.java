package io.echodb.testing.peerdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * PeerDB's {@code FlowStatus} (protos/flow.proto), the state of a mirror as {@code /v1/mirrors/status} and
 * {@code /v1/mirrors/list} report it (peerdb-api.md §4.1). JSON: the value name, e.g. {@code "STATUS_RUNNING"}.
 * Declared in protobuf number order (0 to 11).
 */
public enum FlowStatus implements ProtoEnum {
    STATUS_UNKNOWN,
    STATUS_RUNNING,
    STATUS_PAUSED,
    STATUS_PAUSING,
    STATUS_SETUP,
    STATUS_SNAPSHOT,
    STATUS_TERMINATING,
    STATUS_TERMINATED,
    STATUS_COMPLETED,
    STATUS_RESYNC,
    STATUS_FAILED,
    STATUS_MODIFYING;

    @JsonCreator
    static FlowStatus fromJson(JsonNode node) {
        return ProtoEnum.parse(FlowStatus.class, node);
    }
}
