package io.echodb.common.peerdb;

import java.util.Arrays;

/** PeerDB's {@code FlowStatus} (protos/flow.proto, peerdb-api.md §4.1), as named in JSON answers. */
public enum FlowStatus {
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

    /** The status named {@code name}; {@link #STATUS_UNKNOWN} for null or a name this version does not know. */
    public static FlowStatus of(String name) {
        return Arrays.stream(values())
                .filter(status -> status.name().equals(name))
                .findFirst()
                .orElse(STATUS_UNKNOWN);
    }

    /** The mirror is finished or broken: it takes no more table changes */
    public boolean isFinal() {
        return switch (this) {
            case STATUS_TERMINATING, STATUS_TERMINATED, STATUS_FAILED, STATUS_COMPLETED -> true;
            default -> false;
        };
    }
}
