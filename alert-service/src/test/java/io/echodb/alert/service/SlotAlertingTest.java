package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.metrics;
import static io.echodb.alert.SourceFixture.prometheus;
import static io.echodb.alert.SourceFixture.sql;
import static io.echodb.alert.SourceFixture.writeWal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.FastAlerting;
import io.echodb.alert.SlackLines;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.echodb.testing.slack.SlackMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real replication slots and real WAL in the test PostgreSQL, and what the Slack emulator received, in order and
 * when: fired after {@code for} (2 s), one repeat after {@code repeat-interval} (4 s), one resolved message when the
 * slot is dropped mid-alert, nothing while silenced.
 */
@QuarkusTest
@TestProfile(FastAlerting.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class SlotAlertingTest {

    private static final String GROWING = "alert_growing_slot";
    private static final String SILENCED = "alert_silenced_slot";
    private static final String TITLE = "Slot retained WAL";
    private static final Duration ALERT_WAIT = Duration.ofSeconds(20);

    @InjectSlackEmulator
    SlackEmulator slack;

    @BeforeEach
    void forgetEarlierMessages() {
        slack.reset();
    }

    @AfterEach
    void dropSlotsAndTables() {
        dropSlots(GROWING, SILENCED);
        sql("DELETE FROM echodb.alert_silence");
    }

    @Test
    void unconsumedGrowingSlotFiresAfterForRepeatsOnceAndResolvesWhenDropped() {
        Instant created = Instant.now();
        createSlotAndWriteWal(GROWING);

        await().atMost(ALERT_WAIT).until(() -> !lines(GROWING).isEmpty());
        SlackMessage firing = messagesAbout(GROWING).getFirst();
        assertThat(firing.receivedAt()).isAfterOrEqualTo(created.plusSeconds(2));
        assertThat(lines(GROWING).getFirst())
                .startsWith("[WARNING] Slot retained WAL on postgres_main/" + GROWING + ": ")
                .endsWith(" retained, warning threshold 1.0 MiB");
        assertThat(firing.blocks().get(0).get("text").get("text").asText())
                .isEqualTo(":warning: WARNING · Slot retained WAL · postgres_main/" + GROWING);
        assertThat(firing.blocks().toString())
                .contains(
                        "*Slot*\\n" + GROWING,
                        "Firing since",
                        "<https://github.com/echodb/echodb/blob/main/docs/runbook.md#slot-retained-wal|runbook>");
        writeWal(GROWING);

        await().atMost(ALERT_WAIT).until(() -> lines(GROWING).size() >= 2);
        assertThat(lines(GROWING).get(1))
                .startsWith("[WARNING (still firing)] Slot retained WAL on postgres_main/" + GROWING + ": ");
        assertThat(messagesAbout(GROWING).get(1).receivedAt())
                .isAfterOrEqualTo(firing.receivedAt().plusSeconds(3));

        sql("SELECT pg_drop_replication_slot('" + GROWING + "')");

        await().atMost(ALERT_WAIT).until(() -> lines(GROWING).size() >= 3);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(15))
                .until(() -> lines(GROWING).size() == 3);
        assertThat(lines(GROWING).get(2))
                .isEqualTo(
                        "[RESOLVED (was WARNING)] Slot retained WAL on postgres_main/" + GROWING + ": Slot " + GROWING
                                + " no longer exists on postgres_main (dropped, or the source was replaced)."
                                + AlertRule.NOT_RECOVERED);
        assertThat(metrics()).doesNotContain("slot=\"" + GROWING + "\"");
    }

    @Test
    void silencedAlertSendsNothingNeitherFiringNorResolved() {
        String silence = silence(SILENCED);
        createSlotAndWriteWal(SILENCED);

        await().atMost(ALERT_WAIT)
                .untilAsserted(() -> given().get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body("findAll { it.labels.slot == '" + SILENCED + "' }.state", hasItem("silenced")));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(15))
                .until(() -> lines(SILENCED).isEmpty());
        assertThat(metrics())
                .containsPattern(Pattern.quote(prometheus(AlertMetrics.ALERTS)
                                + "{rule=\"slot-retained-wal\",severity=\"warning\",state=\"silenced\"}")
                        + " [1-9]");

        given().header("X-EchoDB-Api-Key", FastAlerting.API_KEY)
                .delete("/api/v1/silences/" + silence)
                .then()
                .statusCode(204);
        await().atMost(ALERT_WAIT).until(() -> lines(SILENCED).size() == 1);
        assertThat(lines(SILENCED).getFirst()).startsWith("[WARNING] Slot retained WAL on postgres_main/" + SILENCED);

        silence(SILENCED);
        sql("SELECT pg_drop_replication_slot('" + SILENCED + "')");
        await().atMost(ALERT_WAIT)
                .untilAsserted(() -> given().get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body("labels.slot", not(hasItem(SILENCED))));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(15))
                .until(() -> lines(SILENCED).size() == 1);
    }

    @Test
    void slotGaugesAndFiringAlertsAreExported() {
        createSlotAndWriteWal(GROWING);

        await().atMost(ALERT_WAIT).until(() -> !lines(GROWING).isEmpty());
        // The gauges of alerts are replaced once the cycle has recorded its deliveries, just after Slack got them.
        await().atMost(ALERT_WAIT)
                .untilAsserted(() -> assertThat(metrics())
                        .containsPattern(Pattern.quote(prometheus(AlertMetrics.ALERTS)
                                        + "{rule=\"slot-retained-wal\",severity=\"warning\",state=\"firing\"}")
                                + " [1-9]"));
        assertThat(metrics())
                .containsPattern(
                        Pattern.quote(series(prometheus(AlertMetrics.SLOT_RETAINED_WAL) + "_bytes")) + " [0-9.E]+")
                .containsPattern(
                        Pattern.quote(series(prometheus(AlertMetrics.SLOT_CONSUMER_LAG) + "_bytes")) + " [0-9.E]+")
                .contains(series(prometheus(AlertMetrics.SLOT_ACTIVE)) + " 0.0")
                .contains(prometheus(AlertMetrics.SLOT_WAL_STATUS) + "{slot=\"" + GROWING
                        + "\",source=\"postgres_main\",wal_status=\"")
                .doesNotContain(prometheus(AlertMetrics.SLOT_SAFE_WAL_SIZE) + "_bytes{slot=\"" + GROWING)
                .contains(
                        prometheus(AlertMetrics.POLL) + "_seconds_count{outcome=\"success\",target=\"postgres_main\"}")
                .contains(prometheus(AlertMetrics.SOURCE_QUERIES) + "_total{source=\"postgres_main\"}");
    }

    private static String silence(String slot) {
        return given().header("X-EchoDB-Api-Key", FastAlerting.API_KEY)
                .contentType(ContentType.JSON)
                .body("""
                        {"matchers":[{"name":"rule","value":"slot-retained-wal"},{"name":"slot","value":"%s"}],
                         "endsAt":"%s","comment":"planned maintenance","createdBy":"test"}""".formatted(slot, Instant.now().plus(Duration.ofHours(1))))
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private List<String> lines(String slot) {
        return SlackLines.about(slack, TITLE, "postgres_main/" + slot);
    }

    private List<SlackMessage> messagesAbout(String slot) {
        return slack.messages().stream()
                .filter(message -> message.text() != null && message.text().contains("/" + slot + ":"))
                .toList();
    }

    private static String series(String name) {
        return name + "{slot=\"" + GROWING + "\",source=\"postgres_main\"}";
    }
}
