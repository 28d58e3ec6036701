package io.echodb.alert.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Slack's Web API methods alert-service calls with a bot token (https://docs.slack.dev/reference/methods), base
 * URI {@code echodb.alert.slack.api-url}. Slack answers HTTP 200 with {@code {"ok":true,…}} or
 * {@code {"ok":false,"error":"…"}}, 429 with {@code Retry-After}, or 5xx; the answer is returned whatever its status
 * (the default exception mapper is off). Built at runtime by {@link SlackClient}.
 */
@Path("")
interface SlackApiRestClient {

    /** {@code chat.postMessage}: {@code channel}, {@code text}, {@code blocks}, optional {@code thread_ts}. */
    @POST
    @Path("chat.postMessage")
    @Consumes(MediaType.APPLICATION_JSON + "; charset=utf-8")
    Uni<Response> postMessage(@HeaderParam("Authorization") String authorization, ObjectNode body);

    /** {@code chat.update}: {@code channel}, {@code ts}, new {@code text} and {@code blocks}. */
    @POST
    @Path("chat.update")
    @Consumes(MediaType.APPLICATION_JSON + "; charset=utf-8")
    Uni<Response> update(@HeaderParam("Authorization") String authorization, ObjectNode body);
}
