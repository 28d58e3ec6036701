package io.echodb.mirror.domain;

/** Persistence of a table, from {@code pg_class.relpersistence} (contracts.md §2). */
public enum Persistence {
    PERMANENT,
    UNLOGGED,
    TEMPORARY
}
