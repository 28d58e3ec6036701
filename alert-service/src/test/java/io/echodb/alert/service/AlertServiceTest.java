package io.echodb.alert.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.echodb.alert.domain.AlertEvent;
import io.echodb.alert.domain.Severity;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import io.echodb.alert.config.AlertConfigs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertServiceTest {

    private static final long MIB = 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final AlertService alerts = new AlertService(List.of(new SlotRetainedWalRule(AlertConfigs.alertConfig(Map.of(
            "echodb.alert.rules.slot-retained-wal.warning", "1M",
            "echodb.alert.rules.slot-retained-wal.critical", "10M")))));

    @Test
    void slotOverTheWarningThresholdFiresOnceAndStaysQuietWhileUnchanged() {
        List<AlertEvent> first = alerts.evaluate(snapshot(0, slot("s1", 2 * MIB)));
        List<AlertEvent> second = alerts.evaluate(snapshot(30, slot("s1", 3 * MIB)));

        assertThat(first).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEvent.Type.FIRING);
            assertThat(event.alert().severity()).isEqualTo(Severity.WARNING);
            assertThat(event.alert().finding().summary()).isEqualTo("2.0 MiB retained, warning threshold 1.0 MiB");
            assertThat(event.alert().key().labels()).containsEntry("source", "postgres_main").containsEntry("slot", "s1");
        });
        assertThat(second).isEmpty();
        assertThat(alerts.firing()).singleElement()
                .satisfies(alert -> assertThat(alert.firingSince()).isEqualTo(T0));
    }

    @Test
    void risingToCriticalEscalatesAndFallingBackDoesNotNotify() {
        alerts.evaluate(snapshot(0, slot("s1", 2 * MIB)));

        List<AlertEvent> escalated = alerts.evaluate(snapshot(30, slot("s1", 11 * MIB)));
        List<AlertEvent> calmer = alerts.evaluate(snapshot(60, slot("s1", 5 * MIB)));

        assertThat(escalated).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEvent.Type.ESCALATED);
            assertThat(event.previousSeverity()).isEqualTo(Severity.WARNING);
            assertThat(event.alert().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(event.alert().firingSince()).isEqualTo(T0);
        });
        assertThat(calmer).isEmpty();
        assertThat(alerts.firing()).singleElement()
                .satisfies(alert -> assertThat(alert.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void slotBackUnderTheThresholdResolves() {
        alerts.evaluate(snapshot(0, slot("s1", 2 * MIB)));

        List<AlertEvent> events = alerts.evaluate(snapshot(90, slot("s1", MIB / 2)));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEvent.Type.RESOLVED);
            assertThat(event.alert().resolvedAt()).isEqualTo(T0.plusSeconds(90));
            assertThat(event.alert().finding().summary())
                    .isEqualTo("512.0 KiB retained, under the warning threshold 1.0 MiB");
        });
        assertThat(alerts.firing()).isEmpty();
    }

    @Test
    void droppedSlotResolvesAsGoneAndOtherSlotsAreUntouched() {
        alerts.evaluate(snapshot(0, slot("s1", 2 * MIB), slot("s2", 2 * MIB)));

        List<AlertEvent> events = alerts.evaluate(snapshot(30, slot("s2", 2 * MIB)));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEvent.Type.RESOLVED);
            assertThat(event.alert().key().labels()).containsEntry("slot", "s1");
            assertThat(event.alert().finding().summary()).isEqualTo("The slot no longer exists.");
        });
        assertThat(alerts.firing()).singleElement()
                .satisfies(alert -> assertThat(alert.key().labels()).containsEntry("slot", "s2"));
    }

    @Test
    void slotWithoutRestartLsnNeverFires() {
        assertThat(alerts.evaluate(snapshot(0, slot("s1", null)))).isEmpty();
    }

    private static SourceSnapshot snapshot(long secondsAfterT0, SlotSample... slots) {
        return new SourceSnapshot("postgres_main", T0.plusSeconds(secondsAfterT0), List.of(slots));
    }

    private static SlotSample slot(String name, Long retainedBytes) {
        return new SlotSample(name, "pgoutput", "logical", "app", false, "reserved", "0/1000000", "0/1000000",
                retainedBytes, null);
    }
}
