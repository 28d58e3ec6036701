package io.echodb.listener.client;

import io.echodb.listener.domain.Inventory;
import io.echodb.listener.domain.TableEvent;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * mirror-service's table event and inventory endpoints (docs/contracts.md §2, §5). Base URL:
 * {@code quarkus.rest-client.mirror-service.url}.
 */
@RegisterRestClient(configKey = "mirror-service")
@Path("/api/v1")
interface MirrorServiceRestClient {

    /** Header carrying the shared API key. */
    String API_KEY_HEADER = "X-EchoDB-Api-Key";

    /**
     * Sends one event; mirror-service answers {@code 202 Accepted}.
     *
     * @param apiKey value of {@value #API_KEY_HEADER}, or null to send no header
     * @param event the event
     * @return completes on a 2xx answer; fails with {@link jakarta.ws.rs.WebApplicationException} on 4xx/5xx
     */
    @POST
    @Path("/table-events")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> postTableEvent(@HeaderParam(API_KEY_HEADER) String apiKey, TableEvent event);

    /**
     * Replaces the inventory of one source; mirror-service answers {@code 202 Accepted}.
     *
     * @param apiKey value of {@value #API_KEY_HEADER}, or null to send no header
     * @param source PeerDB source peer name (path segment, encoded by the client)
     * @param inventory the inventory, whose {@code source} equals {@code source}
     * @return completes on a 2xx answer; fails with {@link jakarta.ws.rs.WebApplicationException} on 4xx/5xx
     */
    @PUT
    @Path("/sources/{source}/inventory")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> putInventory(
            @HeaderParam(API_KEY_HEADER) String apiKey, @PathParam("source") String source, Inventory inventory);
}
