package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.FastAlerting;
import io.echodb.alert.SlackLines;
import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Observation;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.TestPostgres;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.arc.All;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas share the state tables: besides the application's own engine, two more {@link AlertEngine}s (as other
 * replicas would run) evaluate the same observations at the same moment, round after round; Slack still gets each
 * notification once. While another session holds the evaluation lock, an engine does nothing.
 */
@QuarkusTest
@TestProfile(TwoReplicasTest.NoRepeats.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class TwoReplicasTest {

    private static final String SLOT = "alert_replicated_slot";

    /** Retained-WAL alerts at once; no repeats. */
    public static class NoRepeats extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of("echodb.alert.rules.slot-retained-wal.for", "0s", "echodb.alert.repeat-interval", "1h");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @Inject
    PollService polls;

    @Inject
    @All
    List<AlertRule> rules;

    @Inject
    AlertStore store;

    @Inject
    NotificationService notifications;

    @Inject
    MetricsService metrics;

    @Inject
    AlertConfig config;

    @BeforeEach
    void forgetEarlierMessages() {
        slack.reset();
    }

    @AfterEach
    void dropSlot() {
        dropSlots(SLOT);
    }

    @Test
    void concurrentEvaluatorsNotifyOnceFiringAndOnceResolved() {
        AlertEngine replicaA = replica();
        AlertEngine replicaB = replica();
        createSlotAndWriteWal(SLOT);

        for (int round = 0; round < 8; round++) {
            Observation observation = polls.observe().await().atMost(Duration.ofSeconds(10));
            Uni.join()
                    .all(replicaA.process(observation), replicaB.process(observation))
                    .andCollectFailures()
                    .await()
                    .atMost(Duration.ofSeconds(30));
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15)).until(() -> lines().size() == 1);

        dropSlots(SLOT);
        for (int round = 0; round < 8; round++) {
            Observation observation = polls.observe().await().atMost(Duration.ofSeconds(10));
            Uni.join()
                    .all(replicaA.process(observation), replicaB.process(observation))
                    .andCollectFailures()
                    .await()
                    .atMost(Duration.ofSeconds(30));
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15)).until(() -> lines().size() == 2);
        assertThat(lines().get(0)).startsWith("[WARNING] Slot retained WAL on postgres_main/" + SLOT);
        assertThat(lines().get(1)).startsWith("[RESOLVED (was WARNING)] Slot retained WAL on postgres_main/" + SLOT);
    }

    @Test
    void anEngineDoesNothingWhileAnotherSessionHoldsTheLock() throws Exception {
        AlertEngine replica = replica();
        try (Connection other = TestPostgres.shared().connect(PostgresTestResource.database());
                Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + AlertStore.EVALUATION_LOCK + ")");
            createSlotAndWriteWal(SLOT);
            Observation observation = polls.observe().await().atMost(Duration.ofSeconds(10));

            assertThat(replica.process(observation).await().atMost(Duration.ofSeconds(10)))
                    .isFalse();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() -> lines().isEmpty());
            statement.execute("SELECT pg_advisory_unlock(" + AlertStore.EVALUATION_LOCK + ")");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lines().size() == 1);
    }

    private AlertEngine replica() {
        return new AlertEngine(rules, new SlotHistory(config), store, notifications, metrics);
    }

    private List<String> lines() {
        return SlackLines.about(slack, "Slot retained WAL", "postgres_main/" + SLOT);
    }
}
