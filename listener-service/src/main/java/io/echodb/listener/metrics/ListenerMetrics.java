package io.echodb.listener.metrics;

/**
 * Names of the meters listener-service registers, each defined here once; tags and meaning:
 * docs/configuration-listener-service.md, "Endpoints and metrics". Prometheus writes them with underscores.
 */
public final class ListenerMetrics {

    /** Counter, tag {@code channel}: every notification received. */
    public static final String NOTIFICATIONS_RECEIVED = "echodb.notifications.received";

    /** Counter, tags {@code channel}, {@code reason}: payloads refused (oversized, malformed, invalid, …). */
    public static final String NOTIFICATIONS_REJECTED = "echodb.notifications.rejected";

    /** Counter, tag {@code reason}: notifications set aside (table-gone, lookup-failed, backlog-full). */
    public static final String NOTIFICATIONS_IGNORED = "echodb.notifications.ignored";

    /** Counter: tables looked at again after the settle delay. */
    public static final String NOTIFICATIONS_SETTLED = "echodb.notifications.settled";

    /** Counter, tag {@code outcome}: eligible, skipped, dropped. */
    public static final String TABLE_EVENTS_PUBLISHED = "echodb.table.events.published";

    /** Counter, tags {@code outcome} (ok, failed) and {@code eligible} (true, false). */
    public static final String TABLE_EVENTS_FORWARDED = "echodb.table.events.forwarded";

    /** Timer, tag {@code outcome} (ok, failed): from the catalog query to mirror-service's answer. */
    public static final String INVENTORY_SENT = "echodb.inventory.sent";

    /** Gauge, tag {@code eligible} (true, false): tables in the last inventory taken. */
    public static final String INVENTORY_TABLES = "echodb.inventory.tables";

    /** Counter, tag {@code outcome} (ok, failed): REPLICA IDENTITY FULL set or refused. */
    public static final String REPLICA_IDENTITY_CHANGES = "echodb.replica.identity.changes";

    /** Counter, tag {@code outcome} (ok, failed): tables added to the custom publication or refused. */
    public static final String PUBLICATION_ADDITIONS = "echodb.publication.additions";

    private ListenerMetrics() {}
}
