package io.echodb.listener.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names of the meters listener-service registers, each defined here once, and the one place each is built (so
 * that every registration carries the same description, Prometheus' {@code # HELP}); tags and meaning:
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

    /** {@link #NOTIFICATIONS_RECEIVED} of {@code channel}. */
    public static Counter notificationsReceived(MeterRegistry registry, String channel) {
        return Counter.builder(NOTIFICATIONS_RECEIVED)
                .description("Notifications received on the LISTEN connection, by channel; count")
                .tag("channel", channel)
                .register(registry);
    }

    /** {@link #NOTIFICATIONS_REJECTED} of {@code channel} and {@code reason}. */
    public static Counter notificationsRejected(MeterRegistry registry, String channel, String reason) {
        return Counter.builder(NOTIFICATIONS_REJECTED)
                .description("Notification payloads refused (oversized, malformed, invalid, unsupported-version),"
                        + " by channel and reason; count")
                .tags("channel", channel, "reason", reason)
                .register(registry);
    }

    /** {@link #NOTIFICATIONS_IGNORED} for {@code reason}. */
    public static Counter notificationsIgnored(MeterRegistry registry, String reason) {
        return Counter.builder(NOTIFICATIONS_IGNORED)
                .description("Notifications set aside, by reason (table-gone, lookup-failed, backlog-full); count")
                .tag("reason", reason)
                .register(registry);
    }

    /** {@link #NOTIFICATIONS_SETTLED}. */
    public static Counter notificationsSettled(MeterRegistry registry) {
        return Counter.builder(NOTIFICATIONS_SETTLED)
                .description("Tables looked at again after the settle delay; count")
                .register(registry);
    }

    /** {@link #TABLE_EVENTS_PUBLISHED} with {@code outcome} eligible, skipped or dropped. */
    public static Counter tableEventsPublished(MeterRegistry registry, String outcome) {
        return Counter.builder(TABLE_EVENTS_PUBLISHED)
                .description("Table events published for forwarding, by outcome (eligible, skipped, dropped); count")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** {@link #TABLE_EVENTS_FORWARDED} with {@code outcome} ok or failed. */
    public static Counter tableEventsForwarded(MeterRegistry registry, String outcome, boolean eligible) {
        return Counter.builder(TABLE_EVENTS_FORWARDED)
                .description("Table events handed to mirror-service, by outcome (ok, failed) and eligible; count")
                .tags("outcome", outcome, "eligible", Boolean.toString(eligible))
                .register(registry);
    }

    /** {@link #INVENTORY_SENT} with {@code outcome} ok or failed. */
    public static Timer inventorySent(MeterRegistry registry, String outcome) {
        return Timer.builder(INVENTORY_SENT)
                .description("Inventories, from the catalog query to mirror-service's answer, by outcome (ok,"
                        + " failed); seconds")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** {@link #INVENTORY_TABLES} of tables {@code eligible} ("true") or not, reading {@code tables}. */
    public static Gauge inventoryTables(MeterRegistry registry, String eligible, AtomicInteger tables) {
        return Gauge.builder(INVENTORY_TABLES, tables, AtomicInteger::get)
                .description("Tables in the last inventory taken, eligible (true) or not (false); count")
                .tag("eligible", eligible)
                .strongReference(true)
                .register(registry);
    }

    /** {@link #REPLICA_IDENTITY_CHANGES} with {@code outcome} ok or failed. */
    public static Counter replicaIdentityChanges(MeterRegistry registry, String outcome) {
        return Counter.builder(REPLICA_IDENTITY_CHANGES)
                .description("ALTER TABLE ... REPLICA IDENTITY FULL, by outcome (ok, failed); count")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** {@link #PUBLICATION_ADDITIONS} with {@code outcome} ok or failed. */
    public static Counter publicationAdditions(MeterRegistry registry, String outcome) {
        return Counter.builder(PUBLICATION_ADDITIONS)
                .description("Tables added to the custom publication (ok) or refused (failed); count")
                .tag("outcome", outcome)
                .register(registry);
    }
}
