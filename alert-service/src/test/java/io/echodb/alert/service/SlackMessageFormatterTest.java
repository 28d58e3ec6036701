package io.echodb.alert.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.alert.client.SlackMessage;
import io.echodb.alert.client.SlackMessage.Block;
import io.echodb.alert.client.SlackMessage.Text;
import io.echodb.alert.config.AlertConfigs;
import io.echodb.alert.domain.AlertEvent;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessageFormatterTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final AlertService alerts = new AlertService(List.of(new SlotRetainedWalRule(AlertConfigs.alertConfig(Map.of()))));
    private final SlackMessageFormatter formatter = new SlackMessageFormatter();

    @Test
    void criticalMessageSaysWhatWhereHowBadAndSinceWhen() {
        AlertEvent event = alerts.evaluate(snapshot(T0, 6_550_000_000L)).getFirst();

        SlackMessage message = formatter.format(event);

        assertThat(message.text()).isEqualTo("[CRITICAL] Slot retained WAL on postgres_main/peerflow_slot_orders: "
                + "6.1 GiB retained, critical threshold 4.9 GiB");
        assertThat(message.blocks()).extracting(Block::type).containsExactly("header", "section", "section", "context");
        assertThat(message.blocks().get(0).text().text())
                .isEqualTo(":red_circle: CRITICAL · Slot retained WAL · postgres_main/peerflow_slot_orders");
        assertThat(message.blocks().get(1).text().text())
                .startsWith("*6.1 GiB retained, critical threshold 4.9 GiB*\n")
                .contains("restart_lsn");
        assertThat(message.blocks().get(2).fields()).extracting(Text::text)
                .contains("*Source*\npostgres_main", "*Slot*\npeerflow_slot_orders", "*Retained WAL*\n6.1 GiB",
                        "*Thresholds*\nwarning 1.0 GiB, critical 4.9 GiB", "*Active*\nno (no consumer connected)")
                .hasSizeLessThanOrEqualTo(10);
        assertThat(message.blocks().get(3).elements()).extracting(Text::text)
                .containsExactly("Firing since <!date^" + T0.getEpochSecond()
                        + "^{date_short_pretty} {time_secs}|2026-11-21 10:00:00 UTC>", "rule `slot-retained-wal`");
    }

    @Test
    void resolvedMessageSaysSoAndHowLongItFired() {
        alerts.evaluate(snapshot(T0, 2_000_000_000L));
        AlertEvent resolved = alerts.evaluate(new SourceSnapshot("postgres_main", T0.plusSeconds(125), List.of()))
                .getFirst();

        SlackMessage message = formatter.format(resolved);

        assertThat(message.text()).startsWith("[RESOLVED] Slot retained WAL on postgres_main/peerflow_slot_orders: ")
                .endsWith("The slot no longer exists.");
        assertThat(message.blocks().get(0).text().text()).startsWith(":white_check_mark: RESOLVED · ");
        assertThat(message.blocks().get(1).text().text()).isEqualTo("*Resolved:* The slot no longer exists.");
        assertThat(message.blocks().get(3).elements().getFirst().text()).endsWith("after 2m 5s");
    }

    private static SourceSnapshot snapshot(Instant at, long retainedBytes) {
        return new SourceSnapshot("postgres_main", at, List.of(new SlotSample("peerflow_slot_orders", "pgoutput",
                "logical", "app", false, "extended", "0/1000000", "0/1000000", retainedBytes, null)));
    }
}
