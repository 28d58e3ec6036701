package io.echodb.alert.service;

import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    @Override
    List<String> permanentErrorsOfTransport() {
        return permanentErrors();
    }

    @Override
    String slot() {
        return "alert_bot_refused_slot";
    }
}
