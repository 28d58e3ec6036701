package io.echodb.alert.service;

import static io.echodb.alert.service.Observations.of;
import static io.echodb.alert.service.Observations.slot;
import static io.echodb.alert.service.Observations.source;
import static io.echodb.alert.service.Observations.sourceFailed;
import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.alert.config.AlertConfigs;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertKey;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.Notification;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Silence;
import io.echodb.alert.service.AlertLifecycle.Plan;
import io.echodb.alert.service.AlertLifecycle.RuleFindings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lifecycle, cycle by cycle, with rule {@code slot-retained-wal} (warning over 1 MiB, critical over 10 MiB). */
class AlertLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final long MIB = 1024 * 1024;

    private final Map<String, Alert> stored = new HashMap<>();
    private List<Silence> silences = List.of();
    private SlotRetainedWalRule rule = rule("0s", "4h", "true");

    @Test
    void firesAtOnceWithoutForRepeatsAfterTheIntervalAndResolvesOnce() {
        assertThat(cycle(T0, 2 * MIB)).containsExactly("FIRING warning");
        assertThat(cycle(T0.plusSeconds(30), 3 * MIB)).isEmpty();
        assertThat(cycle(T0.plus(Duration.ofHours(4)), 3 * MIB)).containsExactly("REPEAT warning");
        assertThat(cycle(T0.plus(Duration.ofHours(4)).plusSeconds(30), 3 * MIB)).isEmpty();
        assertThat(cycle(T0.plus(Duration.ofHours(5)), MIB / 2)).containsExactly("RESOLVED warning");
        assertThat(stored).isEmpty();
        assertThat(cycle(T0.plus(Duration.ofHours(6)), MIB / 2)).isEmpty();
    }

    @Test
    void pendingUntilForElapsesAndDroppedSilentlyWhenItClearsBefore() {
        rule = rule("2m", "4h", "true");

        assertThat(cycle(T0, 2 * MIB)).isEmpty();
        assertThat(stored.values()).extracting(Alert::state).containsExactly(AlertState.PENDING);
        assertThat(cycle(T0.plusSeconds(60), MIB / 2)).isEmpty();
        assertThat(stored).isEmpty();

        assertThat(cycle(T0.plusSeconds(90), 2 * MIB)).isEmpty();
        assertThat(cycle(T0.plusSeconds(180), 2 * MIB)).isEmpty();
        assertThat(cycle(T0.plusSeconds(210), 2 * MIB)).containsExactly("FIRING warning");
    }

    @Test
    void escalationIsNotifiedButDeEscalationIsNot() {
        assertThat(cycle(T0, 2 * MIB)).containsExactly("FIRING warning");
        assertThat(cycle(T0.plusSeconds(30), 20 * MIB)).containsExactly("ESCALATED critical");
        assertThat(cycle(T0.plusSeconds(60), 2 * MIB)).isEmpty();
        assertThat(cycle(T0.plusSeconds(90), 20 * MIB)).isEmpty();
    }

    @Test
    void nothingChangesWhileTheSourceCannotBePolledAndAGoneSlotResolves() {
        assertThat(cycle(T0, 2 * MIB)).containsExactly("FIRING warning");
        assertThat(cycle(sourceFailed(T0.plusSeconds(30)))).isEmpty();
        assertThat(stored.values()).extracting(Alert::state).containsExactly(AlertState.FIRING);

        List<Notification> gone = plan(of(source(T0.plusSeconds(60), 0))).notifications();

        assertThat(gone)
                .extracting(n -> n.alert().finding().summary())
                .containsExactly("Slot s1 no longer exists on postgres_main (dropped, or the source was replaced)."
                        + AlertRule.NOT_RECOVERED);
    }

    @Test
    void silencedAlertsSendNothingAndResolveWithoutMessage() {
        silences = List.of(new Silence(
                UUID.randomUUID(),
                List.of(new Silence.Matcher("slot", "s1")),
                T0,
                T0.plusSeconds(90),
                "maintenance",
                "ops",
                T0));

        assertThat(cycle(T0, 2 * MIB)).isEmpty();
        assertThat(cycle(T0.plusSeconds(60), 2 * MIB)).isEmpty();
        assertThat(cycle(T0.plusSeconds(120), 2 * MIB)).containsExactly("FIRING warning");

        silences = List.of(new Silence(
                UUID.randomUUID(),
                List.of(new Silence.Matcher("rule", "slot-retained-wal")),
                T0,
                T0.plus(Duration.ofDays(1)),
                "maintenance",
                "ops",
                T0));
        assertThat(cycle(T0.plusSeconds(150), MIB / 2)).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void undeliveredNotificationIsDueAgainNextCycle() {
        assertThat(plan(of(source(T0, 0, slot("s1", 2 * MIB)))).notifications()).hasSize(1);
        Plan again = plan(of(source(T0.plusSeconds(30), 0, slot("s1", 2 * MIB))));

        assertThat(again.notifications()).extracting(n -> n.type()).containsExactly(Notification.Type.FIRING);
    }

    @Test
    void resolvedMessagesCanBeTurnedOff() {
        rule = rule("0s", "0s", "false");

        assertThat(cycle(T0, 2 * MIB)).containsExactly("FIRING warning");
        assertThat(cycle(T0.plus(Duration.ofDays(1)), 2 * MIB)).isEmpty();
        assertThat(cycle(T0.plus(Duration.ofDays(2)), 0)).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void keysIgnoreLabelOrder() {
        assertThat(AlertKey.of("r", "a", "1", "b", "2").fingerprint())
                .isEqualTo(AlertKey.of("r", "b", "2", "a", "1").fingerprint())
                .isNotEqualTo(AlertKey.of("r", "a", "1", "b", "3").fingerprint())
                .hasSize(32);
    }

    private List<String> cycle(Instant at, long retained) {
        return cycle(of(source(at, 0, slot("s1", retained))));
    }

    /** Plans a cycle, delivers every notification and stores the result; returns {@code TYPE severity} per news. */
    private List<String> cycle(Observation observation) {
        Plan plan = plan(observation);
        stored.clear();
        stored.putAll(plan.alerts());
        for (Notification notification : plan.notifications()) {
            String fingerprint = notification.alert().key().fingerprint();
            AlertLifecycle.afterDelivery(notification, null, null, observation.at())
                    .ifPresentOrElse(alert -> stored.put(fingerprint, alert), () -> stored.remove(fingerprint));
        }
        return plan.notifications().stream()
                .map(n -> n.type() + " " + n.alert().severity().label())
                .toList();
    }

    private Plan plan(Observation observation) {
        return AlertLifecycle.plan(
                stored,
                List.of(new RuleFindings(rule.name(), rule.settings(), rule::goneSummary, rule.evaluate(observation))),
                observation.observedScopes(),
                silences,
                observation.at());
    }

    private static SlotRetainedWalRule rule(String forDuration, String repeat, String sendResolved) {
        return new SlotRetainedWalRule(AlertConfigs.alertConfig(Map.of(
                "echodb.alert.rules.slot-retained-wal.warning", "1M",
                "echodb.alert.rules.slot-retained-wal.critical", "10M",
                "echodb.alert.rules.slot-retained-wal.for", forDuration,
                "echodb.alert.repeat-interval", repeat,
                "echodb.alert.send-resolved", sendResolved)));
    }
}
