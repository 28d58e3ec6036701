package io.echodb.alert.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * mirror-service's read API (contracts.md §6), open to read without a key. Base URL
 * {@code quarkus.rest-client.mirror-service.url}. Use {@link MirrorServiceClient}.
 */
@RegisterRestClient(configKey = "mirror-service")
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface MirrorServiceRestClient {

    /** Requests that exhausted their retries, oldest first. */
    @GET
    @Path("/dead-letters")
    Uni<List<DeadLetter>> deadLetters();

    /** Tables not mirrored on purpose. */
    @GET
    @Path("/skipped-tables")
    Uni<List<SkippedTable>> skippedTables();

    /** Eligible tables without a mirror yet. */
    @GET
    @Path("/unmirrored-tables")
    Uni<List<UnmirroredTable>> unmirroredTables();

    /** Circuit breakers and counts. */
    @GET
    @Path("/status")
    Uni<Status> status();

    /** One dead letter. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeadLetter(
            String id,
            String source,
            String schema,
            String table,
            String mirror,
            String operation,
            Integer attempts,
            String lastError,
            Instant firstSeen,
            Instant lastSeen) {}

    /** One skipped table. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SkippedTable(
            String source, String schema, String table, String decidedBy, String reason, Instant recordedAt) {}

    /** One unmirrored table. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UnmirroredTable(String source, String schema, String table, Instant eligibleSince, String lastError) {}

    /** {@code GET /api/v1/status}, the fields alert-service reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Map<String, String> circuitBreakers, List<PauseCycle> pauseCycles) {}

    /** One pause cycle in flight. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PauseCycle(
            String mirror,
            String source,
            Integer tablesAdded,
            List<String> tablesAddedNames,
            List<String> tablesRemoved,
            String step,
            Instant since,
            Instant stepSince,
            Instant expectedBy) {}
}
