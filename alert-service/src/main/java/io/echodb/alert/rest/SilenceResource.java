package io.echodb.alert.rest;

import io.echodb.alert.domain.Silence;
import io.echodb.alert.service.AlertStore;
import io.echodb.common.api.ApiKeyRequired;
import io.echodb.common.api.Problem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Silences (Alertmanager-style, equality matchers): {@code POST /api/v1/silences} and
 * {@code DELETE /api/v1/silences/{id}} need the API key; {@code GET /api/v1/silences} is open. A silenced alert
 * sends nothing (firing, repeat or resolved) until the silence ends; when it ends, a still-firing alert is notified
 * as it would have been (first notification or, if it had been notified, at its next repeat).
 */
@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    private final AlertStore store;

    SilenceResource(AlertStore store) {
        this.store = store;
    }

    /**
     * Body of {@code POST /api/v1/silences}.
     *
     * @param matchers all must match: {@code {"name":"rule","value":"slot-inactive"}},
     *     {@code {"name":"slot","value":"peerflow_slot_orders"}}, …
     * @param startsAt from when (RFC 3339); default now
     * @param endsAt until when (RFC 3339), after {@code startsAt} and in the future
     * @param comment why (shown in {@code GET /api/v1/silences})
     * @param createdBy who; optional
     */
    public record SilenceRequest(
            @NotEmpty @Size(max = 20) List<@Valid @NotNull MatcherRequest> matchers,
            Instant startsAt,
            @NotNull Instant endsAt,
            @NotBlank @Size(max = 1000) String comment,
            @Size(max = 200) String createdBy) {}

    /**
     * One matcher.
     *
     * @param name {@code rule} or a label name ({@code source}, {@code slot}, {@code mirror}, {@code table},
     *     {@code service})
     * @param value the value it must equal
     */
    public record MatcherRequest(
            @NotBlank @Pattern(regexp = "[a-z_]{1,40}") String name,
            @NotNull @Size(max = 500) String value) {}

    /** Active and future silences, oldest first. */
    @GET
    public Uni<List<Silence>> list() {
        return store.silences(Instant.now());
    }

    /** Creates a silence: 201 with it and its {@code Location}; 400 for invalid fields. */
    @POST
    @ApiKeyRequired
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> create(@Valid @NotNull SilenceRequest request) {
        Instant now = Instant.now();
        Instant startsAt = request.startsAt() == null ? now : request.startsAt();
        if (!request.endsAt().isAfter(startsAt) || !request.endsAt().isAfter(now)) {
            return Uni.createFrom().item(invalid("endsAt", "must be in the future and after startsAt"));
        }
        Silence silence = new Silence(
                UUID.randomUUID(),
                request.matchers().stream()
                        .map(matcher -> new Silence.Matcher(matcher.name(), matcher.value()))
                        .toList(),
                startsAt,
                request.endsAt(),
                request.comment(),
                request.createdBy() == null ? "" : request.createdBy(),
                now);
        return store.addSilence(silence)
                .invoke(created -> Log.infof(
                        "Silence %s until %s for %s: %s",
                        created.id(), created.endsAt(), created.matchers(), created.comment()))
                .map(created -> RestResponse.ResponseBuilder.<Object>created(
                                URI.create("/api/v1/silences/" + created.id()))
                        .entity(created)
                        .build());
    }

    /** Ends a silence: 204, or 404 for an unknown id. */
    @DELETE
    @ApiKeyRequired
    @Path("/{id}")
    public Uni<RestResponse<Object>> delete(@PathParam("id") UUID id) {
        return store.deleteSilence(id).map(deleted -> {
            if (!deleted) {
                return RestResponse.ResponseBuilder.<Object>create(404)
                        .entity(new Problem("Not Found", 404, "no silence " + id, List.of()))
                        .type(Problem.MEDIA_TYPE)
                        .build();
            }
            Log.infof("Silence %s ended", id);
            return RestResponse.noContent();
        });
    }

    private static RestResponse<Object> invalid(String field, String message) {
        return RestResponse.ResponseBuilder.<Object>create(400)
                .entity(new Problem(
                        "Bad Request",
                        400,
                        "the request has invalid fields",
                        List.of(new Problem.Violation(field, message))))
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
