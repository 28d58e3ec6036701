package io.echodb.testing.peerdb;

/**
 * The gRPC status codes PeerDB's handlers use, with the HTTP status grpc-gateway v2.29.0 maps each to
 * ({@code runtime.HTTPStatusFromCode}) and the name Go's {@code codes.Code.String()} prints (peerdb-api.md §2).
 */
enum GrpcCode {
    UNKNOWN(2, 500, "Unknown"),
    INVALID_ARGUMENT(3, 400, "InvalidArgument"),
    NOT_FOUND(5, 404, "NotFound"),
    ALREADY_EXISTS(6, 409, "AlreadyExists"),
    FAILED_PRECONDITION(9, 400, "FailedPrecondition"),
    UNIMPLEMENTED(12, 501, "Unimplemented"),
    INTERNAL(13, 500, "Internal"),
    UNAVAILABLE(14, 503, "Unavailable");

    private final int number;
    private final int httpStatus;
    private final String goName;

    GrpcCode(int number, int httpStatus, String goName) {
        this.number = number;
        this.httpStatus = httpStatus;
        this.goName = goName;
    }

    int number() {
        return number;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** As in Go error texts: {@code rpc error: code = FailedPrecondition desc = …}. */
    String goName() {
        return goName;
    }
}
