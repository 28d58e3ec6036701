package io.echodb.alert.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A Slack incoming webhook (https://api.slack.com/messaging/webhooks). The base URI is the whole webhook URL,
 * so the client is built at runtime by {@link SlackClient}. Slack answers {@code 200} with the plain
 * text body {@code ok}, or an error status with a plain-text error code such as {@code no_service}.
 */
@Path("")
interface SlackWebhookRestClient {

    /** Posts one message; the answer is returned whatever its status (the default exception mapper is off). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    Uni<Response> post(SlackMessage message);
}
