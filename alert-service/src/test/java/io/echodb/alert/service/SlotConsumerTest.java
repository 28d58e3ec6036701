package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlot;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.FastAlerting;
import io.echodb.alert.ReplicationConsumer;
import io.echodb.alert.SlackLines;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.PostgresVersion;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slot nobody consumes (inactive) and a slot whose consumer is connected but confirms nothing (stuck), with a
 * real pgoutput consumer over the replication protocol.
 */
@QuarkusTest
@TestProfile(SlotConsumerTest.ConsumerRules.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class SlotConsumerTest {

    private static final String INACTIVE = "alert_inactive_slot";
    private static final String STUCK = "alert_stuck_slot";
    private static final Duration ALERT_WAIT = Duration.ofSeconds(20);

    /** Inactive after 2 s, stuck after 3 s; retained WAL not watched here. */
    public static class ConsumerRules extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.rules.slot-retained-wal.enabled", "false",
                    "echodb.alert.rules.slot-inactive.enabled", "true",
                    "echodb.alert.rules.slot-inactive.for", "2s",
                    "echodb.alert.rules.slot-consumer-stuck.for", "3s",
                    "echodb.alert.repeat-interval", "1h");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    private ScheduledExecutorService writer;

    @BeforeEach
    void forgetEarlierMessages() {
        slack.reset();
        sql("CREATE TABLE IF NOT EXISTS consumer_test (id bigserial PRIMARY KEY, note text)");
        sql("DROP PUBLICATION IF EXISTS consumer_test_pub");
        sql("CREATE PUBLICATION consumer_test_pub FOR TABLE consumer_test");
    }

    @AfterEach
    void cleanUp() {
        if (writer != null) {
            writer.shutdownNow();
        }
        dropSlots(INACTIVE, STUCK);
    }

    @Test
    void inactiveSlotFiresAfterForAndResolvesWhenAConsumerConnects() throws Exception {
        Instant created = Instant.now();
        createSlot(INACTIVE);

        await().atMost(ALERT_WAIT).until(() -> !lines("Slot inactive", INACTIVE).isEmpty());
        assertThat(slack.messages().getFirst().receivedAt()).isAfterOrEqualTo(created.plusSeconds(2));
        // From PostgreSQL 17 on, inactive_since gives the duration; before it, alert-service counts from its polls.
        String inactive = "[WARNING] Slot inactive on postgres_main/" + INACTIVE + ": No consumer connected";
        if (PostgresVersion.configured().atLeast(17)) {
            assertThat(lines("Slot inactive", INACTIVE).getFirst()).startsWith(inactive + " for ");
        } else {
            assertThat(lines("Slot inactive", INACTIVE).getFirst()).startsWith(inactive + " for at least ");
        }

        try (ReplicationConsumer consumer = ReplicationConsumer.start(INACTIVE, "consumer_test_pub")) {
            await().atMost(ALERT_WAIT)
                    .until(() -> lines("Slot inactive", INACTIVE).size() == 2);
            assertThat(lines("Slot inactive", INACTIVE).get(1))
                    .isEqualTo("[RESOLVED (was WARNING)] Slot inactive on postgres_main/" + INACTIVE
                            + ": A consumer is connected again.");
        }
    }

    @Test
    void connectedConsumerThatConfirmsNothingWhileWalGrowsIsStuckUntilItConfirms() throws Exception {
        createSlot(STUCK);
        try (ReplicationConsumer consumer = ReplicationConsumer.start(STUCK, "consumer_test_pub")) {
            writer = Executors.newSingleThreadScheduledExecutor();
            writer.scheduleAtFixedRate(
                    () -> sql("INSERT INTO consumer_test (note) VALUES (repeat('x', 200))"),
                    0,
                    200,
                    TimeUnit.MILLISECONDS);

            await().atMost(ALERT_WAIT)
                    .until(() -> !lines("Slot consumer stuck", STUCK).isEmpty());
            assertThat(lines("Slot consumer stuck", STUCK).getFirst())
                    .startsWith("[WARNING] Slot consumer stuck on postgres_main/" + STUCK + ": confirmed_flush_lsn ")
                    .contains(" stands still while WAL grows; consumer lag ");
            assertThat(lines("Slot inactive", STUCK)).isEmpty();

            await().atMost(ALERT_WAIT).until(() -> {
                consumer.confirmEverything();
                return lines("Slot consumer stuck", STUCK).size() == 2;
            });
            assertThat(lines("Slot consumer stuck", STUCK).get(1))
                    .isEqualTo("[RESOLVED (was WARNING)] Slot consumer stuck on postgres_main/" + STUCK
                            + ": The consumer confirms WAL again.");
        }
    }

    private List<String> lines(String title, String slot) {
        return SlackLines.about(slack, title, "postgres_main/" + slot);
    }
}
