package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.metrics;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.ClosedPort;
import io.echodb.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack cannot be reached: the alert is counted as a failed notification and polling carries on. */
@QuarkusTest
@TestProfile(SlackUnreachableTest.WebhookOnClosedPort.class)
@WithTestResource(PostgresTestResource.class)
class SlackUnreachableTest {

    private static final String SLOT = "alert_unsent_slot";
    private static final Pattern SUCCESSFUL_POLLS =
            Pattern.compile("echodb_alert_poll_seconds_count\\{outcome=\"success\"} ([0-9.E]+)");

    /** Webhook URL on a port nothing listens on; polls every second; warning over 1 MiB. */
    public static class WebhookOnClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "echodb.alert.poll-interval", "1s",
                    "echodb.alert.rules.slot-retained-wal.warning", "1M",
                    "echodb.alert.slack.webhook-url",
                    "http://127.0.0.1:" + ClosedPort.pick() + "/services/T00000000/B00000000/not-a-real-secret");
        }
    }

    @AfterEach
    void dropSlot() {
        dropSlots(SLOT);
    }

    @Test
    void undeliverableAlertIsCountedAsFailedAndPollingGoesOn() {
        createSlotAndWriteWal(SLOT);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> metrics().contains("echodb_alert_notifications_total{outcome=\"failed\"} 1.0"));
        double pollsAtFailure = successfulPolls();

        await().atMost(Duration.ofSeconds(10)).until(() -> successfulPolls() >= pollsAtFailure + 2);
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(metrics()).contains("echodb_alert_notifications_total{outcome=\"sent\"} 0.0");
    }

    private static double successfulPolls() {
        Matcher matcher = SUCCESSFUL_POLLS.matcher(metrics());
        assertThat(matcher.find()).as("poll timer exported").isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
