package io.echodb.alert.health;

import io.echodb.alert.client.SlackClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@value #NAME}: down while Slack refuses messages to some destination permanently (e.g.
 * {@code invalid_auth}, {@code channel_not_found}): an operator must fix the token, channel or webhook. Up again
 * once a message to it goes through; destinations are channels as Slack identifies them (a refused thread reply
 * and a later top-level post to that channel are one destination). A message refused for its size is not a
 * destination failure. Data: {@code mode} and, per failing destination, Slack's error and when
 * (docs/architecture.md §Slack delivery).
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
        failing.forEach(failure ->
                response.withData(failure.destination().toString(), failure.error() + " since " + failure.at()));
        return response.build();
    }
}
