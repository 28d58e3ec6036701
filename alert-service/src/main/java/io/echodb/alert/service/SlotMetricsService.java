package io.echodb.alert.service;

import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Function;

/**
 * Per-slot gauges, tags {@code source} and {@code slot}, replaced on every successful poll so a dropped slot's
 * series disappear and a new slot's appear:
 * <ul>
 *   <li>{@code echodb.slot.retained.wal} (bytes): {@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)};
 *       no series for a slot without {@code restart_lsn};</li>
 *   <li>{@code echodb.slot.active}: 1 when a consumer is connected, else 0;</li>
 *   <li>{@code echodb.slot.safe.wal.size} (bytes): {@code safe_wal_size}; no series while it is null
 *       ({@code max_slot_wal_keep_size = -1}, the default, or the slot is lost).</li>
 * </ul>
 * Prometheus renders them as {@code echodb_slot_retained_wal_bytes}, {@code echodb_slot_active} and
 * {@code echodb_slot_safe_wal_size_bytes}. One source for now: each poll replaces all rows.
 */
@ApplicationScoped
public class SlotMetricsService {

    private final MultiGauge retainedWal;
    private final MultiGauge active;
    private final MultiGauge safeWalSize;

    public SlotMetricsService(MeterRegistry registry) {
        this.retainedWal = MultiGauge.builder("echodb.slot.retained.wal")
                .description("WAL kept on the source's disk for the slot: current WAL LSN minus restart_lsn")
                .baseUnit("bytes")
                .register(registry);
        this.active = MultiGauge.builder("echodb.slot.active")
                .description("1 when a consumer is connected to the slot, else 0")
                .register(registry);
        this.safeWalSize = MultiGauge.builder("echodb.slot.safe.wal.size")
                .description("WAL that can still be written before the slot is in danger of being lost")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Replaces every slot series with the values of {@code snapshot}. */
    public void record(SourceSnapshot snapshot) {
        retainedWal.register(rows(snapshot, SlotSample::retainedWalBytes), true);
        active.register(rows(snapshot, slot -> slot.active() ? 1 : 0), true);
        safeWalSize.register(rows(snapshot, SlotSample::safeWalSizeBytes), true);
    }

    private static List<MultiGauge.Row<?>> rows(SourceSnapshot snapshot, Function<SlotSample, Number> value) {
        return snapshot.slots().stream()
                .filter(slot -> value.apply(slot) != null)
                .<MultiGauge.Row<?>>map(slot -> MultiGauge.Row.of(
                        Tags.of("source", snapshot.source(), "slot", slot.slotName()), value.apply(slot)))
                .toList();
    }
}
