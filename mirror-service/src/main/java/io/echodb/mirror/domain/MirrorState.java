package io.echodb.mirror.domain;

/** Where EchoDB stands with one mirror it manages. */
public enum MirrorState {
    /** Validation or creation requests to PeerDB are in flight (shared: the table waits to be added). */
    CREATING,
    /**
     * PeerDB accepted the create request, or took up the table addition (it sets up and snapshots asynchronously
     * afterwards).
     */
    CREATED,
    /** PeerDB already had the mirror (HTTP 409, or found by an inventory); treated as success. */
    ALREADY_EXISTED,
    /** PeerDB refused the mirror or could not be reached; {@code lastError} says why. */
    FAILED,
    /** The table's per-table mirror is being terminated, or the table removed from its shared mirror. */
    RETIRING
}
