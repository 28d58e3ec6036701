package io.echodb.mirror.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * PeerDB's flow API over HTTP/JSON (grpc-gateway on port 8113, routes under {@code /v1}; peerdb-api.md §1–§4).
 * Every error answer becomes a {@link PeerDbException}. Use {@link PeerDbClient}, which adds error
 * translation, retries and a circuit breaker.
 */
@RegisterRestClient(configKey = "peerdb")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PeerDbRestClient {

    /** {@code GET /v1/version}: the cheapest call; a 200 means the API finished starting. */
    @GET
    @Path("/version")
    Uni<VersionResponse> version();

    /** {@code POST /v1/mirrors/cdc/validate}: dry run of create, with typed 400/409 errors; 200 {@code {}}. */
    @POST
    @Path("/mirrors/cdc/validate")
    Uni<EmptyResponse> validateCdcMirror(CreateCdcFlowRequest request);

    /** {@code POST /v1/flows/cdc/create}: creates a CDC mirror; 200 {@code {"workflowId":...}}, 409 when it exists. */
    @POST
    @Path("/flows/cdc/create")
    Uni<CreateCdcFlowResponse> createCdcFlow(CreateCdcFlowRequest request);

    /** {@code GET /v1/mirrors/list}: every mirror in PeerDB's catalog. */
    @GET
    @Path("/mirrors/list")
    Uni<ListMirrorsResponse> listMirrors();

    /** {@code POST /v1/mirrors/status}: one mirror's state (and config with flow info); 404 when it does not exist. */
    @POST
    @Path("/mirrors/status")
    Uni<MirrorStatusResponse> mirrorStatus(MirrorStatusRequest request);

    /** {@code POST /v1/mirrors/state_change}: pause, resume, terminate, add or remove tables; 200 {@code {}}, 404. */
    @POST
    @Path("/mirrors/state_change")
    Uni<EmptyResponse> stateChange(FlowStateChangeRequest request);

    /** Turns every 4xx/5xx answer into a {@link PeerDbException} carrying the parsed gRPC status. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PeerDbException.from(response);
    }
}
