package io.echodb.mirror.domain;

/** Kind of relation, from {@code pg_class.relkind} and {@code relispartition} (contracts.md §2). */
public enum TableKind {
    ORDINARY,
    PARTITIONED,
    PARTITION,
    FOREIGN,
    VIEW,
    MATERIALIZED_VIEW,
    OTHER
}
