package io.echodb.mirror.rest;

import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.SkippedTable;
import io.echodb.mirror.service.MirrorRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Read-only view of what mirror-service manages (open without the API key). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MirrorResource {

    private final MirrorRegistry registry;

    MirrorResource(MirrorRegistry registry) {
        this.registry = registry;
    }

    /** {@code GET /api/v1/mirrors}: every mirror this service created or found, by name, with its state. */
    @GET
    @Path("/mirrors")
    public List<ManagedMirror> mirrors() {
        return registry.mirrors();
    }

    /**
     * {@code GET /api/v1/skipped-tables}: tables not mirrored, with the reason: ineligible per listener-service,
     * not addressable in PeerDB, or refused by PeerDB's validation.
     */
    @GET
    @Path("/skipped-tables")
    public List<SkippedTable> skippedTables() {
        return registry.skippedTables();
    }
}
