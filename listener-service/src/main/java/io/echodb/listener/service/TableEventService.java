package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.Eligibility;
import io.echodb.listener.domain.EventType;
import io.echodb.listener.domain.TableEvent;
import io.echodb.listener.domain.TableNotification;
import io.echodb.listener.messaging.Channels;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Turns notification payloads into {@link TableEvent}s on channel {@value Channels#TABLE_EVENTS}: parse,
 * wait the settle delay, look the table up by OID, classify, publish.
 *
 * <p>Metrics: {@code echodb.notifications.received}; {@code echodb.notifications.rejected} (tag
 * {@code reason}: oversized, malformed, invalid, unsupported-version); {@code echodb.notifications.ignored}
 * (tag {@code reason}: table-gone, lookup-failed, dropped-table, backlog-full);
 * {@code echodb.table.events.published} (tag {@code outcome}: eligible, skipped).
 */
@ApplicationScoped
public class TableEventService {

    /** Size of the buffer between this service and the forwarder, in events. */
    public static final int BACKLOG = 1024;

    private final ListenerConfig config;
    private final NotificationParser parser;
    private final TableCatalogRepository catalog;
    private final TableClassifier classifier;
    private final Emitter<TableEvent> emitter;
    private final MeterRegistry registry;

    public TableEventService(
            ListenerConfig config,
            NotificationParser parser,
            TableCatalogRepository catalog,
            @Channel(Channels.TABLE_EVENTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BACKLOG)
                    Emitter<TableEvent> emitter,
            MeterRegistry registry) {
        this.config = config;
        this.parser = parser;
        this.catalog = catalog;
        this.classifier = new TableClassifier(config.schemas(), config.excludedTables().orElse(List.of()));
        this.emitter = emitter;
        this.registry = registry;
    }

    /**
     * Handles one notification payload from the event trigger.
     *
     * @param payload the raw payload (docs/contracts.md §1)
     * @return completes when the event was published or the payload set aside; never fails
     */
    public Uni<Void> onNotification(String payload) {
        Instant observedAt = Instant.now();
        registry.counter("echodb.notifications.received").increment();
        return switch (parser.parse(payload)) {
            case NotificationParser.Result.Rejected rejected -> {
                Log.warnf("Rejected a notification (%s): %s", rejected.reason(), rejected.detail());
                registry.counter("echodb.notifications.rejected", "reason", rejected.reason()).increment();
                yield Uni.createFrom().voidItem();
            }
            case NotificationParser.Result.Accepted accepted when accepted.notification().event() == EventType.DROPPED -> {
                TableNotification dropped = accepted.notification();
                Log.infof("Table %s (oid %d) was dropped; DROPPED events are not forwarded yet",
                        dropped.qualifiedName(), dropped.oid());
                ignored("dropped-table");
                yield Uni.createFrom().voidItem();
            }
            case NotificationParser.Result.Accepted accepted -> classifyAndPublish(accepted.notification(), observedAt);
        };
    }

    private Uni<Void> classifyAndPublish(TableNotification notification, Instant observedAt) {
        Duration settle = config.settleDelay();
        Uni<Void> wait = settle.isZero()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(settle);
        return wait.chain(() -> catalog.findByOid(notification.oid()))
                .invoke(found -> publish(notification, found, observedAt))
                .onFailure().invoke(failure -> {
                    Log.warnf("Cannot look up table %s (oid %d) in pg_catalog, left for the inventory: %s",
                            notification.qualifiedName(), notification.oid(), failure.getMessage());
                    ignored("lookup-failed");
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void publish(TableNotification notification, Optional<CatalogTable> found, Instant observedAt) {
        if (found.isEmpty()) {
            Log.infof("Table %s (oid %d) no longer exists; it was dropped before it could be classified",
                    notification.qualifiedName(), notification.oid());
            ignored("table-gone");
            return;
        }
        CatalogTable table = found.get();
        Eligibility verdict = classifier.classify(table);
        TableEvent event = TableEvent.created(config.sourcePeer(), table, verdict, notification.tag(), observedAt);
        try {
            emitter.send(event);
        } catch (RuntimeException overflow) {
            Log.errorf("Table event for %s.%s dropped, the forwarding backlog is full (%d events): %s",
                    table.schema(), table.table(), BACKLOG, overflow.getMessage());
            ignored("backlog-full");
            return;
        }
        if (verdict.eligible()) {
            Log.infof("New table %s.%s (oid %d, %s) is eligible for mirroring",
                    table.schema(), table.table(), table.oid(), table.kind());
        } else {
            Log.warnf("New table %s.%s (oid %d) will not be mirrored: %s",
                    table.schema(), table.table(), table.oid(), verdict.reason());
        }
        registry.counter("echodb.table.events.published", "outcome", verdict.eligible() ? "eligible" : "skipped")
                .increment();
    }

    private void ignored(String reason) {
        registry.counter("echodb.notifications.ignored", "reason", reason).increment();
    }
}
