package io.echodb.listener.domain;

/** Replica identity of a table, from {@code pg_class.relreplident}. */
public enum ReplicaIdentity {
    /** {@code 'd'}: the primary key, if there is one. */
    DEFAULT,
    /** {@code 'f'}: all columns. */
    FULL,
    /** {@code 'i'}: a chosen unique index. */
    INDEX,
    /** {@code 'n'}: none; UPDATE and DELETE fail once the table is published. */
    NOTHING;

    /**
     * Maps {@code pg_class.relreplident} ({@code "d"}, {@code "f"}, {@code "i"}, {@code "n"}).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static ReplicaIdentity of(String relreplident) {
        return switch (relreplident) {
            case "d" -> DEFAULT;
            case "f" -> FULL;
            case "i" -> INDEX;
            case "n" -> NOTHING;
            default -> throw new IllegalArgumentException("Unknown relreplident: " + relreplident);
        };
    }
}
