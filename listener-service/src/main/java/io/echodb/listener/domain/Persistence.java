package io.echodb.listener.domain;

/** Persistence of a relation, from {@code pg_class.relpersistence}. */
public enum Persistence {
    /** {@code 'p'}: WAL-logged, can be published for logical replication. */
    PERMANENT,
    /** {@code 'u'}: not WAL-logged, cannot be replicated. */
    UNLOGGED,
    /** {@code 't'}: private to one session. */
    TEMPORARY;

    /**
     * Maps {@code pg_class.relpersistence} ({@code "p"}, {@code "u"}, {@code "t"}).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Persistence of(String relpersistence) {
        return switch (relpersistence) {
            case "p" -> PERMANENT;
            case "u" -> UNLOGGED;
            case "t" -> TEMPORARY;
            default -> throw new IllegalArgumentException("Unknown relpersistence: " + relpersistence);
        };
    }
}
