package io.echodb.listener.service;

import io.echodb.listener.config.ListenerConfig;
import io.echodb.listener.metrics.ListenerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.stream.Stream;

/**
 * Registers every outcome series of {@link ListenerMetrics} at 0 when the service starts, so that Prometheus sees
 * the first failure after a start as an increase (a series that appears at its first increment does not count in
 * {@code increase()}).
 * Runs after the other startup observers, so that invalid settings fail the start with their own message.
 */
@ApplicationScoped
class StartupMeters {

    private static final List<String> OK_FAILED = List.of("ok", "failed");

    private final MeterRegistry registry;
    private final ListenerConfig config;

    StartupMeters(MeterRegistry registry, ListenerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        Stream.concat(Stream.of(config.channel()), config.legacyChannel().stream())
                .forEach(channel -> {
                    ListenerMetrics.notificationsReceived(registry, channel);
                    Stream.of(
                                    NotificationParser.OVERSIZED,
                                    NotificationParser.MALFORMED,
                                    NotificationParser.INVALID,
                                    NotificationParser.UNSUPPORTED_VERSION)
                            .forEach(reason -> ListenerMetrics.notificationsRejected(registry, channel, reason));
                });
        Stream.of("table-gone", "lookup-failed", "backlog-full")
                .forEach(reason -> ListenerMetrics.notificationsIgnored(registry, reason));
        ListenerMetrics.notificationsSettled(registry);
        Stream.of("eligible", "skipped", "dropped")
                .forEach(outcome -> ListenerMetrics.tableEventsPublished(registry, outcome));
        OK_FAILED.forEach(outcome -> {
            ListenerMetrics.tableEventsForwarded(registry, outcome, true);
            ListenerMetrics.tableEventsForwarded(registry, outcome, false);
            ListenerMetrics.inventorySent(registry, outcome);
            ListenerMetrics.replicaIdentityChanges(registry, outcome);
            ListenerMetrics.publicationAdditions(registry, outcome);
        });
    }
}
