package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.metrics;
import static io.echodb.alert.SourceFixture.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.echodb.testing.slack.SlackMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end through a real PostgreSQL and the Slack emulator: a logical slot nobody consumes, WAL written
 * after it, and what Slack and Prometheus see.
 */
@QuarkusTest
@TestProfile(SlotAlertingTest.FastPollingLowThresholds.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class SlotAlertingTest {

    private static final String KEPT_SLOT = "alert_test_slot";
    private static final String DROPPED_SLOT = "alert_drop_slot";
    private static final Duration ALERT_WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET_POLLS = Duration.ofSeconds(3);

    /** Polls every second; warning over 1 MiB of retained WAL, critical over 1 GiB. */
    public static class FastPollingLowThresholds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "echodb.alert.poll-interval", "1s",
                    "echodb.alert.rules.slot-retained-wal.warning", "1M",
                    "echodb.alert.rules.slot-retained-wal.critical", "1G");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @BeforeEach
    void forgetEarlierMessages() {
        slack.reset();
    }

    @AfterEach
    void dropSlotsAndTables() {
        dropSlots(KEPT_SLOT, DROPPED_SLOT);
    }

    @Test
    void unconsumedSlotRaisesOneWarningInSlackAndExportsItsRetainedWal() {
        createSlotAndWriteWal(KEPT_SLOT);

        await().atMost(ALERT_WAIT).until(() -> !messagesAbout(KEPT_SLOT).isEmpty());
        await().during(QUIET_POLLS).atMost(QUIET_POLLS.plusSeconds(5)).until(() -> messagesAbout(KEPT_SLOT).size() == 1);

        SlackMessage warning = messagesAbout(KEPT_SLOT).getFirst();
        assertThat(warning.text())
                .startsWith("[WARNING] Slot retained WAL on postgres_main/" + KEPT_SLOT + ": ")
                .endsWith(" retained, warning threshold 1.0 MiB");
        assertThat(warning.blocks().get(0).get("text").get("text").asText())
                .isEqualTo(":warning: WARNING · Slot retained WAL · postgres_main/" + KEPT_SLOT);
        assertThat(warning.blocks().toString()).contains("*Slot*\\n" + KEPT_SLOT, "Firing since");
        assertThat(metrics())
                .containsPattern(Pattern.quote(series("echodb_slot_retained_wal_bytes", KEPT_SLOT)) + " [0-9.E]+")
                .contains(series("echodb_slot_active", KEPT_SLOT) + " 0.0")
                .doesNotContain("echodb_slot_safe_wal_size_bytes{slot=\"" + KEPT_SLOT);
    }

    @Test
    void droppedSlotResolvesInSlackAndItsSeriesDisappear() {
        createSlotAndWriteWal(DROPPED_SLOT);
        await().atMost(ALERT_WAIT).until(() -> !messagesAbout(DROPPED_SLOT).isEmpty());
        assertThat(metrics()).contains(series("echodb_slot_retained_wal_bytes", DROPPED_SLOT));

        sql("SELECT pg_drop_replication_slot('" + DROPPED_SLOT + "')");

        await().atMost(ALERT_WAIT).until(() -> messagesAbout(DROPPED_SLOT).size() >= 2);
        await().during(QUIET_POLLS).atMost(QUIET_POLLS.plusSeconds(5))
                .until(() -> messagesAbout(DROPPED_SLOT).size() == 2);
        assertThat(messagesAbout(DROPPED_SLOT).get(1).text())
                .isEqualTo("[RESOLVED] Slot retained WAL on postgres_main/" + DROPPED_SLOT
                        + ": The slot no longer exists.");
        assertThat(metrics()).doesNotContain("slot=\"" + DROPPED_SLOT + "\"");
    }

    @Test
    void readyWhilePollingSucceeds() {
        await().atMost(ALERT_WAIT).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'source-poll' }.status", is("UP"))
                .body("checks.find { it.name == 'source-poll' }.data.lastSuccess", notNullValue()));
    }

    private List<SlackMessage> messagesAbout(String slot) {
        return slack.messages().stream()
                .filter(message -> message.text() != null && message.text().contains("/" + slot + ":"))
                .toList();
    }

    private static String series(String name, String slot) {
        return name + "{slot=\"" + slot + "\",source=\"postgres_main\"}";
    }
}
