package io.echodb.alert.rest;

import io.echodb.alert.client.SlackClient;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlackDestination;
import io.echodb.alert.service.NotificationService;
import io.echodb.common.api.ApiKeyRequired;
import io.echodb.common.api.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /api/v1/test-notification} (API key): posts a test message to every Slack destination (each
 * severity's channel or webhook) and says how each went: 200 when all took it, 502 when one refused or could not be
 * reached, 409 when no Slack is configured. A destination that takes it is no longer failing
 * ({@code slack-delivery} check).
 */
@Path("/api/v1/test-notification")
@Produces(MediaType.APPLICATION_JSON)
public class TestNotificationResource {

    private final NotificationService notifications;
    private final SlackClient slack;

    TestNotificationResource(NotificationService notifications, SlackClient slack) {
        this.notifications = notifications;
        this.slack = slack;
    }

    /**
     * Outcome for one destination.
     *
     * @param destination the channel, or {@code webhook https://host/***}
     * @param severities the severities routed there
     * @param delivered whether Slack took the message
     * @param error Slack's error when not; null otherwise
     */
    public record Result(String destination, List<String> severities, boolean delivered, String error) {}

    /** Sends the test message. */
    @POST
    @ApiKeyRequired
    public Uni<RestResponse<Object>> send() {
        if (slack.mode() == SlackClient.Mode.LOG) {
            return Uni.createFrom()
                    .item(RestResponse.ResponseBuilder.<Object>create(409)
                            .entity(new Problem(
                                    "Conflict",
                                    409,
                                    "no Slack is configured: set echodb.alert.slack.bot-token"
                                            + " and a channel, or echodb.alert.slack.webhook-url",
                                    List.of()))
                            .type(Problem.MEDIA_TYPE)
                            .build());
        }
        return notifications.test(routes()).map(outcomes -> {
            List<Result> results = new ArrayList<>();
            outcomes.forEach((destination, error) ->
                    results.add(new Result(destination.toString(), severities(destination), error == null, error)));
            boolean all = results.stream().allMatch(Result::delivered);
            return RestResponse.ResponseBuilder.<Object>create(all ? 200 : 502)
                    .entity(results)
                    .build();
        });
    }

    private String routes() {
        return slack.destinations().stream()
                .map(destination -> String.join("+", severities(destination)) + " → " + destination)
                .collect(Collectors.joining(", "));
    }

    private List<String> severities(SlackDestination destination) {
        List<String> severities = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            if (slack.route(severity).filter(destination::equals).isPresent()) {
                severities.add(severity.label());
            }
        }
        return severities;
    }
}
