package io.echodb.listener.domain;

/** Kind of relation, from {@code pg_class.relkind} and {@code pg_class.relispartition}. */
public enum TableKind {
    /** {@code relkind = 'r'}, not a partition. */
    ORDINARY,
    /** {@code relkind = 'p'} (declaratively partitioned parent), not itself a partition. */
    PARTITIONED,
    /** Any relation with {@code relispartition = true}. */
    PARTITION,
    /** {@code relkind = 'f'}. */
    FOREIGN,
    /** {@code relkind = 'v'}. */
    VIEW,
    /** {@code relkind = 'm'}. */
    MATERIALIZED_VIEW,
    /** Anything else (index, sequence, TOAST table, composite type). */
    OTHER;

    /**
     * Maps catalog values to a kind.
     *
     * @param relkind {@code pg_class.relkind} as text, e.g. {@code "r"}
     * @param partition {@code pg_class.relispartition}
     */
    public static TableKind of(String relkind, boolean partition) {
        if (partition) {
            return PARTITION;
        }
        return switch (relkind) {
            case "r" -> ORDINARY;
            case "p" -> PARTITIONED;
            case "f" -> FOREIGN;
            case "v" -> VIEW;
            case "m" -> MATERIALIZED_VIEW;
            default -> OTHER;
        };
    }
}
