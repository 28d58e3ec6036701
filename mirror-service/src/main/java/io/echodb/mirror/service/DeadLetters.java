package io.echodb.mirror.service;

import io.echodb.mirror.MirrorMetrics;
import io.echodb.mirror.domain.DeadLetter;
import io.echodb.mirror.domain.DeadLetter.Operation;
import io.echodb.mirror.domain.TableRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PeerDB requests that exhausted their retries ({@link DeadLetter}), one per table and operation: a request that
 * fails again updates its letter ({@code attempts}, {@code lastError}, {@code lastSeen}) and keeps its id. Kept in
 * memory (a restart forgets them; the next inventory finds the same work again). Their number is the gauge
 * {@link MirrorMetrics#DEAD_LETTERS}.
 */
@ApplicationScoped
public class DeadLetters {

    private record Key(Operation operation, TableRef table) {}

    private final Map<Key, DeadLetter> letters = new ConcurrentHashMap<>();

    DeadLetters(MeterRegistry meters) {
        // A gauge left by an earlier start in the same JVM (tests, dev-mode reloads) would keep reading its own map.
        meters.find(MirrorMetrics.DEAD_LETTERS).meters().forEach(meters::remove);
        MirrorMetrics.deadLetters(meters, letters);
    }

    /** Records that {@code operation} on {@code table} (mirror {@code mirror}) failed for good with {@code error}. */
    public DeadLetter record(Operation operation, TableRef table, String mirror, String error) {
        Instant now = Instant.now();
        DeadLetter letter = letters.compute(
                new Key(operation, table),
                (key, current) -> current == null
                        ? new DeadLetter(
                                UUID.randomUUID().toString(),
                                table.source(),
                                table.schema(),
                                table.table(),
                                mirror,
                                operation,
                                1,
                                error,
                                now,
                                now)
                        : current.failedAgain(error, now));
        Log.warnf(
                "Dead letter %s: %s of %s (mirror %s) failed %d time(s), last: %s",
                letter.id(), operation, table, mirror, letter.attempts(), error);
        return letter;
    }

    /** Forgets the letters of {@code table} for the given operations (they succeeded or are no longer needed). */
    public void clear(TableRef table, Operation... operations) {
        for (Operation operation : operations) {
            DeadLetter removed = letters.remove(new Key(operation, table));
            if (removed != null) {
                Log.infof("Dead letter %s cleared: %s of %s", removed.id(), operation, table);
            }
        }
    }

    /** The letter with this id. */
    public Optional<DeadLetter> find(String id) {
        return letters.values().stream()
                .filter(letter -> letter.id().equals(id))
                .findFirst();
    }

    /** Every letter, oldest first. */
    public List<DeadLetter> list() {
        return letters.values().stream()
                .sorted(Comparator.comparing(DeadLetter::firstSeen).thenComparing(DeadLetter::id))
                .toList();
    }

    /** How many letters there are. */
    public int count() {
        return letters.size();
    }

    /** Forgets every letter (tests). */
    public void clearAll() {
        letters.clear();
    }
}
