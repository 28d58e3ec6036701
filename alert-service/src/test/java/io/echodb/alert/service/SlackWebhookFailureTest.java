package io.echodb.alert.service;

import io.echodb.alert.FastAlerting;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;

/** Slack's failure modes on incoming webhooks (plain-text errors with a 4xx status). */
@QuarkusTest
@TestProfile(SlackWebhookFailureTest.QuickRetries.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class SlackWebhookFailureTest extends SlackFailureModes {

    /** Backoff 200 ms, request timeout 1 s; retained-WAL alerts at once, repeat after 1 h. */
    public static class QuickRetries extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.slack.backoff", "200ms",
                    "echodb.alert.slack.timeout", "1s",
                    "echodb.alert.rules.slot-retained-wal.for", "0s",
                    "echodb.alert.repeat-interval", "1h");
        }
    }

    static List<String> permanentErrors() {
        return List.of(
                "no_service",
                "channel_not_found",
                "channel_is_archived",
                "invalid_token",
                "action_prohibited",
                "invalid_payload");
    }

    @Override
    List<String> permanentErrorsOfTransport() {
        return permanentErrors();
    }

    @Override
    String slot() {
        return "alert_webhook_refused_slot";
    }
}
