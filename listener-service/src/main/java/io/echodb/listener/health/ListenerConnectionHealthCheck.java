package io.echodb.listener.health;

import io.echodb.listener.connection.ListenerConnection;
import io.echodb.listener.service.EventTriggerService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP while the LISTEN connection is up and subscribed. Data: {@code channel}, {@code since}
 * (RFC 3339, when the connection reached its current state) and {@code eventTrigger} (INSTALLED, MISSING,
 * DISABLED or UNKNOWN; informative only, a missing trigger does not make the service unready).
 */
@Readiness
@ApplicationScoped
public class ListenerConnectionHealthCheck implements HealthCheck {

    private final ListenerConnection connection;
    private final EventTriggerService triggers;

    public ListenerConnectionHealthCheck(ListenerConnection connection, EventTriggerService triggers) {
        this.connection = connection;
        this.triggers = triggers;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("listener-connection")
                .status(connection.connected())
                .withData("channel", connection.channel())
                .withData("since", connection.since().toString())
                .withData("eventTrigger", triggers.state().name())
                .build();
    }
}
