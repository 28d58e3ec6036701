package io.echodb.alert.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.FastAlerting;
import io.echodb.alert.MirrorServiceStub;
import io.echodb.alert.SlackLines;
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
import org.junit.jupiter.api.Test;

/**
 * A mirror paused in the PeerDB emulator while a stub mirror-service reports EchoDB's pause cycle for it: no alert
 * within the cycle's expected end, the usual alert (with the story) past it.
 */
@QuarkusTest
@TestProfile(PauseCycleAlertingTest.Polled.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
@WithTestResource(PeerDbEmulatorTestResource.class)
@WithTestResource(MirrorServiceStub.Resource.class)
class PauseCycleAlertingTest {

    private static final Duration ALERT_WAIT = Duration.ofSeconds(20);
    private static final String MIRROR = "m_cycle";

    /** PeerDB and mirror-service polled; mirror-paused after 2 s. */
    public static class Polled extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.peerdb.enabled", "true",
                    "echodb.alert.repeat-interval", "1h",
                    "echodb.alert.rules.mirror-paused.for", "2s");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @InjectPeerDbEmulator
    PeerDbEmulator peerdb;

    MirrorServiceStub mirrorService;

    @Test
    void echoDbsOwnPauseAlertsOnlyOnceItOutlivesItsExpectedEnd() {
        createRunningMirror();
        Instant pausedAt = Instant.now();
        mirrorService.pauseCycles(cycle(pausedAt, pausedAt.plus(Duration.ofHours(1))));
        stateChange("STATUS_PAUSED");
        await().atMost(ALERT_WAIT)
                .until(() -> peerdb.mirror(MIRROR)
                        .filter(mirror -> mirror.status() == FlowStatus.STATUS_PAUSED)
                        .isPresent());

        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> lines().isEmpty());

        mirrorService.pauseCycles(cycle(pausedAt, Instant.now().minusSeconds(1)));

        await().atMost(ALERT_WAIT).until(() -> !lines().isEmpty());
        assertThat(lines().getFirst())
                .startsWith("[WARNING] Mirror paused on postgres_main/" + MIRROR + ": Paused by EchoDB for ")
                .contains("longer than expected. EchoDB paused mirror " + MIRROR, "adding 2 tables to it");
        assertThat(slack.messages().getLast().blocks().toString()).contains("public.orders_a, public.orders_b");
    }

    private List<String> lines() {
        return SlackLines.about(slack, "Mirror paused", "postgres_main/" + MIRROR);
    }

    private static String cycle(Instant since, Instant expectedBy) {
        return """
                [{"mirror":"%s","source":"postgres_main","tablesAdded":2,
                  "tablesAddedNames":["public.orders_a","public.orders_b"],"tablesRemoved":[],
                  "step":"APPLYING","since":"%s","stepSince":"%s","expectedBy":"%s"}]""".formatted(MIRROR, since, since, expectedBy);
    }

    private void createRunningMirror() {
        String database =
                ConfigProvider.getConfig().getValue(PeerDbEmulatorTestResource.SOURCE_DATABASE_PROPERTY, String.class);
        TestPostgres.shared()
                .execute(database, "CREATE TABLE IF NOT EXISTS public.orders_cycle (id bigint PRIMARY KEY, note text)");
        given().baseUri(peerdb.baseUrl())
                .contentType(ContentType.JSON)
                .body("""
                {"connectionConfigs":{"flowJobName":"%s","sourceName":"postgres_main",
                 "destinationName":"clickhouse_analytics","doInitialSnapshot":false,
                 "tableMappings":[{"sourceTableIdentifier":"public.orders_cycle",
                 "destinationTableIdentifier":"orders_cycle"}]}}""".formatted(MIRROR))
                .post("/v1/flows/cdc/create")
                .then()
                .statusCode(200);
        await().atMost(ALERT_WAIT)
                .until(() -> peerdb.mirror(MIRROR)
                        .filter(mirror -> mirror.status() == FlowStatus.STATUS_RUNNING)
                        .isPresent());
    }

    private void stateChange(String state) {
        given().baseUri(peerdb.baseUrl())
                .contentType(ContentType.JSON)
                .body("{\"flowJobName\":\"" + MIRROR + "\",\"requestedFlowState\":\"" + state + "\"}")
                .post("/v1/mirrors/state_change")
                .then()
                .statusCode(200);
    }
}
