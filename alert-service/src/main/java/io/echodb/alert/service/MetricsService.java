package io.echodb.alert.service;

import io.echodb.alert.AlertMetrics;
import io.echodb.alert.domain.Alert;
import io.echodb.alert.domain.AlertState;
import io.echodb.alert.domain.MirrorSample;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.Silence;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The gauges of slots, mirrors and alerts ({@link AlertMetrics}), replaced after every successful poll of their
 * target so that a dropped slot's or mirror's series disappear; a failed poll leaves the last values.
 */
@ApplicationScoped
public class MetricsService {

    private final MultiGauge retainedWal;
    private final MultiGauge consumerLag;
    private final MultiGauge active;
    private final MultiGauge walStatus;
    private final MultiGauge safeWalSize;
    private final MultiGauge mirrorState;
    private final MultiGauge alerts;
    private final Map<String, SourceSnapshot> sources = new LinkedHashMap<>();

    public MetricsService(MeterRegistry registry) {
        // baseUnit before description: deploy-tests' ExportedMetrics reads a builder up to its first ';'.
        this.retainedWal = MultiGauge.builder(AlertMetrics.SLOT_RETAINED_WAL)
                .baseUnit("bytes")
                .description("WAL kept on the source's disk for the slot: current WAL LSN minus restart_lsn; bytes")
                .register(registry);
        this.consumerLag = MultiGauge.builder(AlertMetrics.SLOT_CONSUMER_LAG)
                .baseUnit("bytes")
                .description(
                        "WAL the slot's consumer has not confirmed: current WAL LSN minus confirmed_flush_lsn; bytes")
                .register(registry);
        this.active = MultiGauge.builder(AlertMetrics.SLOT_ACTIVE)
                .description(
                        "1 when a consumer is connected to the slot, else 0 (pg_replication_slots.active); boolean")
                .register(registry);
        this.walStatus = MultiGauge.builder(AlertMetrics.SLOT_WAL_STATUS)
                .description("1 for the slot's current wal_status (tag wal_status, from pg_replication_slots); boolean")
                .register(registry);
        this.safeWalSize = MultiGauge.builder(AlertMetrics.SLOT_SAFE_WAL_SIZE)
                .baseUnit("bytes")
                .description(
                        "WAL that can still be written before the slot is in danger of being lost (safe_wal_size); bytes")
                .register(registry);
        this.mirrorState = MultiGauge.builder(AlertMetrics.MIRROR_STATE)
                .description("1 for the PeerDB mirror's current status (tag state, from PeerDB's API); boolean")
                .register(registry);
        this.alerts = MultiGauge.builder(AlertMetrics.ALERTS)
                .description("alert-service's alerts by rule, severity and state (pending, firing, silenced); count")
                .register(registry);
    }

    /** Replaces the slot series of every source polled successfully and the mirror series when PeerDB was. */
    public synchronized void recordObservation(Observation observation) {
        observation.sourceSnapshots().forEach(snapshot -> sources.put(snapshot.source(), snapshot));
        retainedWal.register(slotRows(SlotSample::retainedWalBytes), true);
        consumerLag.register(slotRows(SlotSample::consumerLagBytes), true);
        active.register(slotRows(slot -> slot.active() ? 1 : 0), true);
        safeWalSize.register(slotRows(SlotSample::safeWalSizeBytes), true);
        walStatus.register(
                sources.values().stream()
                        .flatMap(snapshot -> snapshot.slots().stream()
                                .filter(slot -> slot.walStatus() != null)
                                .<MultiGauge.Row<?>>map(slot -> MultiGauge.Row.of(
                                        Tags.of(
                                                "source",
                                                snapshot.source(),
                                                "slot",
                                                slot.slotName(),
                                                "wal_status",
                                                slot.walStatus()),
                                        1)))
                        .toList(),
                true);
        observation
                .peerdb()
                .value()
                .ifPresent(mirrors -> mirrorState.register(
                        mirrors.stream()
                                .<MultiGauge.Row<?>>map(mirror -> MultiGauge.Row.of(mirrorTags(mirror), 1))
                                .toList(),
                        true));
    }

    /** Replaces the alert counts. */
    public void recordAlerts(Collection<Alert> current, List<Silence> silences, Instant now) {
        Map<Tags, Integer> counts = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Alert alert : current) {
            if (alert.state() == AlertState.RESOLVED) {
                continue;
            }
            String state = alert.state() == AlertState.FIRING && AlertLifecycle.silenced(alert, silences, now)
                    ? "silenced"
                    : alert.state().label();
            counts.merge(
                    Tags.of(
                            "rule",
                            alert.key().rule(),
                            "severity",
                            alert.severity().label(),
                            "state",
                            state),
                    1,
                    Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((tags, count) -> rows.add(MultiGauge.Row.of(tags, count)));
        alerts.register(rows, true);
    }

    private List<MultiGauge.Row<?>> slotRows(Function<SlotSample, Number> value) {
        return sources.values().stream()
                .flatMap(snapshot -> snapshot.slots().stream()
                        .filter(slot -> value.apply(slot) != null)
                        .<MultiGauge.Row<?>>map(slot -> MultiGauge.Row.of(
                                Tags.of("source", snapshot.source(), "slot", slot.slotName()), value.apply(slot))))
                .toList();
    }

    private static Tags mirrorTags(MirrorSample mirror) {
        return Tags.of(
                "source",
                String.valueOf(mirror.source()),
                "mirror",
                mirror.name(),
                "state",
                String.valueOf(mirror.status()));
    }
}
