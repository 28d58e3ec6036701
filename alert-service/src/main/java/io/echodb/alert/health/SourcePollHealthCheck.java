package io.echodb.alert.health;

import io.echodb.alert.domain.PollStatus;
import io.echodb.alert.service.SourcePollService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: up while the last poll of the source succeeded, or before any poll failed; down after a failed
 * poll until the next one succeeds. Data: {@code lastSuccess}, {@code lastFailure} (RFC 3339 UTC) and
 * {@code lastError}.
 */
@Readiness
@ApplicationScoped
public class SourcePollHealthCheck implements HealthCheck {

    static final String NAME = "source-poll";

    private final SourcePollService polls;

    public SourcePollHealthCheck(SourcePollService polls) {
        this.polls = polls;
    }

    @Override
    public HealthCheckResponse call() {
        PollStatus status = polls.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(status.healthy());
        if (status.lastSuccess() != null) {
            response.withData("lastSuccess", status.lastSuccess().toString());
        }
        if (status.lastFailure() != null) {
            response.withData("lastFailure", status.lastFailure().toString());
            response.withData("lastError", status.lastError());
        }
        return response.build();
    }
}
