package io.echodb.alert.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.echodb.alert.client.SlackClient;
import io.echodb.alert.client.SlackMessage;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlackDestination;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.echodb.testing.slack.SlackFault;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slack's failure modes on the Web API with a bot token (HTTP 200 {@code ok:false} errors). */
@QuarkusTest
@TestProfile(SlackBotFailureTest.QuickRetriesWithToken.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class SlackBotFailureTest extends SlackFailureModes {

    /** As {@link SlackWebhookFailureTest.QuickRetries}, through chat.postMessage to #db-alerts. */
    public static class QuickRetriesWithToken extends SlackWebhookFailureTest.QuickRetries {
        @Override
        protected Map<String, String> overrides() {
            Map<String, String> config = new HashMap<>(super.overrides());
            config.put("echodb.alert.slack.bot-token", "xoxb-test-token-not-a-secret");
            config.put("echodb.alert.slack.api-url", "${echodb.test.slack.url}/api");
            config.put("echodb.alert.slack.channel", "#db-alerts");
            return config;
        }
    }

    static List<String> permanentErrors() {
        return List.of(
                "invalid_auth",
                "not_authed",
                "token_revoked",
                "account_inactive",
                "missing_scope",
                "channel_not_found",
                "not_in_channel",
                "is_archived");
    }

    @Inject
    SlackClient client;

    @Test
    void aRefusedReplyAndATopLevelPostAreOneChannelWhoseNextSuccessClearsReadiness() {
        SlackDestination route = client.route(Severity.WARNING).orElseThrow();
        SlackMessage message = SlackMessage.plain("EchoDB alert-service test notification (reply test)");
        SlackClient.Posted parent = client.post(route, message, null).await().atMost(Duration.ofSeconds(30));
        slack.addFault(
                SlackFault.error("not_in_channel").inChannel(parent.channel()).times(1));

        SlackDestination thread = new SlackDestination(parent.channel(), null);
        assertThat(client.post(thread, message, parent.ts())
                        .onFailure()
                        .recoverWithNull()
                        .await()
                        .atMost(Duration.ofSeconds(30)))
                .isNull();
        given().get("/q/health/ready").then().body("checks.find { it.name == 'slack-delivery' }.status", is("DOWN"));
        client.post(route, message, null).await().atMost(Duration.ofSeconds(30));

        given().get("/q/health/ready").then().body("checks.find { it.name == 'slack-delivery' }.status", is("UP"));
        assertThat(slack.messages())
                .first()
                .satisfies(top -> assertThat(top.payload().has("thread_ts"))
                        .as("a top-level post carries no thread_ts")
                        .isFalse());
    }

    @Override
    List<String> permanentErrorsOfTransport() {
        return permanentErrors();
    }

    @Override
    String slot() {
        return "alert_bot_refused_slot";
    }
}
