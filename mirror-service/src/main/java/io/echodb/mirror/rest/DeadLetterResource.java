package io.echodb.mirror.rest;

import io.echodb.common.api.ApiKeyRequired;
import io.echodb.common.api.Problem;
import io.echodb.mirror.domain.DeadLetter;
import io.echodb.mirror.service.DeadLetters;
import io.echodb.mirror.service.MirrorService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * PeerDB requests that exhausted their retries (contracts.md §6): {@code GET /api/v1/dead-letters} lists them (open),
 * {@code POST /api/v1/dead-letters/{id}/replay} retries one (API key): 202 {@code {"status":"accepted"}}, or 404
 * with a {@link Problem} body for an unknown id. A replayed letter stays listed until the retry succeeds.
 */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;
    private final MirrorService mirrors;

    DeadLetterResource(DeadLetters deadLetters, MirrorService mirrors) {
        this.deadLetters = deadLetters;
        this.mirrors = mirrors;
    }

    /** Every dead letter, oldest first. */
    @GET
    public List<DeadLetter> list() {
        return deadLetters.list();
    }

    /** Retries the dead letter {@code id} in the background. */
    @POST
    @Path("/{id}/replay")
    @ApiKeyRequired
    @ResponseStatus(202)
    public AcceptedResponse replay(@PathParam("id") String id) {
        DeadLetter letter =
                deadLetters.find(id).orElseThrow(() -> new NotFoundException("no dead letter with id " + id));
        mirrors.replay(letter);
        return AcceptedResponse.ACCEPTED;
    }
}
