package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.echodb.alert.FastAlerting;
import io.echodb.alert.SlackLines;
import io.echodb.alert.config.AlertConfigs;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Finding;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restart: the database holds what the previous instance left (schema {@code echodb} from its own script, a
 * firing retained-WAL alert on a slot that still retains WAL, notified 10 s before the restart). The new instance
 * neither forgets the alert (it is listed as firing since the old time) nor sends its notification again; when the
 * slot goes, exactly one resolved message is sent.
 */
@QuarkusTest
@TestProfile(RestartTest.NoRepeats.class)
@WithTestResource(RestartTest.StateLeftByThePreviousInstance.class)
@WithTestResource(SlackEmulatorTestResource.class)
class RestartTest {

    static final String SLOT = "alert_restarted_slot";
    static final Instant FIRING_SINCE =
            Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

    /** Retained-WAL alerts at once; no repeats within the test. */
    public static class NoRepeats extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of("echodb.alert.rules.slot-retained-wal.for", "0s", "echodb.alert.repeat-interval", "1h");
        }
    }

    /** A fresh database with the slot and the state a previous instance wrote, before the application starts. */
    public static class StateLeftByThePreviousInstance extends PostgresTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            String database = database();
            TestPostgres postgres = TestPostgres.shared();
            postgres.execute(database, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
            postgres.execute(
                    database,
                    "CREATE TABLE wal_for_restart AS"
                            + " SELECT g, repeat('x', 1000) AS filler FROM generate_series(1, 5000) g");
            postgres.execute(database, resource("db/alert-state.sql"));
            seed(postgres, database, previousAlert());
            return config;
        }

        /** The alert as the previous instance stored it, built with the service's own rule. */
        private static Alert previousAlert() {
            SlotRetainedWalRule rule = new SlotRetainedWalRule(AlertConfigs.alertConfig(Map.of(
                    "echodb.alert.rules.slot-retained-wal.warning", "1M",
                    "echodb.alert.rules.slot-retained-wal.critical", "1G")));
            Finding finding = rule.evaluate(Observations.of(
                            Observations.source(FIRING_SINCE, 0, Observations.slot(SLOT, 6 * 1024 * 1024))))
                    .getFirst();
            Instant notified = Instant.now().minusSeconds(10);
            return new Alert(
                    finding,
                    finding.severity(),
                    AlertState.FIRING,
                    FIRING_SINCE,
                    FIRING_SINCE,
                    null,
                    new Alert.Notice(finding.severity(), notified, null, null));
        }

        private static void seed(TestPostgres postgres, String database, Alert alert) {
            ObjectMapper json =
                    new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            try (Connection connection = postgres.connect(database);
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO echodb.alert_state"
                            + " (fingerprint, rule, state, data, updated_at)"
                            + " VALUES (?, ?, 'firing', ?::json, now())")) {
                insert.setString(1, alert.key().fingerprint());
                insert.setString(2, alert.key().rule());
                insert.setString(3, json.writeValueAsString(alert));
                insert.executeUpdate();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot seed the previous instance's state", e);
            }
        }

        private static String resource(String path) {
            try (InputStream in = RestartTest.class.getClassLoader().getResourceAsStream(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @Test
    void firingAlertIsNeitherForgottenNorNotifiedAgainAndResolvesOnce() {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .body("find { it.labels.slot == '" + SLOT + "' }.state", is("firing"))
                        .body("find { it.labels.slot == '" + SLOT + "' }.firingSince", is(FIRING_SINCE.toString())));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> lines().isEmpty());

        sql("SELECT pg_drop_replication_slot('" + SLOT + "')");

        await().atMost(Duration.ofSeconds(20)).until(() -> lines().size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() -> lines().size() == 1);
        assertThat(lines().getFirst())
                .isEqualTo("[RESOLVED (was WARNING)] Slot retained WAL on postgres_main/" + SLOT + ": Slot " + SLOT
                        + " no longer exists on postgres_main (dropped, or the source was replaced)."
                        + AlertRule.NOT_RECOVERED);
    }

    private List<String> lines() {
        return SlackLines.about(slack, "Slot retained WAL", "postgres_main/" + SLOT);
    }
}
