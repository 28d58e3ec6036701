package io.echodb.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The faults switched on in one emulator, in the order they were added, each with its {@link FaultScope}
 * (count, duration, probability). Used by the emulators; tests use the emulators' own fault methods.
 * Thread-safe.
 *
 * @param <F> the emulator's fault type
 */
public final class FaultSchedule<F> {

    private final Function<F, FaultScope> scopeOf;
    private final List<Entry<F>> entries = new ArrayList<>();
    private Random random;
    private long lastId;

    /**
     * @param scopeOf reads the scope a fault carries
     * @param seed seed of the probability rolls, for repeatable error rates
     */
    public FaultSchedule(Function<F, FaultScope> scopeOf, long seed) {
        this.scopeOf = scopeOf;
        this.random = new Random(seed);
    }

    /** Switches a fault on; returns its id ({@code f1}, {@code f2}, …). */
    public synchronized ActiveFault<F> add(F fault) {
        FaultScope scope = scopeOf.apply(fault);
        long now = System.nanoTime();
        Entry<F> entry = new Entry<>(
                "f" + ++lastId,
                fault,
                scope.times(),
                scope.duration() == null ? null : now + scope.duration().toNanos(),
                scope.duration() == null ? null : Instant.now().plus(scope.duration()),
                scope.probability());
        entries.add(entry);
        return entry.view();
    }

    /** Switches one fault off; returns whether it was on. */
    public synchronized boolean remove(String id) {
        return entries.removeIf(entry -> entry.id.equals(id));
    }

    /** Switches every fault off. */
    public synchronized void clear() {
        entries.clear();
    }

    /** Re-seeds the probability rolls. */
    public synchronized void seed(long seed) {
        random = new Random(seed);
    }

    /** The faults still on, oldest first. */
    public synchronized List<ActiveFault<F>> active() {
        dropExpired();
        return entries.stream().map(Entry::view).toList();
    }

    /**
     * The oldest fault that {@code applies} to a request and wins its probability roll; uses up one of its
     * {@code times}. Empty when none hits.
     */
    public synchronized Optional<F> takeFirst(Predicate<F> applies) {
        dropExpired();
        for (Iterator<Entry<F>> it = entries.iterator(); it.hasNext(); ) {
            Entry<F> entry = it.next();
            if (applies.test(entry.fault) && roll(entry)) {
                use(entry, it);
                return Optional.of(entry.fault);
            }
        }
        return Optional.empty();
    }

    /** Every fault that {@code applies} and wins its roll (e.g. latencies that add up); each uses up one time. */
    public synchronized List<F> takeAll(Predicate<F> applies) {
        dropExpired();
        List<F> hits = new ArrayList<>();
        for (Iterator<Entry<F>> it = entries.iterator(); it.hasNext(); ) {
            Entry<F> entry = it.next();
            if (applies.test(entry.fault) && roll(entry)) {
                use(entry, it);
                hits.add(entry.fault);
            }
        }
        return hits;
    }

    private boolean roll(Entry<F> entry) {
        return entry.probability >= 1 || random.nextDouble() < entry.probability;
    }

    private static <F> void use(Entry<F> entry, Iterator<Entry<F>> it) {
        entry.triggered++;
        if (entry.remaining != null && --entry.remaining == 0) {
            it.remove();
        }
    }

    private void dropExpired() {
        long now = System.nanoTime();
        entries.removeIf(entry -> entry.expiresAtNanos != null && now - entry.expiresAtNanos >= 0);
    }

    private static final class Entry<F> {
        final String id;
        final F fault;
        Integer remaining;
        final Long expiresAtNanos;
        final Instant expiresAt;
        final double probability;
        long triggered;

        Entry(String id, F fault, Integer remaining, Long expiresAtNanos, Instant expiresAt, double probability) {
            this.id = id;
            this.fault = fault;
            this.remaining = remaining;
            this.expiresAtNanos = expiresAtNanos;
            this.expiresAt = expiresAt;
            this.probability = probability;
        }

        ActiveFault<F> view() {
            return new ActiveFault<>(id, fault, remaining, expiresAt, triggered);
        }
    }
}
