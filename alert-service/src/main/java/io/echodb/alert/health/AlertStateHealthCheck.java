package io.echodb.alert.health;

import io.echodb.alert.domain.PollStatus;
import io.echodb.alert.service.AlertEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@value #NAME}: down while alert state cannot be read or written (schema {@code echodb} of the state
 * database): no alert is evaluated or notified then. Data: {@code state}, as in {@code source-poll}.
 */
@Readiness
@ApplicationScoped
public class AlertStateHealthCheck implements HealthCheck {

    static final String NAME = "alert-state";

    private final AlertEngine engine;

    public AlertStateHealthCheck(AlertEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        PollStatus status = engine.status();
        return HealthCheckResponse.named(NAME)
                .status(status.healthy())
                .withData("state", SourcePollHealthCheck.describe(status))
                .build();
    }
}
