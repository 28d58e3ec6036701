package io.echodb.alert.service;

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
 * Gauges for Prometheus, replaced after every successful poll of their target so a dropped slot's or mirror's
 * series disappear (a failed poll leaves the last values):
 * <ul>
 *   <li>{@code echodb.slot.retained.wal} (bytes), tags {@code source}, {@code slot}:
 *       {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}; no series without {@code restart_lsn};</li>
 *   <li>{@code echodb.slot.consumer.lag} (bytes): {@code pg_wal_lsn_diff(pg_current_wal_lsn(),
 *       confirmed_flush_lsn)}; logical slots only;</li>
 *   <li>{@code echodb.slot.active}: 1 when a consumer is connected, else 0;</li>
 *   <li>{@code echodb.slot.wal.status}, extra tag {@code wal_status}: 1 for the slot's current {@code wal_status}
 *       ({@code reserved}, {@code extended}, {@code unreserved}, {@code lost});</li>
 *   <li>{@code echodb.slot.safe.wal.size} (bytes): {@code safe_wal_size}; no series while it is null;</li>
 *   <li>{@code echodb.mirror.state}, tags {@code source}, {@code mirror}, {@code state}: 1 for the mirror's PeerDB
 *       status (e.g. {@code STATUS_RUNNING});</li>
 *   <li>{@code echodb.alerts}, tags {@code rule}, {@code severity}, {@code state} ({@code pending}, {@code firing},
 *       {@code silenced}): number of alerts, after each evaluation.</li>
 * </ul>
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
        this.retainedWal = MultiGauge.builder("echodb.slot.retained.wal")
                .description("WAL kept on the source's disk for the slot: current WAL LSN minus restart_lsn")
                .baseUnit("bytes")
                .register(registry);
        this.consumerLag = MultiGauge.builder("echodb.slot.consumer.lag")
                .description("WAL the slot's consumer has not confirmed: current WAL LSN minus confirmed_flush_lsn")
                .baseUnit("bytes")
                .register(registry);
        this.active = MultiGauge.builder("echodb.slot.active")
                .description("1 when a consumer is connected to the slot, else 0")
                .register(registry);
        this.walStatus = MultiGauge.builder("echodb.slot.wal.status")
                .description("1 for the slot's current wal_status (tag wal_status)")
                .register(registry);
        this.safeWalSize = MultiGauge.builder("echodb.slot.safe.wal.size")
                .description("WAL that can still be written before the slot is in danger of being lost")
                .baseUnit("bytes")
                .register(registry);
        this.mirrorState = MultiGauge.builder("echodb.mirror.state")
                .description("1 for the PeerDB mirror's current status (tag state)")
                .register(registry);
        this.alerts = MultiGauge.builder("echodb.alerts")
                .description("Alerts by rule, severity and state (pending, firing, silenced)")
                .register(registry);
    }

    /** Replaces the slot series of every source polled successfully and the mirror series when PeerDB was. */
    public synchronized void recordObservation(Observation observation) {
        observation.sourceSnapshots().forEach(snapshot -> sources.put(snapshot.source(), snapshot));
        retainedWal.register(slotRows(SlotSample::retainedWalBytes), true);
        consumerLag.register(slotRows(SlotSample::consumerLagBytes), true);
        active.register(slotRows(slot -> slot.active() ? 1 : 0), true);
        safeWalSize.register(slotRows(SlotSample::safeWalSizeBytes), true);
        walStatus.register(sources.values().stream()
                .flatMap(snapshot -> snapshot.slots().stream()
                        .filter(slot -> slot.walStatus() != null)
                        .<MultiGauge.Row<?>>map(slot -> MultiGauge.Row.of(Tags.of("source", snapshot.source(),
                                "slot", slot.slotName(), "wal_status", slot.walStatus()), 1)))
                .toList(), true);
        observation.peerdb().value().ifPresent(mirrors -> mirrorState.register(mirrors.stream()
                .<MultiGauge.Row<?>>map(mirror -> MultiGauge.Row.of(mirrorTags(mirror), 1))
                .toList(), true));
    }

    /** Replaces the alert counts. */
    public void recordAlerts(Collection<Alert> current, List<Silence> silences, Instant now) {
        Map<Tags, Integer> counts = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Alert alert : current) {
            if (alert.state() == AlertState.RESOLVED) {
                continue;
            }
            String state = alert.state() == AlertState.FIRING && AlertLifecycle.silenced(alert, silences, now)
                    ? "silenced" : alert.state().label();
            counts.merge(Tags.of("rule", alert.key().rule(), "severity", alert.severity().label(), "state", state),
                    1, Integer::sum);
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
        return Tags.of("source", String.valueOf(mirror.source()), "mirror", mirror.name(), "state",
                String.valueOf(mirror.status()));
    }
}
