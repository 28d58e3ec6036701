package io.echodb.mirror.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * PeerDB's error body: a {@code google.rpc.Status} in JSON written by grpc-gateway
 * (peerdb-api.md §2): {@code {"code":9,"message":"...","details":[{"@type":"...ErrorInfo","reason":...}]}}.
 *
 * @param code gRPC status code, e.g. 9 (FailedPrecondition), 6 (AlreadyExists)
 * @param message PeerDB's message
 * @param details rich details; EchoDB reads {@code google.rpc.ErrorInfo}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record GrpcStatus(Integer code, String message, List<Detail> details) {

    private static final String ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo";

    /** The {@code reason} of the first {@code google.rpc.ErrorInfo} detail, or {@code null}. */
    String errorInfoReason() {
        if (details == null) {
            return null;
        }
        return details.stream()
                .filter(detail -> ERROR_INFO_TYPE.equals(detail.type()))
                .map(Detail::reason)
                .findFirst()
                .orElse(null);
    }

    /**
     * One entry of {@code details}.
     *
     * @param type the {@code @type} URL
     * @param reason {@code ErrorInfo.reason}, e.g. {@code SOURCE_TABLE_MISSING}
     * @param domain {@code ErrorInfo.domain}, {@code peerdb.io}
     * @param metadata {@code ErrorInfo.metadata}, e.g. {@code offendingField}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Detail(@JsonProperty("@type") String type, String reason, String domain, Map<String, String> metadata) {}
}
