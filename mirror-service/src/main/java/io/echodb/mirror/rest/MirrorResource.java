package io.echodb.mirror.rest;

import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.SkippedTable;
import io.echodb.mirror.domain.UnmirroredTable;
import io.echodb.mirror.service.DeadLetters;
import io.echodb.mirror.service.EligibleTables;
import io.echodb.mirror.service.MirrorRegistry;
import io.echodb.mirror.service.SharedMirrorCycle;
import io.echodb.mirror.service.SharedMirrors;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only view of what mirror-service manages (contracts.md §6; open without the API key). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MirrorResource {

    private final MirrorRegistry registry;
    private final EligibleTables tables;
    private final DeadLetters deadLetters;
    private final CircuitBreakerMaintenance breakers;
    private final SharedMirrors shared;

    MirrorResource(
            MirrorRegistry registry,
            EligibleTables tables,
            DeadLetters deadLetters,
            CircuitBreakerMaintenance breakers,
            SharedMirrors shared) {
        this.shared = shared;
        this.registry = registry;
        this.tables = tables;
        this.deadLetters = deadLetters;
        this.breakers = breakers;
    }

    /**
     * {@code GET /api/v1/mirrors}: every table this service keeps in a mirror (one entry per per-table mirror, one
     * per table of a shared mirror), by mirror name, with its state.
     */
    @GET
    @Path("/mirrors")
    public List<ManagedMirror> mirrors() {
        return registry.mirrors();
    }

    /**
     * {@code GET /api/v1/skipped-tables}: tables not mirrored on purpose, with the reason: ineligible per
     * listener-service, not addressable in PeerDB, or refused by PeerDB's validation.
     */
    @GET
    @Path("/skipped-tables")
    public List<SkippedTable> skippedTables() {
        return registry.skippedTables();
    }

    /** {@code GET /api/v1/unmirrored-tables}: eligible tables without a mirror yet, oldest first, with last errors. */
    @GET
    @Path("/unmirrored-tables")
    public List<UnmirroredTable> unmirroredTables() {
        return tables.unmirrored();
    }

    /**
     * {@code GET /api/v1/pause-cycles}: shared mirrors EchoDB paused to add or remove tables, or whose added tables
     * PeerDB snapshots (CDC on hold), oldest first, with the step and when the mirror is expected to run again.
     */
    @GET
    @Path("/pause-cycles")
    public List<SharedMirrorCycle.PauseCycle> pauseCycles() {
        return shared.pauseCycles();
    }

    /**
     * {@code GET /api/v1/status}: circuit breakers, dead letters, unmirrored tables, last inventory per source, the
     * pause cycles in flight.
     */
    @GET
    @Path("/status")
    public StatusResponse status() {
        Map<String, String> states = new LinkedHashMap<>();
        for (String name : PeerDbClient.CIRCUIT_BREAKERS) {
            states.put(name, breakers.currentState(name).name());
        }
        return new StatusResponse(
                states,
                deadLetters.count(),
                tables.unmirrored().size(),
                tables.latestInventories(),
                shared.pauseCycles());
    }
}
