package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.prometheus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.FastAlerting;
import io.echodb.alert.SlackLines;
import io.echodb.alert.SourceFixture;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.peerdb.FlowStatus;
import io.echodb.testing.peerdb.InjectPeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulator;
import io.echodb.testing.peerdb.PeerDbEmulatorTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PeerDB emulator driven into FAILED, PAUSED and stuck-in-SETUP states, and down; what Slack received, in order.
 */
@QuarkusTest
@TestProfile(MirrorAlertingTest.PeerDbPolled.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
@WithTestResource(PeerDbEmulatorTestResource.class)
class MirrorAlertingTest {

    private static final Duration ALERT_WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofSeconds(2);

    /** PeerDB polled; paused, stuck and unreachable alerts after 2 s; no repeats during a test. */
    public static class PeerDbPolled extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.peerdb.enabled", "true",
                    "echodb.alert.repeat-interval", "1h",
                    "echodb.alert.rules.mirror-paused.for", "2s",
                    "echodb.alert.rules.mirror-stuck.for", "2s",
                    "echodb.alert.rules.source-unreachable.for", "2s",
                    "echodb.alert.peerdb-ui-url", "http://localhost:3000");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @InjectPeerDbEmulator
    PeerDbEmulator peerdb;

    @BeforeEach
    void startClean() {
        peerdb.reset();
        slack.reset();
    }

    @Test
    void failedMirrorAlertsAtOnceWithItsLastErrorAndResolvesWhenRunningAgain() {
        createRunningMirror("m_failing", "orders_failing", true);

        peerdb.forceState(
                "m_failing",
                FlowStatus.STATUS_FAILED,
                "ERROR: relation \"public.orders_failing\" does not exist (SQLSTATE 42P01)");

        await().atMost(ALERT_WAIT)
                .until(() -> !lines("Mirror failed", "m_failing").isEmpty());
        assertThat(lines("Mirror failed", "m_failing").getFirst())
                .isEqualTo("[CRITICAL] Mirror failed on"
                        + " postgres_main/m_failing: PeerDB reports STATUS_FAILED: ERROR: relation \"public.orders_failing\""
                        + " does not exist (SQLSTATE 42P01)");
        assertThat(slack.messages().getLast().blocks().toString())
                .contains("*Last error*", "*PeerDB UI*\\nhttp://localhost:3000/mirrors/m_failing");
        assertThat(SourceFixture.metrics())
                .contains(prometheus(AlertMetrics.MIRROR_STATE)
                        + "{mirror=\"m_failing\",source=\"postgres_main\",state=\"STATUS_FAILED\"} 1.0");

        peerdb.forceState("m_failing", FlowStatus.STATUS_RUNNING);

        await().atMost(ALERT_WAIT)
                .until(() -> lines("Mirror failed", "m_failing").size() == 2);
        await().during(QUIET)
                .atMost(QUIET.plusSeconds(13))
                .until(() -> lines("Mirror failed", "m_failing").size() == 2);
        assertThat(lines("Mirror failed", "m_failing").get(1))
                .isEqualTo(
                        "[RESOLVED (was CRITICAL)] Mirror failed on postgres_main/m_failing: The mirror is STATUS_RUNNING now.");
    }

    @Test
    void pausedMirrorAlertsAfterForAndResolvesWhenResumed() {
        createRunningMirror("m_paused", "orders_paused", true);
        Instant paused = Instant.now();
        stateChange("m_paused", "STATUS_PAUSED");

        await().atMost(ALERT_WAIT)
                .until(() -> !lines("Mirror paused", "m_paused").isEmpty());
        assertThat(slack.messages().getLast().receivedAt()).isAfterOrEqualTo(paused.plusSeconds(2));
        assertThat(lines("Mirror paused", "m_paused").getFirst())
                .isEqualTo("[WARNING] Mirror paused on postgres_main/m_paused: Paused for more than 2s");

        stateChange("m_paused", "STATUS_RUNNING");

        await().atMost(ALERT_WAIT)
                .until(() -> lines("Mirror paused", "m_paused").size() == 2);
        assertThat(lines("Mirror paused", "m_paused").get(1)).startsWith("[RESOLVED (was WARNING)] Mirror paused on");
    }

    @Test
    void mirrorStuckInSetupAlertsAndResolvesWhenDropped() {
        createRunningMirror("m_stuck", "orders_without_key", false);

        await().atMost(ALERT_WAIT).until(() -> !lines("Mirror stuck", "m_stuck").isEmpty());
        assertThat(lines("Mirror stuck", "m_stuck").getFirst())
                .isEqualTo("[WARNING] Mirror stuck on postgres_main/m_stuck: In STATUS_SETUP for more than 2s");

        stateChange("m_stuck", "STATUS_TERMINATED");

        await().atMost(ALERT_WAIT).until(() -> lines("Mirror stuck", "m_stuck").size() == 2);
        assertThat(lines("Mirror stuck", "m_stuck").get(1))
                .isEqualTo(
                        "[RESOLVED (was WARNING)] Mirror stuck on postgres_main/m_stuck: Mirror m_stuck no longer exists"
                                + " in PeerDB (dropped)." + AlertRule.NOT_RECOVERED);
    }

    @Test
    void peerDbDownAlertsAfterForAndResolvesWhenBack() {
        peerdb.down();
        try {
            await().atMost(ALERT_WAIT)
                    .until(() -> !lines("Cannot poll", "peerdb").isEmpty());
            assertThat(lines("Cannot poll", "peerdb").getFirst())
                    .startsWith("[CRITICAL] Cannot poll on peerdb:" + " Cannot poll PeerDB: ");
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            peerdb.up();
        }
        await().atMost(ALERT_WAIT).until(() -> lines("Cannot poll", "peerdb").size() == 2);
        assertThat(lines("Cannot poll", "peerdb").get(1))
                .isEqualTo("[RESOLVED (was CRITICAL)] Cannot poll on peerdb: PeerDB can be polled.");
    }

    private List<String> lines(String title, String subject) {
        return SlackLines.all(slack).stream()
                .filter(line -> line.contains("] " + title + " on ") && line.contains(subject + ":"))
                .toList();
    }

    /** Creates a table and a mirror of it; waits until it runs (or, without primary key, sits in SETUP). */
    private void createRunningMirror(String mirror, String table, boolean primaryKey) {
        String database =
                ConfigProvider.getConfig().getValue(PeerDbEmulatorTestResource.SOURCE_DATABASE_PROPERTY, String.class);
        TestPostgres.shared()
                .execute(
                        database,
                        "CREATE TABLE IF NOT EXISTS public." + table + " (id bigint"
                                + (primaryKey ? " PRIMARY KEY" : "") + ", note text)");
        given().baseUri(peerdb.baseUrl())
                .contentType(ContentType.JSON)
                .body("""
                {"connectionConfigs":{"flowJobName":"%s","sourceName":"postgres_main",
                 "destinationName":"clickhouse_analytics","doInitialSnapshot":false,
                 "tableMappings":[{"sourceTableIdentifier":"public.%s","destinationTableIdentifier":"%s"}]}}""".formatted(mirror, table, table))
                .post("/v1/flows/cdc/create")
                .then()
                .statusCode(200);
        FlowStatus expected = primaryKey ? FlowStatus.STATUS_RUNNING : FlowStatus.STATUS_SETUP;
        await().atMost(ALERT_WAIT)
                .until(() -> peerdb.mirror(mirror)
                        .filter(snapshot -> snapshot.status() == expected)
                        .isPresent());
    }

    private void stateChange(String mirror, String state) {
        given().baseUri(peerdb.baseUrl())
                .contentType(ContentType.JSON)
                .body("{\"flowJobName\":\"" + mirror + "\",\"requestedFlowState\":\"" + state + "\"}")
                .post("/v1/mirrors/state_change")
                .then()
                .statusCode(200);
    }
}
