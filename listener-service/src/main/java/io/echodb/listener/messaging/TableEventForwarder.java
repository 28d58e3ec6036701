package io.echodb.listener.messaging;

import io.echodb.listener.client.MirrorServiceClient;
import io.echodb.listener.domain.TableEvent;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.metrics.ListenerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Forwards each event of channel {@value Channels#TABLE_EVENTS} to mirror-service, in order, one at a time; an event
 * that cannot be delivered is logged, counted and dropped, and the next inventory repairs it. See
 * docs/architecture.md §"Forwarding".
 */
@ApplicationScoped
public class TableEventForwarder {

    private final MirrorServiceClient client;
    private final LastErrorService lastError;
    private final MeterRegistry registry;

    public TableEventForwarder(MirrorServiceClient client, LastErrorService lastError, MeterRegistry registry) {
        this.client = client;
        this.lastError = lastError;
        this.registry = registry;
    }

    /** Delivers one event; never fails. */
    @Incoming(Channels.TABLE_EVENTS)
    public Uni<Void> forward(TableEvent event) {
        return client.forward(event)
                .invoke(() -> {
                    Log.debugf(
                            "Forwarded %s event for %s.%s to mirror-service",
                            event.type(), event.schema(), event.table());
                    forwarded("ok", event);
                })
                .onFailure()
                .invoke(failure -> {
                    Log.errorf(
                            "Could not forward the %s event for %s.%s (oid %d) to mirror-service, dropped until "
                                    + "the next inventory: %s",
                            event.type(), event.schema(), event.table(), event.oid(), failure.getMessage());
                    forwarded("failed", event);
                    lastError.record("could not forward the " + event.type() + " event for " + event.schema() + "."
                            + event.table() + " to mirror-service: " + failure.getMessage());
                })
                .onFailure()
                .recoverWithNull();
    }

    private void forwarded(String outcome, TableEvent event) {
        ListenerMetrics.tableEventsForwarded(registry, outcome, event.eligible())
                .increment();
    }
}
