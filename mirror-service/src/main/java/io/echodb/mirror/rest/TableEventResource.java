package io.echodb.mirror.rest;

import io.echodb.common.api.ApiKeyRequired;
import io.echodb.common.api.Problem;
import io.echodb.mirror.domain.TableEvent;
import io.echodb.mirror.service.MirrorService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * {@code POST /api/v1/table-events}: listener-service reports one table created or dropped (contracts.md §2).
 * Answers 202 {@code {"status":"accepted"}} once the event is valid; mirrors are created afterwards, in the
 * background. 400 with a {@link Problem} body for invalid input, 401 without the API key when one is set.
 */
@Path("/api/v1/table-events")
public class TableEventResource {

    private final MirrorService mirrors;

    TableEventResource(MirrorService mirrors) {
        this.mirrors = mirrors;
    }

    /** Accepts one event; see the class comment for the answers. */
    @POST
    @ApiKeyRequired
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    public AcceptedResponse accept(@NotNull @Valid TableEvent event) {
        mirrors.accept(event);
        return AcceptedResponse.ACCEPTED;
    }
}
