package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Samples of every slot kept across poll cycles, for the rate-based rules ({@code slot-time-to-exhaustion},
 * {@code slot-consumer-stuck}). Memory is bounded: per slot at most {@value #MAX_SAMPLES} samples, none older than
 * the longest window needed; a slot's samples are dropped when a poll of its source no longer shows it. In memory
 * only: after a restart the rates need a few cycles to be known again.
 */
@ApplicationScoped
public class SlotHistory {

    /** Samples kept per slot at most. */
    static final int MAX_SAMPLES = 120;

    private final Duration keep;
    private final Map<SlotId, Deque<Point>> samples = new HashMap<>();
    private final Map<SlotId, Point> previous = new HashMap<>();

    public SlotHistory(AlertConfig config) {
        this.keep = config.rules().slotTimeToExhaustion().rateWindow();
    }

    /**
     * Adds every slot of every source polled successfully. Call once per cycle, before the rules; the
     * {@link #previous} of a slot is then its sample from the cycle before.
     */
    public synchronized void record(Observation observation) {
        for (SourceSnapshot snapshot : observation.sourceSnapshots()) {
            Set<SlotId> present = new HashSet<>();
            for (SlotSample slot : snapshot.slots()) {
                SlotId id = new SlotId(snapshot.source(), slot.slotName());
                present.add(id);
                Deque<Point> points = samples.computeIfAbsent(id, ignored -> new ArrayDeque<>());
                Point last = points.peekLast();
                if (last != null) {
                    previous.put(id, last);
                }
                points.addLast(new Point(snapshot.polledAt(), snapshot.currentWalPosition(), slot.retainedWalBytes(),
                        slot.confirmedFlushPosition(), slot.active()));
                Instant oldest = snapshot.polledAt().minus(keep);
                while (points.size() > MAX_SAMPLES || (points.size() > 2 && points.peekFirst().at().isBefore(oldest))) {
                    points.removeFirst();
                }
            }
            samples.keySet().removeIf(id -> id.source().equals(snapshot.source()) && !present.contains(id));
            previous.keySet().removeIf(id -> id.source().equals(snapshot.source()) && !present.contains(id));
        }
    }

    /** The slot's sample from the cycle before the latest one. */
    public synchronized Optional<Point> previous(String source, String slot) {
        return Optional.ofNullable(previous.get(new SlotId(source, slot)));
    }

    /**
     * Growth of the slot's retained WAL in bytes per second, between its oldest sample inside {@code window} and
     * its latest one.
     *
     * @return the rate; empty with fewer than two samples, a zero time span or a sample without retained WAL
     */
    public synchronized Optional<Double> retainedGrowthPerSecond(String source, String slot, Duration window) {
        Deque<Point> points = samples.get(new SlotId(source, slot));
        if (points == null || points.size() < 2) {
            return Optional.empty();
        }
        Point latest = points.peekLast();
        Instant from = latest.at().minus(window);
        Point oldest = points.stream().filter(point -> !point.at().isBefore(from)).findFirst().orElse(latest);
        double seconds = Duration.between(oldest.at(), latest.at()).toMillis() / 1000.0;
        if (seconds <= 0 || oldest.retainedWalBytes() == null || latest.retainedWalBytes() == null) {
            return Optional.empty();
        }
        return Optional.of((latest.retainedWalBytes() - oldest.retainedWalBytes()) / seconds);
    }

    /** Samples held now, over all slots (for tests of the bound). */
    synchronized int size() {
        return samples.values().stream().mapToInt(Deque::size).sum();
    }

    private record SlotId(String source, String slot) {}

    /**
     * One sample of one slot.
     *
     * @param at when its source was polled
     * @param currentWalPosition the server's {@code pg_current_wal_lsn()} as a byte position
     * @param retainedWalBytes the slot's retained WAL, or {@code null}
     * @param confirmedFlushPosition the slot's {@code confirmed_flush_lsn} as a byte position, or {@code null}
     * @param active whether a consumer was connected
     */
    public record Point(Instant at, long currentWalPosition, Long retainedWalBytes, Long confirmedFlushPosition,
            boolean active) {}
}
