package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlot;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.echodb.alert.FastAlerting;
import io.echodb.alert.SlackLines;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.PostgresVersion;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code max_slot_wal_keep_size} set on the test server: a slot invalidated for real (WAL removed at a checkpoint)
 * and a slot heading for it at a measured rate. The setting is reset after each test.
 */
@QuarkusTest
@TestProfile(SlotWalLimitTest.WalLimitRules.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class SlotWalLimitTest {

    private static final String LOST = "alert_lost_slot";
    private static final String FILLING = "alert_filling_slot";
    private static final Duration ALERT_WAIT = Duration.ofSeconds(30);

    /** Growth rate over the last 5 s; retained-WAL rule off so only these rules speak. */
    public static class WalLimitRules extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.rules.slot-retained-wal.enabled", "false",
                    "echodb.alert.rules.slot-time-to-exhaustion.rate-window", "5s",
                    "echodb.alert.repeat-interval", "1h");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    private ScheduledExecutorService writer;

    @BeforeEach
    void forgetEarlierMessages() {
        slack.reset();
        sql("CREATE TABLE IF NOT EXISTS wal_limit_filler (g int, filler text)");
    }

    @AfterEach
    void resetTheServer() {
        if (writer != null) {
            writer.shutdownNow();
        }
        dropSlots(LOST, FILLING);
        TestPostgres.shared().execute("postgres", "ALTER SYSTEM RESET max_slot_wal_keep_size");
        TestPostgres.shared().execute("postgres", "SELECT pg_reload_conf()");
    }

    @Test
    void slotWhoseWalWasRemovedIsCriticalAtOnceWithTheInvalidationReason() {
        limitWalKeptForSlots("1MB");
        createSlot(LOST);

        await().atMost(ALERT_WAIT).until(() -> {
            sql("INSERT INTO wal_limit_filler SELECT g, repeat('x', 1000) FROM generate_series(1, 2000) g");
            sql("SELECT pg_switch_wal()");
            sql("CHECKPOINT");
            return "lost".equals(walStatus(LOST));
        });

        await().atMost(ALERT_WAIT).until(() -> !lines("Slot WAL status", LOST).isEmpty());
        assertThat(lines("Slot WAL status", LOST).getFirst())
                .matches("\\[CRITICAL] Slot WAL status on postgres_main/" + LOST
                        + ": wal_status is (unreserved|lost).*");
        // invalidation_reason exists from PostgreSQL 17 on; before it, wal_status alone says "lost".
        boolean reasonKnown = PostgresVersion.configured().atLeast(17);
        await().atMost(ALERT_WAIT)
                .untilAsserted(() -> given().get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body(
                                "find { it.labels.slot == '" + LOST + "' }.summary",
                                is(
                                        reasonKnown
                                                ? "wal_status is lost, invalidation reason wal_removed: the slot can no longer be used"
                                                : "wal_status is lost: the slot can no longer be used"))
                        .body(
                                "find { it.labels.slot == '" + LOST + "' }.facts.'Invalidation reason'",
                                is(reasonKnown ? "wal_removed" : null)));

        sql("SELECT pg_drop_replication_slot('" + LOST + "')");
        await().atMost(ALERT_WAIT).until(() -> lines("Slot WAL status", LOST).size() == 2);
        assertThat(lines("Slot WAL status", LOST).get(1))
                .startsWith("[RESOLVED (was CRITICAL)] Slot WAL status on postgres_main/" + LOST + ": Slot " + LOST
                        + " no longer exists on postgres_main");
    }

    @Test
    void slotGrowingTowardsTheLimitIsCriticalWithTheTimeLeftAndResolvesWhenGrowthStops() {
        limitWalKeptForSlots("4GB");
        createSlot(FILLING);
        writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleAtFixedRate(
                () -> sql("INSERT INTO wal_limit_filler SELECT g, repeat('x', 1000)"
                        + " FROM generate_series(1, 3000) g"),
                0,
                300,
                TimeUnit.MILLISECONDS);

        await().atMost(ALERT_WAIT)
                .until(() -> !lines("Slot time to exhaustion", FILLING).isEmpty());
        assertThat(lines("Slot time to exhaustion", FILLING).getFirst())
                .matches("\\[CRITICAL] Slot time to exhaustion on postgres_main/" + FILLING
                        + ": Lost in about .+ at [0-9.]+ MiB/s \\([0-9.]+ GiB safe WAL left\\)");

        writer.shutdownNow();
        await().atMost(ALERT_WAIT)
                .until(() -> lines("Slot time to exhaustion", FILLING).size() == 2);
        assertThat(lines("Slot time to exhaustion", FILLING).get(1))
                // CRITICAL, or WARNING when a slower machine's last samples lowered the rate before growth stopped
                .matches("\\[RESOLVED \\(was (CRITICAL|WARNING)\\)] Slot time to exhaustion" + " on postgres_main/"
                        + FILLING + ": (Retained WAL is not growing|Lost in about \\d+d).*");
    }

    private static void limitWalKeptForSlots(String size) {
        TestPostgres.shared().execute("postgres", "ALTER SYSTEM SET max_slot_wal_keep_size = '" + size + "'");
        TestPostgres.shared().execute("postgres", "SELECT pg_reload_conf()");
    }

    private static String walStatus(String slot) throws Exception {
        try (Connection connection = TestPostgres.shared().connect(PostgresTestResource.database());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private List<String> lines(String title, String slot) {
        return SlackLines.about(slack, title, "postgres_main/" + slot);
    }
}
