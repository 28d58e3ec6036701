package io.echodb.alert.service;

import static io.echodb.alert.SourceFixture.createSlotAndWriteWal;
import static io.echodb.alert.SourceFixture.dropSlots;
import static io.echodb.alert.SourceFixture.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echodb.alert.FastAlerting;
import io.echodb.testing.PostgresTestResource;
import io.echodb.testing.slack.InjectSlackEmulator;
import io.echodb.testing.slack.SlackEmulator;
import io.echodb.testing.slack.SlackEmulatorTestResource;
import io.echodb.testing.slack.SlackMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a bot token: routing by severity to channels, the first notification top-level, the repeat in its thread
 * ({@code thread_ts}), and on resolve the original message updated ({@code chat.update}) plus one resolved reply.
 */
@QuarkusTest
@TestProfile(BotTokenTest.BotToken.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(SlackEmulatorTestResource.class)
class BotTokenTest {

    private static final String SLOT = "alert_bot_slot";
    private static final Duration ALERT_WAIT = Duration.ofSeconds(20);

    /** chat.postMessage at the emulator; warnings to #db-warnings, critical to #db-pager; slot-inactive critical. */
    public static class BotToken extends FastAlerting {
        @Override
        protected Map<String, String> overrides() {
            return Map.of(
                    "echodb.alert.slack.bot-token", "xoxb-test-token-not-a-secret",
                    "echodb.alert.slack.api-url", "${echodb.test.slack.url}/api",
                    "echodb.alert.slack.warning.channel", "#db-warnings",
                    "echodb.alert.slack.critical.channel", "#db-pager",
                    "echodb.alert.rules.slot-retained-wal.for", "0s",
                    "echodb.alert.rules.slot-inactive.enabled", "true",
                    "echodb.alert.rules.slot-inactive.for", "0s",
                    "echodb.alert.rules.slot-inactive.severity", "critical",
                    "echodb.alert.rules.slot-inactive.repeat-interval", "0s");
        }
    }

    @InjectSlackEmulator
    SlackEmulator slack;

    @BeforeEach
    void forgetEarlierMessages() {
        slack.reset();
    }

    @AfterEach
    void dropSlot() {
        dropSlots(SLOT);
    }

    @Test
    void repeatsGoInTheThreadAndResolvingUpdatesTheOriginalMessage() {
        createSlotAndWriteWal(SLOT);

        await().atMost(ALERT_WAIT)
                .until(() -> topLevel("#db-warnings").size() == 1
                        && topLevel("#db-pager").size() == 1);
        SlackMessage warning = topLevel("#db-warnings").getFirst();
        assertThat(warning.via()).isEqualTo(SlackMessage.Via.CHAT_POST_MESSAGE);
        assertThat(warning.text()).startsWith("[WARNING] Slot retained WAL on postgres_main/" + SLOT + ": ");
        assertThat(topLevel("#db-pager").getFirst().text())
                .startsWith("[CRITICAL] Slot inactive on postgres_main/" + SLOT + ": ");

        await().atMost(ALERT_WAIT).until(() -> !replies(warning).isEmpty());
        assertThat(replies(warning).getFirst().text())
                .startsWith("[WARNING (still firing)] Slot retained WAL on postgres_main/" + SLOT + ": ");

        sql("SELECT pg_drop_replication_slot('" + SLOT + "')");

        await().atMost(ALERT_WAIT)
                .until(() -> replies(warning).size() == 2
                        && !updated(warning).updates().isEmpty());
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(15))
                .until(() -> replies(warning).size() == 2);
        assertThat(replies(warning).get(1).text())
                .isEqualTo("[RESOLVED (was WARNING)] Slot retained WAL on postgres_main/" + SLOT + ": Slot " + SLOT
                        + " no longer exists on postgres_main (dropped, or the source was replaced)."
                        + AlertRule.NOT_RECOVERED);
        SlackMessage original = updated(warning);
        assertThat(original.updates()).hasSize(1);
        assertThat(original.text()).startsWith("[RESOLVED (was WARNING)] Slot retained WAL on postgres_main/" + SLOT);
        assertThat(original.blocks().get(0).get("text").get("text").asText()).startsWith(":white_check_mark: RESOLVED");
        assertThat(topLevel("#db-warnings")).hasSize(1);
        assertThat(topLevel("#db-pager")).hasSize(1);
    }

    private List<SlackMessage> topLevel(String channel) {
        return slack.messages().stream()
                .filter(message -> channel.equals(message.channel()) && message.threadTs() == null)
                .filter(message -> message.text().contains(SLOT))
                .toList();
    }

    private List<SlackMessage> replies(SlackMessage parent) {
        return slack.messages().stream()
                .filter(message -> parent.ts().equals(message.threadTs()))
                .toList();
    }

    private SlackMessage updated(SlackMessage message) {
        return slack.messages().stream()
                .filter(m -> m.ts().equals(message.ts()))
                .findFirst()
                .orElseThrow();
    }
}
