package io.echodb.mirror.rest;

import io.echodb.common.api.ApiKeyRequired;
import io.echodb.common.api.InvalidFieldException;
import io.echodb.common.api.Problem;
import io.echodb.mirror.domain.Inventory;
import io.echodb.mirror.service.ConvergenceService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * {@code PUT /api/v1/sources/{source}/inventory}: listener-service reports every table of its watched schemas
 * (contracts.md §5). Answers 202 {@code {"status":"accepted","tables":N,"eligible":M}} once the body is valid; the
 * convergence runs afterwards, in the background. 400 with a {@link Problem} body for invalid input (also when the
 * body's {@code source} differs from the path), 401 without the API key when one is set.
 */
@Path("/api/v1/sources/{source}/inventory")
public class InventoryResource {

    /**
     * Body of the 202 answer.
     *
     * @param status always {@code accepted}
     * @param tables how many tables the inventory lists
     * @param eligible how many of them are eligible
     */
    public record InventoryAccepted(String status, int tables, int eligible) {}

    private final ConvergenceService convergence;

    InventoryResource(ConvergenceService convergence) {
        this.convergence = convergence;
    }

    /** Accepts one inventory; see the class comment for the answers. */
    @PUT
    @ApiKeyRequired
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    public InventoryAccepted accept(@PathParam("source") String source, @NotNull @Valid Inventory inventory) {
        if (!source.equals(inventory.source())) {
            throw new InvalidFieldException(
                    "the request body's source differs from the path's",
                    "source",
                    "must equal the {source} of the path");
        }
        convergence.accept(inventory);
        return new InventoryAccepted("accepted", inventory.tables().size(), inventory.eligibleCount());
    }
}
