package io.echodb.alert.service;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.client.MirrorServiceClient;
import io.echodb.alert.client.SlackClient;
import io.echodb.alert.client.SourceClient;
import io.echodb.alert.client.SourceClients;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Finding;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the outcome series of {@link AlertMetrics} at 0 when the service starts (notifications, and the polls
 * of every configured target), so that Prometheus sees the first failure after a start as an increase (a series
 * that appears at its first increment does not count in {@code increase()}). The slot, mirror and alert gauges
 * have series once the first poll gave them rows.
 * Runs after the other startup observers, so that invalid settings fail the start with their own message.
 */
@ApplicationScoped
class StartupMeters {

    void register(
            @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event,
            MeterRegistry registry,
            AlertConfig config,
            SourceClients sources,
            MirrorServiceClient mirrorService,
            SlackClient slack) {
        slack.mode(); // creates the bean and its gauge AlertMetrics.SLACK_FAILING
        AlertMetrics.NOTIFICATION_OUTCOMES.forEach(outcome -> AlertMetrics.notifications(registry, outcome));
        List<String> targets =
                new ArrayList<>(sources.all().stream().map(SourceClient::name).toList());
        if (config.peerdb().enabled()) {
            targets.add(Finding.PEERDB);
        }
        if (mirrorService.configured()) {
            targets.add(Finding.MIRROR_SERVICE);
        }
        targets.forEach(
                target -> AlertMetrics.POLL_OUTCOMES.forEach(outcome -> AlertMetrics.poll(registry, target, outcome)));
    }
}
