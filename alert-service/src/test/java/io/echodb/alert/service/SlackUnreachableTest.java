package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.metrics;
import static io.echodb.alert.SourceFixture.prometheus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.ClosedPort;
import io.echodb.alert.FastAlerting;
import io.echodb.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slack cannot be reached: the notification is counted as failed, tried again at the next cycles (it is not marked
 * as sent), and polling carries on; a network error is not a setup error, so readiness stays up.
 */
@QuarkusTest
@TestProfile(SlackUnreachableTest.WebhookOnClosedPort.class)
@WithTestResource(PostgresTestResource.class)
class SlackUnreachableTest {

    private static final String SLOT = "alert_unsent_slot";
    private static final Pattern SUCCESSFUL_POLLS = Pattern.compile(prometheus(AlertMetrics.POLL)
            + "_seconds_count\\{outcome=\"success\",target=\"postgres_main\"} ([0-9.E]+)");
    private static final Pattern FAILED =
            Pattern.compile(prometheus(AlertMetrics.NOTIFICATIONS) + "_total\\{outcome=\"failed\"} ([0-9.E]+)");

    /** Webhook URL on a port nothing listens on; two attempts 100 ms apart per message. */
    public static class WebhookOnClosedPort extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.rules.slot-retained-wal.for",
                    "0s",
                    "echodb.alert.slack.max-attempts",
                    "2",
                    "echodb.alert.slack.backoff",
                    "100ms",
                    "echodb.alert.slack.webhook-url",
                    "http://127.0.0.1:" + ClosedPort.pick() + "/services/T00000000/B00000000/not-a-real-secret");
        }
    }

    @AfterEach
    void dropSlot() {
        dropSlots(SLOT);
    }

    @Test
    void undeliverableAlertIsCountedAsFailedAndTriedAgainNextCycle() {
        createSlotAndWriteWal(SLOT);

        await().atMost(Duration.ofSeconds(30)).until(() -> count(FAILED) >= 2);
        double polls = count(SUCCESSFUL_POLLS);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(SUCCESSFUL_POLLS) >= polls + 2);
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'slack-delivery' }.status", is("UP"));
        assertThat(metrics())
                .contains(prometheus(AlertMetrics.NOTIFICATIONS) + "_total{outcome=\"sent\"} 0.0")
                .containsPattern(prometheus(AlertMetrics.SLACK_ERRORS) + "_total\\{error=\"unreachable\"} [1-9]");
    }

    private static double count(Pattern pattern) {
        Matcher matcher = pattern.matcher(metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
