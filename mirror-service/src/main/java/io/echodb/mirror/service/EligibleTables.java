package io.echodb.mirror.service;

import io.echodb.mirror.domain.TableRef;
import io.echodb.mirror.domain.UnmirroredTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What mirror-service knows about tables beyond their mirrors, in memory: the eligible tables that have no mirror yet
 * ({@code GET /api/v1/unmirrored-tables}), when each table's latest event was observed (so that an older inventory
 * never undoes it, contracts.md §5), and each source's latest applied inventory.
 */
@ApplicationScoped
public class EligibleTables {

    private final Map<TableRef, UnmirroredTable> unmirrored = new ConcurrentHashMap<>();
    private final Map<TableRef, Long> oids = new ConcurrentHashMap<>();
    private final Map<TableRef, Instant> latestEvent = new ConcurrentHashMap<>();
    private final Map<String, Instant> latestInventory = new ConcurrentHashMap<>();

    /**
     * {@code table} (with {@code pg_class.oid} {@code oid}) should be mirrored; listed as unmirrored until
     * {@link #mirrored} (an earlier entry is kept).
     */
    public void wanted(TableRef table, long oid) {
        oids.put(table, oid);
        unmirrored.computeIfAbsent(
                table, ref -> new UnmirroredTable(ref.source(), ref.schema(), ref.table(), Instant.now(), null));
    }

    /** {@code table} is in a mirror now. */
    public void mirrored(TableRef table) {
        unmirrored.remove(table);
    }

    /** {@code table} is not to be mirrored (dropped, ineligible, refused by PeerDB). */
    public void unwanted(TableRef table) {
        unmirrored.remove(table);
    }

    /** The last {@code pg_class.oid} reported for {@code table}, or 0 when none was. */
    public long oidOf(TableRef table) {
        return oids.getOrDefault(table, 0L);
    }

    /** The last attempt to mirror {@code table} failed, or it waits, for {@code error}; ignored if not listed. */
    public void failed(TableRef table, String error) {
        unmirrored.computeIfPresent(table, (ref, entry) -> entry.withError(error));
    }

    /** Every eligible table without a mirror, oldest first. */
    public List<UnmirroredTable> unmirrored() {
        return unmirrored.values().stream()
                .sorted(Comparator.comparing(UnmirroredTable::eligibleSince)
                        .thenComparing(UnmirroredTable::source)
                        .thenComparing(UnmirroredTable::schema)
                        .thenComparing(UnmirroredTable::table))
                .toList();
    }

    /** Records an event about {@code table} observed at {@code observedAt} (the latest one wins). */
    public void eventObserved(TableRef table, Instant observedAt) {
        latestEvent.merge(table, observedAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Whether an event about {@code table} came after {@code takenAt}: an inventory that old does not judge it. */
    public boolean hasEventAfter(TableRef table, Instant takenAt) {
        Instant event = latestEvent.get(table);
        return event != null && event.isAfter(takenAt);
    }

    /**
     * Marks an inventory of {@code source} taken at {@code takenAt} as applied, unless a later one was applied
     * already (then it is stale and must be ignored), and forgets events that inventory makes irrelevant.
     *
     * @return {@code true} when the inventory is to be applied
     */
    public boolean startInventory(String source, Instant takenAt) {
        boolean[] fresh = {false};
        latestInventory.compute(source, (key, current) -> {
            fresh[0] = current == null || !takenAt.isBefore(current);
            return fresh[0] ? takenAt : current;
        });
        if (fresh[0]) {
            latestEvent
                    .entrySet()
                    .removeIf(entry -> entry.getKey().source().equals(source)
                            && entry.getValue().isBefore(takenAt));
        }
        return fresh[0];
    }

    /** The {@code takenAt} of each source's latest applied inventory, by source. */
    public Map<String, Instant> latestInventories() {
        return new TreeMap<>(latestInventory);
    }

    /** Forgets everything (tests). */
    public void clear() {
        unmirrored.clear();
        oids.clear();
        latestEvent.clear();
        latestInventory.clear();
    }
}
