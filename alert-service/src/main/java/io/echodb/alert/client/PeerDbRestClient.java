package io.echodb.alert.client;

import io.echodb.alert.client.PeerDbMessages.ListMirrorLogsRequest;
import io.echodb.alert.client.PeerDbMessages.ListMirrorLogsResponse;
import io.echodb.alert.client.PeerDbMessages.ListMirrorsResponse;
import io.echodb.alert.client.PeerDbMessages.MirrorStatusRequest;
import io.echodb.alert.client.PeerDbMessages.MirrorStatusResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * PeerDB's flow API over HTTP/JSON (grpc-gateway on port 8113, routes under {@code /v1}; peerdb-api.md §4), the
 * read-only calls alert-service polls. Error answers fail with the REST client's {@code WebApplicationException}.
 * Use {@link PeerDbClient}.
 */
@RegisterRestClient(configKey = "peerdb")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PeerDbRestClient {

    /** {@code GET /v1/mirrors/list}: every mirror with its catalog status. */
    @GET
    @Path("/mirrors/list")
    Uni<ListMirrorsResponse> listMirrors();

    /** {@code POST /v1/mirrors/status}: one mirror; 404 when it does not exist. */
    @POST
    @Path("/mirrors/status")
    Uni<MirrorStatusResponse> mirrorStatus(MirrorStatusRequest request);

    /** {@code POST /v1/mirrors/logs}: mirror log rows, newest first. */
    @POST
    @Path("/mirrors/logs")
    Uni<ListMirrorLogsResponse> mirrorLogs(ListMirrorLogsRequest request);
}
