package io.echodb.alert.rest;

import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Silence;
import io.echodb.alert.service.AlertLifecycle;
import io.echodb.alert.service.AlertStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/alerts}: what is pending, firing and silenced now, from the shared state (every replica
 * answers the same). Open to read.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final AlertStore store;

    AlertResource(AlertStore store) {
        this.store = store;
    }

    /**
     * One alert.
     *
     * @param rule the rule, e.g. {@code slot-retained-wal}
     * @param labels e.g. {@code {"source":"postgres_main","slot":"peerflow_slot_orders"}}
     * @param severity {@code warning} or {@code critical}
     * @param state {@code pending}, {@code firing} or {@code silenced} (firing, muted by a silence)
     * @param title the rule in words
     * @param summary how bad, against which threshold
     * @param facts the values shown with it
     * @param pendingSince when its condition started to hold (RFC 3339 UTC)
     * @param firingSince when it started firing; null while pending
     * @param lastNotifiedAt when Slack was last told; null if never
     * @param silencedBy the silences muting it
     */
    public record AlertView(
            String rule,
            Map<String, String> labels,
            String severity,
            String state,
            String title,
            String summary,
            Map<String, String> facts,
            Instant pendingSince,
            Instant firingSince,
            Instant lastNotifiedAt,
            List<UUID> silencedBy) {}

    /** Pending, firing and silenced alerts: firing and critical first. */
    @GET
    public Uni<List<AlertView>> alerts() {
        Instant now = Instant.now();
        return store.alerts()
                .chain(alerts -> store.silences(now)
                        .map(silences -> alerts.values().stream()
                                .filter(alert -> alert.state() != AlertState.RESOLVED)
                                .map(alert -> view(alert, AlertLifecycle.silencing(alert, silences, now)))
                                .sorted(Comparator.comparing(
                                                (AlertView view) -> view.state().equals("pending"))
                                        .thenComparing(view -> !view.severity().equals("critical"))
                                        .thenComparing(AlertView::rule)
                                        .thenComparing(view ->
                                                String.join("/", view.labels().values())))
                                .toList()));
    }

    private static AlertView view(Alert alert, List<Silence> silencing) {
        String state = alert.state() == AlertState.FIRING && !silencing.isEmpty()
                ? "silenced"
                : alert.state().label();
        return new AlertView(
                alert.key().rule(),
                alert.key().labels(),
                alert.severity().label(),
                state,
                alert.finding().title(),
                alert.finding().summary(),
                alert.finding().facts(),
                alert.pendingSince(),
                alert.firingSince(),
                alert.lastNotice() == null ? null : alert.lastNotice().at(),
                silencing.stream().map(Silence::id).toList());
    }
}
