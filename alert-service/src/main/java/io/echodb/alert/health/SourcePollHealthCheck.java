package io.echodb.alert.health;

import io.echodb.alert.domain.PollStatus;
import io.echodb.alert.service.PollService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@value #NAME}: up while the last poll of every target (each source database, PeerDB, mirror-service)
 * succeeded, or before any failed; down after a failed poll until that target's next success. Data: one entry per
 * target, e.g. {@code "postgres_main": "UP, last success 2026-11-21T10:00:00Z"} or
 * {@code "peerdb": "DOWN since 2026-11-21T10:00:30Z: ConnectException: Connection refused"}.
 */
@Readiness
@ApplicationScoped
public class SourcePollHealthCheck implements HealthCheck {

    static final String NAME = "source-poll";

    private final PollService polls;

    public SourcePollHealthCheck(PollService polls) {
        this.polls = polls;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, PollStatus> statuses = new TreeMap<>(polls.statuses());
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(statuses.values().stream().allMatch(PollStatus::healthy));
        statuses.forEach((target, status) -> response.withData(target, describe(status)));
        return response.build();
    }

    static String describe(PollStatus status) {
        if (status.healthy()) {
            return "UP" + (status.lastSuccess() == null ? "" : ", last success " + status.lastSuccess());
        }
        return "DOWN since " + status.lastFailure() + ": " + status.lastError()
                + (status.lastSuccess() == null ? "" : " (last success " + status.lastSuccess() + ")");
    }
}
