package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.metrics;
import static io.echodb.alert.SourceFixture.prometheus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.FastAlerting;
import io.echodb.alert.SlackLines;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second source ({@code echodb.alert.sources.analytics.url}, its own database) that also holds the state: its slots
 * alert with {@code source=analytics}, it is polled with one statement per cycle like the default source, and schema
 * {@code echodb} is created there.
 */
@QuarkusTest
@TestProfile(FastAlerting.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
@WithTestResource(MultipleSourcesTest.SecondSource.class)
class MultipleSourcesTest {

    private static final String SLOT = "alert_second_source_slot";

    /** A second database on the test server as source {@code analytics}, holding the state. */
    public static class SecondSource implements QuarkusTestResourceLifecycleManager {

        static volatile String database;

        @Override
        public Map<String, String> start() {
            database = TestPostgres.shared().createDatabase("echodb_analytics");
            return Map.of(
                    "echodb.alert.sources.analytics.url",
                    TestPostgres.shared().reactiveUrl(database),
                    "echodb.alert.state.source",
                    "analytics");
        }

        @Override
        public void stop() {
            // The database stays for post-mortems, as PostgresTestResource's do.
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @AfterEach
    void dropSlot() {
        TestPostgres.shared()
                .execute(
                        SecondSource.database,
                        "SELECT pg_drop_replication_slot(slot_name)" + " FROM pg_replication_slots WHERE slot_name = '"
                                + SLOT + "'");
    }

    @Test
    void slotsOfTheSecondSourceAlertUnderItsNameAndItHoldsTheState() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        postgres.execute(
                SecondSource.database, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
        postgres.execute(
                SecondSource.database,
                "CREATE TABLE wal_filler AS"
                        + " SELECT g, repeat('x', 1000) AS filler FROM generate_series(1, 5000) g");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !SlackLines.about(slack, "Slot retained WAL", "analytics/" + SLOT)
                        .isEmpty());
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'source-poll' }.data.analytics", startsWith("UP"))
                .body("checks.find { it.name == 'source-poll' }.data.postgres_main", startsWith("UP"));
        assertThat(metrics())
                .contains(prometheus(AlertMetrics.SLOT_RETAINED_WAL) + "_bytes{slot=\"" + SLOT
                        + "\",source=\"analytics\"}")
                .contains(prometheus(AlertMetrics.SOURCE_QUERIES) + "_total{source=\"analytics\"}")
                .contains(prometheus(AlertMetrics.SOURCE_QUERIES) + "_total{source=\"postgres_main\"}");
        assertThat(hasStateTables(SecondSource.database)).isTrue();
        assertThat(hasStateTables(PostgresTestResource.database())).isFalse();
    }

    private static boolean hasStateTables(String database) throws Exception {
        try (Connection connection = TestPostgres.shared().connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT to_regclass('echodb.alert_state') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }
}
