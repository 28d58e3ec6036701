package io.echodb.alert.health;

import io.echodb.alert.client.SlackClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@value #NAME}: down while Slack refuses messages to some destination permanently (its last message
 * got {@code invalid_auth}, {@code channel_not_found}, {@code not_in_channel}, {@code is_archived},
 * {@code no_service}, {@code invalid_blocks}, …): alerts are not reaching people and an operator must fix the
 * token, channel or webhook. Up again after the next message to it goes through (e.g.
 * {@code POST /api/v1/test-notification}). Data: {@code mode} and, per failing destination, Slack's error and
 * when. Gauge {@code echodb.alert.slack.failing} counts the same destinations.
 */
@Readiness
@ApplicationScoped
public class SlackDeliveryHealthCheck implements HealthCheck {

    static final String NAME = "slack-delivery";

    private final SlackClient slack;

    public SlackDeliveryHealthCheck(SlackClient slack) {
        this.slack = slack;
    }

    @Override
    public HealthCheckResponse call() {
        var failing = slack.failing();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(failing.isEmpty())
                .withData("mode", slack.mode().name().toLowerCase(java.util.Locale.ROOT));
        failing.forEach(failure -> response.withData(failure.destination().toString(),
                failure.error() + " since " + failure.at()));
        return response.build();
    }
}
