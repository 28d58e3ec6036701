package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlot;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.sql;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.echodb.alert.FastAlerting;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.PostgresVersion;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL 18's {@code idle_replication_slot_timeout} on the test server: slot-inactive says when PostgreSQL will
 * invalidate an inactive slot, and slot-wal-status reports the invalidation ({@code idle_timeout}) once a checkpoint
 * made it. On 13 to 17 the setting does not exist and slot-inactive says nothing of it.
 */
@QuarkusTest
@TestProfile(IdleSlotTimeoutTest.InactiveSlotRules.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class IdleSlotTimeoutTest {

    private static final String IDLE = "alert_idle_slot";
    private static final Duration ALERT_WAIT = Duration.ofSeconds(30);
    private static final boolean HAS_IDLE_TIMEOUT = PostgresVersion.configured().atLeast(18);

    /** slot-inactive fires after 1 s; the retained-WAL rule off so only the slot's state speaks. */
    public static class InactiveSlotRules extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.rules.slot-inactive.enabled", "true",
                    "echodb.alert.rules.slot-inactive.for", "1s",
                    "echodb.alert.rules.slot-retained-wal.enabled", "false");
        }
    }

    @AfterEach
    void resetTheServer() {
        dropSlots(IDLE);
        if (HAS_IDLE_TIMEOUT) {
            setIdleTimeout(null);
        }
    }

    @Test
    void anInactiveSlotIsInvalidatedByIdleReplicationSlotTimeoutAndTheAlertsSaySo() {
        if (HAS_IDLE_TIMEOUT) {
            setIdleTimeout("1h");
        }
        createSlot(IDLE);

        String inactive = "find { it.rule == 'slot-inactive' && it.labels.slot == '" + IDLE + "' }";
        await().atMost(ALERT_WAIT)
                .untilAsserted(() -> given().get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body(inactive + ".state", is("firing"))
                        .body(
                                inactive + ".facts.'Invalidated by PostgreSQL after'",
                                HAS_IDLE_TIMEOUT ? startsWith("at the first checkpoint after ") : nullValue()));
        if (!HAS_IDLE_TIMEOUT) {
            return;
        }

        setIdleTimeout("1s");
        String walStatus = "find { it.rule == 'slot-wal-status' && it.labels.slot == '" + IDLE + "' }";
        await().atMost(ALERT_WAIT).untilAsserted(() -> {
            sql("CHECKPOINT");
            given().get("/api/v1/alerts")
                    .then()
                    .statusCode(200)
                    .body(walStatus + ".severity", is("critical"))
                    .body(walStatus + ".facts.'Invalidation reason'", is("idle_timeout"));
        });
    }

    private static void setIdleTimeout(String timeout) {
        TestPostgres.shared()
                .execute(
                        "postgres",
                        timeout == null
                                ? "ALTER SYSTEM RESET idle_replication_slot_timeout"
                                : "ALTER SYSTEM SET idle_replication_slot_timeout = '" + timeout + "'");
        TestPostgres.shared().execute("postgres", "SELECT pg_reload_conf()");
    }
}
