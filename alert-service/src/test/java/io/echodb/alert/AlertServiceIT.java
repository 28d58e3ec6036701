package io.echodb.alert;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.peerdb.PeerDbEmulatorTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (failsafe, {@code verify}; {@code -DskipITs=false}) with a real PostgreSQL and the
 * PeerDB and Slack emulators: ready, and an unconsumed slot's alert reaches Slack.
 */
@QuarkusIntegrationTest
@TestProfile(AlertServiceIT.Packaged.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
@WithTestResource(PeerDbEmulatorTestResource.class)
class AlertServiceIT {

    private static final String SLOT = "alert_it_slot";

    /** {@link FastAlerting} with PeerDB polled and retained-WAL alerts at once. */
    public static class Packaged extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of("echodb.alert.peerdb.enabled", "true", "echodb.alert.rules.slot-retained-wal.for", "0s");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @AfterEach
    void dropSlot() {
        dropSlots(SLOT);
    }

    @Test
    void isReadyAndAnUnconsumedSlotsAlertReachesSlack() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'source-poll' }.status", is("UP"))
                        .body("checks.find { it.name == 'slack-delivery' }.status", is("UP"))
                        .body("checks.find { it.name == 'alert-state' }.status", is("UP")));

        createSlotAndWriteWal(SLOT);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !SlackLines.about(slack, "Slot retained WAL", "postgres_main/" + SLOT)
                        .isEmpty());
        assertThat(SlackLines.about(slack, "Slot retained WAL", "postgres_main/" + SLOT)
                        .getFirst())
                .startsWith("[WARNING] Slot retained WAL on postgres_main/" + SLOT + ": ");
    }
}
