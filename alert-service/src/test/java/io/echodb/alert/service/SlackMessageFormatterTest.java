package io.echodb.alert.service;

import static io.echodb.alert.service.Observations.of;
import static io.echodb.alert.service.Observations.slot;
import static io.echodb.alert.service.Observations.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.alert.client.SlackMessage;
import io.echodb.alert.client.SlackMessage.Block;
import io.echodb.alert.client.SlackMessage.Text;
import io.echodb.alert.config.AlertConfigs;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Notification;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.SlotSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlackMessageFormatterTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final SlotRetainedWalRule rule = new SlotRetainedWalRule(AlertConfigs.alertConfig(Map.of()));
    private final SlackMessageFormatter formatter = new SlackMessageFormatter(
            AlertConfigs.alertConfig(Map.of("echodb.alert.runbook-url", "https://docs.example.invalid/runbook.html")));

    @Test
    void criticalMessageSaysWhatWhereHowBadSinceWhenAndLinksTheRunbook() {
        SlackMessage message = single(firing(slot("peerflow_slot_orders", 6_550_000_000L)));

        assertThat(message.text())
                .isEqualTo("[CRITICAL] Slot retained WAL on postgres_main/peerflow_slot_orders: "
                        + "6.1 GiB retained, critical threshold 4.9 GiB");
        assertThat(message.blocks()).extracting(Block::type).containsExactly("header", "section", "section", "context");
        assertThat(message.blocks().get(0).text().text())
                .isEqualTo(":red_circle: CRITICAL · Slot retained WAL · postgres_main/peerflow_slot_orders");
        assertThat(message.blocks().get(1).text().text())
                .startsWith("*6.1 GiB retained, critical threshold 4.9 GiB*\n")
                .contains("restart_lsn");
        assertThat(message.blocks().get(2).fields())
                .extracting(Text::text)
                .startsWith(
                        "*Thresholds*\nwarning 1.0 GiB, critical 4.9 GiB",
                        "*Source*\npostgres_main",
                        "*Slot*\npeerflow_slot_orders",
                        "*Retained WAL*\n6.1 GiB")
                .contains("*Active*\nno (no consumer connected)")
                .hasSizeLessThanOrEqualTo(10);
        assertThat(message.blocks().get(3).elements())
                .extracting(Text::text)
                .containsExactly(
                        "Firing since <!date^" + T0.getEpochSecond()
                                + "^{date_short_pretty} {time_secs}|2026-11-21 10:00:00 UTC>",
                        "rule `slot-retained-wal`",
                        "<https://docs.example.invalid/runbook.html#slot-retained-wal|runbook>");
    }

    @Test
    void resolvedMessageKeepsTheSeverityAndSaysHowLongItFired() {
        Alert fired = firing(slot("peerflow_slot_orders", 6_550_000_000L));
        Finding recovered = rule.evaluate(of(source(T0.plusSeconds(125), 0, slot("peerflow_slot_orders", 10_000L))))
                .getFirst();

        SlackMessage message = resolved(fired, recovered);

        assertThat(message.text())
                .isEqualTo("[RESOLVED (was CRITICAL)] Slot retained WAL on postgres_main/peerflow_slot_orders: "
                        + "9.8 KiB retained, under the warning threshold 1.0 GiB");
        assertThat(message.blocks().get(0).text().text())
                .isEqualTo(":white_check_mark: RESOLVED (was CRITICAL) · Slot retained WAL · "
                        + "postgres_main/peerflow_slot_orders");
        assertThat(message.blocks().get(3).elements().getFirst().text()).endsWith("after 2m 5s");
    }

    @Test
    void resolveOfAGoneSlotSaysItNoLongerExistsWithoutItsStaleValues() {
        Alert fired = firing(slot("peerflow_slot_orders", 6_550_000_000L));

        SlackMessage message = resolved(fired, fired.finding().gone(rule.goneSummary(fired.key())));

        String gone = "Slot peerflow_slot_orders no longer exists on postgres_main (dropped, or the source was"
                + " replaced). The alert ends because its subject is gone, not because it recovered.";
        assertThat(message.text())
                .isEqualTo(
                        "[RESOLVED (was CRITICAL)] Slot retained WAL on postgres_main/peerflow_slot_orders: " + gone);
        assertThat(message.blocks().get(1).text().text()).isEqualTo("*Resolved:* " + gone);
        assertThat(message.blocks().get(2).fields())
                .extracting(Text::text)
                .containsExactly("*Source*\npostgres_main", "*Slot*\npeerflow_slot_orders");
        assertThat(message.blocks().toString()).doesNotContain("6.1 GiB", "Retained WAL*", "Thresholds");
    }

    @Test
    void fallbackTextIsEscapedLikeTheBlocks() {
        Finding finding = new Finding(
                io.echodb.alert.domain.AlertKey.of("table-skipped", "source", "a&b", "table", "public.<x>"),
                io.echodb.alert.domain.Severity.WARNING,
                "Table skipped",
                "decided by <!channel> & co",
                "",
                Map.of(),
                "mirror-service",
                null);

        SlackMessage message = single(new Alert(finding, finding.severity(), AlertState.FIRING, T0, T0, null, null));

        assertThat(message.text())
                .isEqualTo("[WARNING] Table skipped on a&amp;b/public.&lt;x&gt;: decided by &lt;!channel&gt; &amp; co");
    }

    @Test
    void runbookLinksThePublishedRunbookByDefault() {
        SlackMessageFormatter byDefault = new SlackMessageFormatter(AlertConfigs.alertConfig(Map.of()));

        SlackMessage message = byDefault
                .format(List.of(new Notification(
                        Notification.Type.FIRING, firing(slot("peerflow_slot_orders", 6_550_000_000L)), null)))
                .getFirst()
                .message();

        assertThat(message.blocks().getLast().elements().getLast().text())
                .isEqualTo("<https://github.com/echodb/echodb/blob/main/docs/runbook.md#slot-retained-wal|runbook>");
    }

    @Test
    void criticalMentionPagesOnFiringAndEscalationOnly() {
        SlackMessageFormatter mentioning = new SlackMessageFormatter(
                AlertConfigs.alertConfig(Map.of("echodb.alert.slack.critical-mention", "<!subteam^S0123ABCD>")));
        Alert critical = firing(slot("s1", 6_550_000_000L));
        Alert warning = firing(slot("s2", 2_000_000_000L));

        SlackMessage firing = mentioning
                .format(List.of(new Notification(Notification.Type.FIRING, critical, null)))
                .getFirst()
                .message();
        SlackMessage escalated = mentioning
                .format(List.of(new Notification(
                        Notification.Type.ESCALATED, critical, io.echodb.alert.domain.Severity.WARNING)))
                .getFirst()
                .message();

        assertThat(firing.text()).startsWith("<!subteam^S0123ABCD> [CRITICAL] Slot retained WAL");
        assertThat(firing.blocks().get(1).text().text()).isEqualTo("<!subteam^S0123ABCD>");
        assertThat(escalated.text()).startsWith("<!subteam^S0123ABCD> [CRITICAL (was warning)]");
        for (Notification quiet : List.of(
                new Notification(Notification.Type.REPEAT, critical, null),
                new Notification(Notification.Type.FIRING, warning, null),
                new Notification(
                        Notification.Type.RESOLVED,
                        new Alert(
                                critical.finding(),
                                critical.severity(),
                                AlertState.RESOLVED,
                                T0,
                                T0,
                                T0.plusSeconds(60),
                                null),
                        null))) {
            SlackMessage message = mentioning.format(List.of(quiet)).getFirst().message();
            assertThat(message.text()).doesNotContain("subteam");
            assertThat(message.blocks().toString()).doesNotContain("subteam");
        }
    }

    @Test
    void onePollsNewsForOneChannelIsOneMessage() {
        List<Notification> news = List.of(
                new Notification(Notification.Type.FIRING, firing(slot("s1", 6_000_000_000L)), null),
                new Notification(Notification.Type.REPEAT, firing(slot("s2", 2_000_000_000L)), null));

        List<SlackMessageFormatter.Part> parts = formatter.format(news);

        assertThat(parts).hasSize(1);
        SlackMessage message = parts.getFirst().message();
        assertThat(message.text())
                .startsWith(
                        "2 alerts: 1 firing, 1 still firing\n" + "[CRITICAL] Slot retained WAL on postgres_main/s1: ")
                .contains("\n[WARNING (still firing)] Slot retained WAL on postgres_main/s2: ");
        assertThat(message.blocks().get(0).text().text())
                .isEqualTo(":rotating_light: 2 alerts · 1 firing, 1 still firing");
    }

    @Test
    void longListsStayWithinSlackLimitsAndAreSplit() {
        List<Notification> news = IntStream.range(0, 250)
                .mapToObj(i -> new Notification(
                        Notification.Type.FIRING,
                        firing(slot("slot_" + "x".repeat(60) + "_" + i, 2_000_000_000L)),
                        null))
                .toList();

        List<SlackMessageFormatter.Part> parts = formatter.format(news);

        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(parts).flatMap(SlackMessageFormatter.Part::notifications).hasSize(250);
        assertThat(parts.get(1).message().blocks().getFirst().text().text())
                .endsWith(" · part 2 of " + parts.size() + " — 250 alerts");
        for (SlackMessageFormatter.Part part : parts) {
            SlackMessage message = part.message();
            assertThat(message.blocks()).hasSizeLessThanOrEqualTo(SlackMessageFormatter.MAX_BLOCKS);
            assertThat(message.text()).hasSizeLessThanOrEqualTo(SlackMessageFormatter.MAX_FALLBACK);
            for (Block block : message.blocks()) {
                if (block.text() != null) {
                    assertThat(block.text().text()).hasSizeLessThanOrEqualTo(SlackMessageFormatter.MAX_SECTION);
                }
                if (block.fields() != null) {
                    assertThat(block.fields())
                            .hasSizeLessThanOrEqualTo(10)
                            .allSatisfy(field -> assertThat(field.text()).hasSizeLessThanOrEqualTo(2000));
                }
            }
        }
    }

    @Test
    void cuttingNeverSplitsACharacterOrAnEscape() {
        assertThat(SlackMessageFormatter.shortened("ab\uD83D\uDE00cd", 3)).isEqualTo("ab…");
        assertThat(SlackMessageFormatter.shortened("abc &amp; def", 7)).isEqualTo("abc …");
        assertThat(SlackMessageFormatter.shortened("short", 10)).isEqualTo("short");
        Finding huge = new Finding(
                io.echodb.alert.domain.AlertKey.of("r", "slot", "<s>"),
                io.echodb.alert.domain.Severity.WARNING,
                "T",
                "x&y".repeat(2000),
                "",
                Map.of("Error", "<".repeat(3000)),
                "postgres_main",
                null);
        SlackMessage message = single(new Alert(huge, huge.severity(), AlertState.FIRING, T0, T0, null, null));
        assertThat(message.blocks().get(1).text().text())
                .hasSizeLessThanOrEqualTo(3000)
                .doesNotContain("<");
        assertThat(message.blocks().get(2).fields().getFirst().text()).hasSizeLessThanOrEqualTo(2000);
    }

    private SlackMessage single(Alert alert) {
        return formatter
                .format(List.of(new Notification(Notification.Type.FIRING, alert, null)))
                .getFirst()
                .message();
    }

    private SlackMessage resolved(Alert fired, Finding finding) {
        Alert resolved = new Alert(
                finding, fired.severity(), AlertState.RESOLVED, T0, T0, T0.plusSeconds(125), fired.lastNotice());
        return formatter
                .format(List.of(new Notification(Notification.Type.RESOLVED, resolved, null)))
                .getFirst()
                .message();
    }

    private Alert firing(SlotSample slot) {
        Observation observation = of(source(T0, 0, slot));
        Finding finding = rule.evaluate(observation).getFirst();
        return new Alert(finding, finding.severity(), AlertState.FIRING, T0, T0, null, null);
    }
}
