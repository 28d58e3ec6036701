package io.echodb.testing.peerdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failed call as flow-api answers it: a gRPC status rendered by grpc-gateway as
 * {@code {"code": <number>, "message": "…", "details": [ {"@type": …}, … ]}} with the mapped HTTP status
 * (peerdb-api.md §2). Details use PeerDB's {@code google.rpc.ErrorInfo} (domain {@code peerdb.io}) and
 * {@code google.rpc.PreconditionFailure} (flow/cmd/api_error.go, flow/pkg/common/errors.go).
 */
final class ApiError extends RuntimeException {

    private static final String DOMAIN = "peerdb.io";

    private final GrpcCode code;
    private final List<Map<String, Object>> details;

    ApiError(GrpcCode code, String message, List<Map<String, Object>> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = List.copyOf(details);
    }

    ApiError(GrpcCode code, String message) {
        this(code, message, List.of());
    }

    GrpcCode code() {
        return code;
    }

    /** The JSON body grpc-gateway writes. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.number());
        body.put("message", getMessage());
        body.put("details", details);
        return body;
    }

    /**
     * How {@code CreateCDCFlow} wraps a validation failure: Internal, message
     * {@code invalid mirror: rpc error: code = <Code> desc = <text>}, details lost (peerdb-api.md §3.3 step 5).
     */
    ApiError wrappedAsInvalidMirror() {
        return new ApiError(
                GrpcCode.INTERNAL, "invalid mirror: rpc error: code = " + code.goName() + " desc = " + getMessage());
    }

    /** {@code google.rpc.ErrorInfo} with PeerDB's domain. */
    static Map<String, Object> errorInfo(String reason, Map<String, String> metadata) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        info.put("reason", reason);
        info.put("domain", DOMAIN);
        info.put("metadata", metadata);
        return info;
    }

    /** {@code google.rpc.PreconditionFailure} with one violation per subject. */
    static Map<String, Object> preconditionFailure(String type, List<String> subjects, List<String> descriptions) {
        List<Map<String, String>> violations = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            Map<String, String> violation = new LinkedHashMap<>();
            violation.put("type", type);
            violation.put("subject", subjects.get(i));
            violation.put("description", descriptions.get(i));
            violations.add(violation);
        }
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("@type", "type.googleapis.com/google.rpc.PreconditionFailure");
        failure.put("violations", violations);
        return failure;
    }
}
