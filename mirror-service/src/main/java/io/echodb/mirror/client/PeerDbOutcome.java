package io.echodb.mirror.client;

/**
 * How PeerDB answered a validate or create request, when it answered at all. Transport failures and
 * unexpected answers are failures of the returned {@code Uni} instead.
 */
public sealed interface PeerDbOutcome {

    /**
     * PeerDB accepted the request.
     *
     * @param workflowId the Temporal workflow id for a create, {@code null} for a validate
     */
    record Accepted(String workflowId) implements PeerDbOutcome {}

    /**
     * A mirror of that name exists (HTTP 409, gRPC AlreadyExists).
     *
     * @param message PeerDB's message, e.g. {@code flow already exists: orders_mirror}
     */
    record AlreadyExists(String message) implements PeerDbOutcome {}

    /**
     * PeerDB refused the mirror for good (validation failed, e.g. {@code SOURCE_TABLE_MISSING}).
     *
     * @param error the answer, with {@link PeerDbException#reason()}
     */
    record Refused(PeerDbException error) implements PeerDbOutcome {}
}
