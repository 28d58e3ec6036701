package io.echodb.mirror.service;

import io.echodb.mirror.MirrorMetrics;
import io.echodb.mirror.domain.EventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registers the outcome series of {@link MirrorMetrics} at 0 when the service starts, so that Prometheus sees the
 * first failure after a start as an increase (a series that appears at its first increment does not count in
 * {@code increase()}); the series of a source are registered when {@link StartupSweep} finds its mirrors or its
 * first inventory arrives ({@link MirrorMetrics#registerSource}).
 * Runs after the other startup observers, so that invalid settings fail the start with their own message.
 */
@ApplicationScoped
class StartupMeters {

    /** The outcomes of each PeerDB operation ({@code PeerDbClient}). */
    private static final Map<String, List<String>> PEERDB_OUTCOMES = Map.of(
            "version", List.of("success", "error"),
            "validate", List.of("success", "already_exists", "refused", "error"),
            "create", List.of("success", "already_exists", "refused", "error"),
            "list", List.of("success", "error"),
            "status", List.of("success", "not_found", "error"),
            "config", List.of("success", "not_found", "error"),
            "state_change", List.of("success", "not_found", "error"));

    void register(
            @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event,
            MeterRegistry meters,
            DeadLetters deadLetters) {
        deadLetters.count(); // creates the bean, and with it its gauge
        MirrorMetrics.CREATION_OUTCOMES.forEach(outcome -> MirrorMetrics.mirrorsCreated(meters, outcome));
        for (RetireReason reason : RetireReason.values()) {
            MirrorMetrics.mirrorsRetired(meters, reason.tag());
        }
        for (EventType type : EventType.values()) {
            for (Boolean eligible : Arrays.asList(true, false, null)) {
                MirrorMetrics.eventsReceived(meters, type.name().toLowerCase(Locale.ROOT), eligible);
            }
        }
        PEERDB_OUTCOMES.forEach((operation, outcomes) ->
                outcomes.forEach(outcome -> MirrorMetrics.peerDbRequest(meters, operation, outcome)));
    }
}
