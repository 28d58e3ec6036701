package io.echodb.mirror.client;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

/**
 * PeerDB answered with an error status (or with a success status but not the expected body). Carries the
 * parsed {@code google.rpc.Status} body (peerdb-api.md §2).
 */
public class PeerDbException extends RuntimeException {

    /** gRPC code when the body had none or could not be read. */
    public static final int UNKNOWN_GRPC_CODE = -1;

    /** Prefix of the 500 with which create wraps a validation failure (peerdb-api.md §3.3 step 5). */
    private static final String WRAPPED_VALIDATION_PREFIX = "invalid mirror:";

    private final int httpStatus;
    private final int grpcCode;
    private final String peerDbMessage;
    private final String reason;
    private final boolean malformed;

    /**
     * @param httpStatus HTTP status PeerDB answered with
     * @param grpcCode gRPC status code from the body, or {@link #UNKNOWN_GRPC_CODE}
     * @param peerDbMessage PeerDB's message, never {@code null}
     * @param reason {@code google.rpc.ErrorInfo.reason} (e.g. {@code SOURCE_TABLE_MISSING}), or {@code null}
     */
    public PeerDbException(int httpStatus, int grpcCode, String peerDbMessage, String reason) {
        this(httpStatus, grpcCode, peerDbMessage, reason, false);
    }

    private PeerDbException(int httpStatus, int grpcCode, String peerDbMessage, String reason, boolean malformed) {
        super("PeerDB answered HTTP " + httpStatus
                + (grpcCode == UNKNOWN_GRPC_CODE ? "" : " (gRPC code " + grpcCode + ")")
                + (reason == null ? "" : " " + reason)
                + ": " + peerDbMessage);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.peerDbMessage = peerDbMessage;
        this.reason = reason;
        this.malformed = malformed;
    }

    /**
     * PeerDB answered 2xx without the body the call expects (empty, unreadable, or missing a required field,
     * e.g. a create without {@code workflowId}). Retryable: every call EchoDB makes can be repeated safely (a
     * repeated create answers 409, which counts as success).
     *
     * @param operation what was called, e.g. {@code create}
     * @param detail what was wrong with the body
     */
    public static PeerDbException malformed(String operation, String detail) {
        return new PeerDbException(
                200, UNKNOWN_GRPC_CODE, operation + " answered 200 without the expected body: " + detail, null, true);
    }

    /** Parses an error answer; never throws. Used by the REST client's exception mapper. */
    static PeerDbException from(Response response) {
        int status = response.getStatus();
        GrpcStatus body = readBody(response);
        if (body == null) {
            return new PeerDbException(status, UNKNOWN_GRPC_CODE, "no google.rpc.Status body", null);
        }
        return new PeerDbException(
                status,
                body.code() == null ? UNKNOWN_GRPC_CODE : body.code(),
                body.message() == null ? "" : body.message(),
                body.errorInfoReason());
    }

    private static GrpcStatus readBody(Response response) {
        if (!response.hasEntity()) {
            return null;
        }
        try {
            return response.readEntity(GrpcStatus.class);
        } catch (ProcessingException | IllegalStateException e) {
            return null;
        }
    }

    /** HTTP status PeerDB answered with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** gRPC status code from the body, or {@link #UNKNOWN_GRPC_CODE}. */
    public int grpcCode() {
        return grpcCode;
    }

    /** PeerDB's message, e.g. {@code flow already exists: orders_mirror}; empty when it sent none. */
    public String peerDbMessage() {
        return peerDbMessage;
    }

    /** {@code google.rpc.ErrorInfo.reason}, e.g. {@code SOURCE_TABLE_MISSING}, or {@code null}. */
    public String reason() {
        return reason;
    }

    /** HTTP 409: a mirror of that name exists (gRPC AlreadyExists). */
    public boolean isAlreadyExists() {
        return httpStatus == 409;
    }

    /**
     * PeerDB refused the request for good: 400 (InvalidArgument or FailedPrecondition from validation), or
     * the 500 with which create wraps a validation failure ({@code invalid mirror: ...}).
     */
    public boolean isRefusal() {
        return httpStatus == 400 || (httpStatus == 500 && peerDbMessage.startsWith(WRAPPED_VALIDATION_PREFIX));
    }

    /** A 2xx answer without the expected body ({@link #malformed(String, String)}). */
    public boolean isMalformed() {
        return malformed;
    }

    /** Worth another attempt: 5xx other than 501 and wrapped validation failures, 429, and malformed 2xx answers. */
    public boolean isRetryable() {
        return (httpStatus >= 500 && httpStatus != 501 && !isRefusal()) || httpStatus == 429 || malformed;
    }

    /** {@code REASON: message}, or just the message when PeerDB gave no reason; for logs and the API. */
    public String summary() {
        return reason == null ? peerDbMessage : reason + ": " + peerDbMessage;
    }
}
