package io.echodb.mirror.domain;

/** Replica identity of a table, from {@code pg_class.relreplident} (contracts.md §2). */
public enum ReplicaIdentity {
    DEFAULT,
    FULL,
    INDEX,
    NOTHING
}
