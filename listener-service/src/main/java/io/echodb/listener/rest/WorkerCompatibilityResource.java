package io.echodb.listener.rest;

import io.echodb.listener.connection.ListenerConnection;
import io.echodb.listener.metrics.LastErrorService;
import io.echodb.listener.metrics.ListenerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replaced Python worker's {@code GET /health}, {@code /ready} and {@code /metrics} on the main HTTP port, read
 * from the same health checks and meters as {@code /q/health/*} and {@code /q/metrics}; nothing is counted twice.
 * Bodies: docs/configuration-listener-service.md, "Endpoints and metrics".
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerCompatibilityResource {

    private final SmallRyeHealthReporter health;
    private final ListenerConnection connection;
    private final LastErrorService lastError;
    private final MeterRegistry registry;

    public WorkerCompatibilityResource(
            SmallRyeHealthReporter health,
            ListenerConnection connection,
            LastErrorService lastError,
            MeterRegistry registry) {
        this.health = health;
        this.connection = connection;
        this.lastError = lastError;
        this.registry = registry;
    }

    /** Liveness, as the worker answered it. */
    @GET
    @Path("health")
    public Uni<Response> health() {
        return health.getLivenessAsync()
                .map(live -> respond(live, Map.of("status", live.isDown() ? "unhealthy" : "healthy")));
    }

    /** Readiness (the LISTEN connection), as the worker answered it. */
    @GET
    @Path("ready")
    public Uni<Response> ready() {
        return health.getReadinessAsync()
                .map(ready -> respond(
                        ready,
                        Map.of("status", ready.isDown() ? "not ready" : "ready", "connected", connection.connected())));
    }

    /**
     * The worker's counters. {@code mirrors_created}: eligible table events mirror-service accepted (it creates
     * their mirrors); {@code mirrors_failed}: eligible table events that could not be delivered; both from
     * {@code echodb.table.events.forwarded}. {@code last_error}: the most recent failure, or null.
     */
    @GET
    @Path("metrics")
    public Uni<Map<String, Object>> metrics() {
        return health.getLivenessAsync().map(live -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("running", !live.isDown());
            body.put("connected", connection.connected());
            body.put("mirrors_created", forwarded("ok"));
            body.put("mirrors_failed", forwarded("failed"));
            body.put(
                    "last_error",
                    lastError.last().map(LastErrorService.LastError::message).orElse(null));
            return body;
        });
    }

    private long forwarded(String outcome) {
        Counter counter = registry.find(ListenerMetrics.TABLE_EVENTS_FORWARDED)
                .tags("outcome", outcome, "eligible", "true")
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static Response respond(SmallRyeHealth result, Map<String, Object> body) {
        return Response.status(result.isDown() ? Response.Status.SERVICE_UNAVAILABLE : Response.Status.OK)
                .entity(body)
                .build();
    }
}
