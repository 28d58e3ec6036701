package io.echodb.alert.service;

import static io.echodb.alert.service.Observations.of;
import static io.echodb.alert.service.Observations.slot;
import static io.echodb.alert.service.Observations.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.alert.client.SlackMessage;
import io.echodb.alert.client.SlackMessage.Block;
import io.echodb.alert.config.AlertConfigs;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Finding;
import io.echodb.alert.domain.Notification;
import io.echodb.alert.domain.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How {@link SlackMessageFormatter} cuts many notifications into messages Slack takes. */
class SlackMessageSplittingTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final SlotRetainedWalRule rule = new SlotRetainedWalRule(AlertConfigs.alertConfig(Map.of()));
    private final SlackMessageFormatter formatter = new SlackMessageFormatter(AlertConfigs.alertConfig(Map.of()));

    @Test
    void aStormBecomesAsManyMessagesAsItNeedsEachWithinSlacksLimitsInOrder() {
        List<Notification> storm = IntStream.range(0, 700)
                .mapToObj(i -> firing(slot("storm_slot_" + i, 6_550_000_000L - i)))
                .toList();

        List<SlackMessageFormatter.Part> parts = formatter.format(storm);

        assertThat(parts).flatMap(SlackMessageFormatter.Part::notifications).containsExactlyElementsOf(storm);
        for (int i = 0; i < parts.size(); i++) {
            SlackMessage message = parts.get(i).message();
            assertWithinLimits(message);
            assertThat(message.blocks().getFirst().text().text())
                    .startsWith(
                            ":rotating_light: " + parts.get(i).notifications().size() + " alerts · ")
                    .endsWith(" · part " + (i + 1) + " of " + parts.size() + " — 700 alerts");
            for (Notification notification : parts.get(i).notifications()) {
                assertThat(blockText(message))
                        .containsPattern(java.util.regex.Pattern.quote(
                                        notification.alert().key().subject()) + "\\b");
            }
        }
        assertThat(parts.size()).isBetween(700 / SlackMessageFormatter.PER_MESSAGE, 700 / 10);
    }

    @Test
    void alertsWithLongFactsStillFitOneMessageEach() {
        List<Notification> heavy = IntStream.range(0, 30)
                .mapToObj(i -> {
                    Map<String, String> facts = new LinkedHashMap<>();
                    IntStream.range(0, 10).forEach(f -> facts.put("Fact " + f, "e".repeat(1900)));
                    Finding finding = new Finding(
                            AlertKey.of("mirror-failed", "mirror", "m_" + i),
                            Severity.CRITICAL,
                            "Mirror failed",
                            "PeerDB reports STATUS_FAILED " + "x".repeat(2900),
                            "hint",
                            facts,
                            "postgres_main",
                            null);
                    return new Notification(
                            Notification.Type.FIRING,
                            new Alert(finding, finding.severity(), AlertState.FIRING, T0, T0, null, null),
                            null);
                })
                .toList();

        List<SlackMessageFormatter.Part> parts = formatter.format(heavy);
        SlackMessage alone = formatter.format(heavy.subList(0, 1)).getFirst().message();

        assertThat(parts).flatMap(SlackMessageFormatter.Part::notifications).containsExactlyElementsOf(heavy);
        parts.forEach(part -> assertWithinLimits(part.message()));
        assertWithinLimits(alone);
    }

    @Test
    void aRefusedMessageSplitsInHalvesThenOneLineThenPlainText() {
        List<Notification> some = IntStream.range(0, 9)
                .mapToObj(i -> firing(slot("s" + i, 2_000_000_000L)))
                .toList();

        List<SlackMessageFormatter.Part> halves = formatter.split(some);
        List<SlackMessageFormatter.Part> one = formatter.split(some.subList(0, 1));
        SlackMessage plain = formatter.plain(some.getFirst());

        assertThat(halves).hasSizeGreaterThanOrEqualTo(2);
        assertThat(halves).flatMap(SlackMessageFormatter.Part::notifications).containsExactlyElementsOf(some);
        assertThat(one)
                .singleElement()
                .satisfies(part -> assertThat(part.message().blockTextLength())
                        .isLessThan(formatter
                                .format(some.subList(0, 1))
                                .getFirst()
                                .message()
                                .blockTextLength()));
        assertThat(plain.blocks()).isNull();
        assertThat(plain.text()).startsWith("[WARNING] Slot retained WAL on postgres_main/s0: ");
    }

    private static void assertWithinLimits(SlackMessage message) {
        assertThat(SlackMessageFormatter.fits(message)).isTrue();
        assertThat(message.blocks()).hasSizeLessThanOrEqualTo(SlackMessageFormatter.MAX_BLOCKS);
        assertThat(message.blockTextLength()).isLessThanOrEqualTo(SlackMessageFormatter.MAX_BLOCK_TEXT);
        assertThat(message.text()).hasSizeLessThanOrEqualTo(SlackMessageFormatter.MAX_FALLBACK);
        for (Block block : message.blocks()) {
            if (block.text() != null) {
                assertThat(block.text().text())
                        .isNotEmpty()
                        .hasSizeLessThanOrEqualTo(SlackMessageFormatter.MAX_SECTION);
            }
        }
    }

    private static String blockText(SlackMessage message) {
        StringBuilder text = new StringBuilder();
        for (Block block : message.blocks()) {
            if (block.text() != null) {
                text.append(block.text().text()).append('\n');
            }
        }
        return text.toString();
    }

    private Notification firing(io.echodb.alert.domain.SlotSample slot) {
        Finding finding = rule.evaluate(of(source(T0, 0, slot))).getFirst();
        return new Notification(
                Notification.Type.FIRING,
                new Alert(finding, finding.severity(), AlertState.FIRING, T0, T0, null, null),
                null);
    }
}
