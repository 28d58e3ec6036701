package io.echodb.alert.service;

import io.echodb.alert.config.AlertConfig;
import io.echodb.alert.domain.Observation;
import io.echodb.alert.domain.SlotSample;
import io.echodb.alert.domain.SourceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Samples of every slot kept across poll cycles, for the rate-based rules ({@code slot-time-to-exhaustion},
 * {@code slot-consumer-stuck}): in memory only, one bounded ring per slot (at most {@value #MAX_SAMPLES} samples).
 * Sizing and memory use: docs/architecture.md §Slot history.
 */
@ApplicationScoped
public class SlotHistory {

    /** Samples kept per slot at most (the ring size when poll-interval is short against the rate window). */
    static final int MAX_SAMPLES = 120;
    /** Marks a value the poll did not have ({@code restart_lsn} or {@code confirmed_flush_lsn} unset). */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final Duration keep;
    private final int capacity;
    private final Map<SlotId, Ring> samples = new HashMap<>();

    public SlotHistory(AlertConfig config) {
        this.keep = config.rules().slotTimeToExhaustion().rateWindow();
        this.capacity = capacity(keep, config.pollInterval());
    }

    /** Samples kept per slot: enough to span {@code keep} at one sample per {@code pollInterval}, two spare. */
    static int capacity(Duration keep, Duration pollInterval) {
        long interval = Math.max(1, pollInterval.toMillis());
        long needed = (keep.toMillis() + interval - 1) / interval + 2;
        return (int) Math.max(3, Math.min(MAX_SAMPLES, needed));
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
                samples.computeIfAbsent(id, ignored -> new Ring(capacity))
                        .add(
                                snapshot.polledAt().toEpochMilli(),
                                snapshot.currentWalPosition(),
                                known(slot.retainedWalBytes()),
                                known(slot.confirmedFlushPosition()),
                                slot.active());
            }
            samples.keySet().removeIf(id -> id.source().equals(snapshot.source()) && !present.contains(id));
        }
    }

    /** The slot's sample from the cycle before the latest one. */
    public synchronized Optional<Point> previous(String source, String slot) {
        Ring ring = samples.get(new SlotId(source, slot));
        return ring == null || ring.size < 2 ? Optional.empty() : Optional.of(ring.point(ring.size - 2));
    }

    /**
     * Growth of the slot's retained WAL in bytes per second, between its oldest sample inside {@code window} and
     * its latest one.
     *
     * @return the rate; empty with fewer than two samples, a zero time span or a sample without retained WAL
     */
    public synchronized Optional<Double> retainedGrowthPerSecond(String source, String slot, Duration window) {
        Ring ring = samples.get(new SlotId(source, slot));
        if (ring == null || ring.size < 2) {
            return Optional.empty();
        }
        int latest = ring.size - 1;
        long from = ring.at(latest) - Math.min(window.toMillis(), keep.toMillis());
        int oldest = 0;
        while (oldest < latest && ring.at(oldest) < from) {
            oldest++;
        }
        double seconds = (ring.at(latest) - ring.at(oldest)) / 1000.0;
        long first = ring.retained(oldest);
        long last = ring.retained(latest);
        if (seconds <= 0 || first == UNKNOWN || last == UNKNOWN) {
            return Optional.empty();
        }
        return Optional.of((last - first) / seconds);
    }

    /** Samples held now, over all slots (for tests of the bound). */
    synchronized int size() {
        return samples.values().stream().mapToInt(ring -> ring.size).sum();
    }

    /** Samples a slot's ring holds at most. */
    int capacity() {
        return capacity;
    }

    private static long known(Long value) {
        return value == null ? UNKNOWN : value;
    }

    private static Long orNull(long value) {
        return value == UNKNOWN ? null : value;
    }

    private record SlotId(String source, String slot) {}

    /** One slot's latest samples, oldest first by index; the oldest is overwritten once full. */
    private static final class Ring {
        private final long[] atMillis;
        private final long[] currentWalPosition;
        private final long[] retainedWalBytes;
        private final long[] confirmedFlushPosition;
        private final boolean[] active;
        private int head;
        private int size;

        Ring(int capacity) {
            atMillis = new long[capacity];
            currentWalPosition = new long[capacity];
            retainedWalBytes = new long[capacity];
            confirmedFlushPosition = new long[capacity];
            active = new boolean[capacity];
        }

        void add(long at, long current, long retained, long confirmed, boolean isActive) {
            int slot = (head + size) % atMillis.length;
            if (size == atMillis.length) {
                head = (head + 1) % atMillis.length;
            } else {
                size++;
            }
            atMillis[slot] = at;
            currentWalPosition[slot] = current;
            retainedWalBytes[slot] = retained;
            confirmedFlushPosition[slot] = confirmed;
            active[slot] = isActive;
        }

        private int index(int i) {
            return (head + i) % atMillis.length;
        }

        long at(int i) {
            return atMillis[index(i)];
        }

        long retained(int i) {
            return retainedWalBytes[index(i)];
        }

        Point point(int i) {
            int at = index(i);
            return new Point(
                    Instant.ofEpochMilli(atMillis[at]),
                    currentWalPosition[at],
                    orNull(retainedWalBytes[at]),
                    orNull(confirmedFlushPosition[at]),
                    active[at]);
        }
    }

    /**
     * One sample of one slot.
     *
     * @param at when its source was polled
     * @param currentWalPosition the server's {@code pg_current_wal_lsn()} as a byte position
     * @param retainedWalBytes the slot's retained WAL, or {@code null}
     * @param confirmedFlushPosition the slot's {@code confirmed_flush_lsn} as a byte position, or {@code null}
     * @param active whether a consumer was connected
     */
    public record Point(
            Instant at, long currentWalPosition, Long retainedWalBytes, Long confirmedFlushPosition, boolean active) {}
}
