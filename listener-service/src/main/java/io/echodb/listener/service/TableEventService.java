package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.domain.CatalogTable;
import io.echodb.listener.domain.ClassifiedTable;
import io.echodb.listener.domain.EventType;
import io.echodb.listener.domain.TableEvent;
import io.echodb.listener.domain.TableNotification;
import io.echodb.listener.messaging.Channels;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.metrics.ListenerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Turns notification payloads into {@link TableEvent}s on channel {@value Channels#TABLE_EVENTS}: CREATED after a
 * catalog lookup and {@link EligibilityService}'s verdict, DROPPED as it is; a table of an internal schema
 * ({@link TableClassifier#isInternalSchema}, e.g. alert-service's {@code echodb.alert_state}) gives no event. See
 * docs/architecture.md §"Notifications".
 */
@ApplicationScoped
public class TableEventService {

    /** Size of the buffer between this service and the forwarder, in events. */
    public static final int BACKLOG = 1024;

    private final ListenerConfig config;
    private final NotificationParser parser;
    private final TableCatalogRepository catalog;
    private final EligibilityService eligibility;
    private final LastErrorService lastError;
    private final Emitter<TableEvent> emitter;
    private final MeterRegistry registry;

    public TableEventService(
            ListenerConfig config,
            NotificationParser parser,
            TableCatalogRepository catalog,
            EligibilityService eligibility,
            LastErrorService lastError,
            @Channel(Channels.TABLE_EVENTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BACKLOG)
                    Emitter<TableEvent> emitter,
            MeterRegistry registry) {
        this.config = config;
        this.parser = parser;
        this.catalog = catalog;
        this.eligibility = eligibility;
        this.lastError = lastError;
        this.emitter = emitter;
        this.registry = registry;
    }

    /**
     * Handles one payload from the event trigger ({@code echodb.listener.channel}).
     *
     * @param payload the raw payload (docs/contracts.md §1)
     * @return completes when the event was published or the payload set aside; never fails
     */
    public Uni<Void> onNotification(String payload) {
        Instant observedAt = Instant.now();
        return handle(config.channel(), parser.parse(payload), observedAt);
    }

    /**
     * Handles one payload from the replaced worker's trigger ({@code echodb.listener.legacy-channel}).
     *
     * @param payload the raw payload, {@code {"schema":"…","table":"…","timestamp":…}}
     * @return completes when the event was published or the payload set aside; never fails
     */
    public Uni<Void> onLegacyNotification(String payload) {
        Instant observedAt = Instant.now();
        String channel = config.legacyChannel().orElse(ListenerConfig.DEFAULT_LEGACY_CHANNEL);
        return handle(channel, parser.parseLegacy(payload), observedAt);
    }

    private Uni<Void> handle(String channel, NotificationParser.Result result, Instant observedAt) {
        ListenerMetrics.notificationsReceived(registry, channel).increment();
        return switch (result) {
            case NotificationParser.Result.Rejected rejected -> {
                Log.warnf(
                        "Rejected a notification on channel %s (%s): %s",
                        channel, rejected.reason(), rejected.detail());
                ListenerMetrics.notificationsRejected(registry, channel, rejected.reason())
                        .increment();
                yield Uni.createFrom().voidItem();
            }
            case NotificationParser.Result.Accepted accepted
            when TableClassifier.isInternalSchema(accepted.notification().schema()) -> {
                Log.debugf(
                        "Ignored the %s notification of %s: EchoDB's, PeerDB's and PostgreSQL's own schemas hold no"
                                + " user tables",
                        accepted.notification().event(), accepted.notification().qualifiedName());
                ignored("internal-schema");
                yield Uni.createFrom().voidItem();
            }
            case NotificationParser.Result.Accepted accepted
            when accepted.notification().event() == EventType.DROPPED -> {
                publishDropped(accepted.notification(), observedAt);
                yield Uni.createFrom().voidItem();
            }
            case NotificationParser.Result.Accepted accepted -> classifyAndPublish(accepted.notification(), observedAt);
        };
    }

    private Uni<Void> classifyAndPublish(TableNotification notification, Instant observedAt) {
        return lookUp(notification)
                .chain(found -> found.map(eligibility::judgeNotified)
                        .orElseGet(() -> Uni.createFrom().item(Optional.empty())))
                .invoke(found -> publish(notification, found, observedAt))
                .onFailure()
                .invoke(failure -> {
                    Log.warnf(
                            "Cannot look up table %s in pg_catalog, left for the inventory: %s",
                            notification.qualifiedName(), failure.getMessage());
                    lastError.record(
                            "catalog lookup of " + notification.qualifiedName() + " failed: " + failure.getMessage());
                    ignored("lookup-failed");
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** By OID, or by name for the replaced worker's payload. */
    private Uni<Optional<CatalogTable>> lookUp(TableNotification notification) {
        return notification.oid() != null
                ? catalog.findByOid(notification.oid())
                : catalog.findByName(notification.schema(), notification.table());
    }

    private void publish(TableNotification notification, Optional<ClassifiedTable> found, Instant observedAt) {
        if (found.isEmpty()) {
            Log.infof(
                    "Table %s%s no longer exists; it was dropped before it could be classified",
                    notification.qualifiedName(),
                    notification.oid() == null ? "" : " (oid " + notification.oid() + ")");
            ignored("table-gone");
            return;
        }
        ClassifiedTable classified = found.get();
        CatalogTable table = classified.table();
        if (!send(TableEvent.created(config.sourcePeer(), classified, notification.tag(), observedAt))) {
            return;
        }
        if (classified.verdict().eligible()) {
            Log.infof(
                    "New table %s (oid %d, %s) is eligible for mirroring",
                    table.qualifiedName(), table.oid(), table.kind());
        } else {
            Log.warnf(
                    "New table %s (oid %d) will not be mirrored: %s",
                    table.qualifiedName(), table.oid(), classified.verdict().reason());
        }
        ListenerMetrics.tableEventsPublished(registry, classified.verdict().eligible() ? "eligible" : "skipped")
                .increment();
    }

    private void publishDropped(TableNotification notification, Instant observedAt) {
        if (send(TableEvent.dropped(config.sourcePeer(), notification, observedAt))) {
            Log.infof("Table %s (oid %d) was dropped", notification.qualifiedName(), notification.oid());
            ListenerMetrics.tableEventsPublished(registry, "dropped").increment();
        }
    }

    /** Hands {@code event} to the forwarder; false (logged, counted) when the backlog is full. */
    private boolean send(TableEvent event) {
        try {
            emitter.send(event);
            return true;
        } catch (RuntimeException overflow) {
            Log.errorf(
                    "%s event for %s.%s dropped, the forwarding backlog is full (%d events): %s",
                    event.type(), event.schema(), event.table(), BACKLOG, overflow.getMessage());
            ignored("backlog-full");
            return false;
        }
    }

    private void ignored(String reason) {
        ListenerMetrics.notificationsIgnored(registry, reason).increment();
    }
}
