package io.echodb.mirror;

/**
 * Names of the meters mirror-service registers, in Micrometer's dotted form (Prometheus: dots become underscores,
 * counters end in {@code _total}, timers in {@code _seconds}); their tags and meaning are in docs/metrics.md.
 */
public final class MirrorMetrics {

    /** Counter of table events received; tags {@code type}, {@code eligible}. */
    public static final String EVENTS_RECEIVED = "echodb.table.events.received";

    /** Counter of inventories received; tag {@code source}. */
    public static final String INVENTORIES_RECEIVED = "echodb.inventory.received";

    /** Timer of one inventory's convergence; tags {@code source}, {@code outcome}. */
    public static final String CONVERGENCE = "echodb.convergence";

    /** Counter of mirror creations; tag {@code outcome}: created, already_exists, failed, rejected. */
    public static final String MIRRORS_CREATED = "echodb.mirrors.created";

    /** Counter of tables retired from their mirror; tag {@code reason} ({@code RetireReason#tag()}). */
    public static final String MIRRORS_RETIRED = "echodb.mirrors.retired";

    /** Counter of pause → add tables → resume cycles of shared mirrors; tag {@code mirror}. */
    public static final String SHARED_PAUSE_CYCLES = "echodb.shared.pause.cycles";

    /** Gauge: dead letters held, a count. */
    public static final String DEAD_LETTERS = "echodb.dead.letters";

    /** Timer of each HTTP request to PeerDB; tags {@code operation}, {@code outcome}. */
    public static final String PEERDB_REQUEST = "echodb.peerdb.request";

    private MirrorMetrics() {}
}
