package io.echodb.mirror.domain;

/** Where EchoDB stands with one mirror it manages. */
public enum MirrorState {
    /** Validation or creation requests to PeerDB are in flight. */
    CREATING,
    /** PeerDB accepted the create request (it sets the mirror up asynchronously afterwards). */
    CREATED,
    /** PeerDB already had a mirror of that name (HTTP 409); treated as success. */
    ALREADY_EXISTED,
    /** PeerDB refused the mirror or could not be reached; {@code lastError} says why. */
    FAILED
}
