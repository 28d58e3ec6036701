package io.echodb.mirror.service;

import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.domain.SkippedTable;
import io.echodb.mirror.domain.TableRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory record of the tables this service keeps in mirrors (one entry per table: a table is in at most one
 * managed mirror; a shared mirror has one entry per table) and of the tables it does not mirror. Thread-safe; lost
 * on restart (the next inventory rebuilds it from PeerDB).
 */
@ApplicationScoped
public class MirrorRegistry {

    /** What {@link #beginCreate(MirrorPlan)} and {@link #beginAdd(MirrorPlan)} decided. */
    public enum Claim {
        /** The caller now owns the plan and must call PeerDB, then {@link #finish}. */
        BEGUN,
        /** Requests for this table are already in flight; nothing to do. */
        IN_FLIGHT,
        /** The table is already in a mirror; nothing to do. */
        DONE,
        /** The per-table mirror name belongs to another table (the name template maps two tables to one name). */
        NAME_TAKEN
    }

    private final Map<TableRef, ManagedMirror> mirrors = new ConcurrentHashMap<>();
    private final Map<TableRef, SkippedTable> skipped = new ConcurrentHashMap<>();

    /**
     * Atomically claims a per-table mirror for creation: a new, {@link MirrorState#FAILED} or
     * {@link MirrorState#RETIRING} entry moves to {@link MirrorState#CREATING} (work for one mirror name runs in
     * order, so a creation claimed during a retirement runs after it); anything else is left alone.
     */
    public synchronized Claim beginCreate(MirrorPlan plan) {
        boolean nameTaken = mirrors.values().stream()
                .anyMatch(mirror -> mirror.mirror().equals(plan.mirror())
                        && !mirror.isFor(plan)
                        && mirror.state() != MirrorState.RETIRING);
        if (nameTaken) {
            return Claim.NAME_TAKEN;
        }
        return beginAdd(plan);
    }

    /** Atomically claims a table for addition to a mirror (shared strategy), as {@link #beginCreate} without the name check. */
    public synchronized Claim beginAdd(MirrorPlan plan) {
        TableRef table = plan.ref();
        ManagedMirror current = mirrors.get(table);
        Claim claim = current == null
                ? Claim.BEGUN
                : switch (current.state()) {
                    case CREATING -> Claim.IN_FLIGHT;
                    case CREATED, ALREADY_EXISTED -> Claim.DONE;
                    case FAILED, RETIRING -> Claim.BEGUN;
                };
        if (claim == Claim.BEGUN) {
            mirrors.put(table, ManagedMirror.creating(plan, Instant.now()));
        }
        return claim;
    }

    /**
     * Records the end of a claimed creation or addition: {@code state} with {@code error} (null unless FAILED).
     * Ignored when the table's entry is no longer this plan's creation (e.g. it is being retired meanwhile).
     */
    public synchronized void finish(MirrorPlan plan, MirrorState state, String error) {
        mirrors.computeIfPresent(
                plan.ref(),
                (table, current) -> current.mirror().equals(plan.mirror()) && current.state() == MirrorState.CREATING
                        ? current.with(state, error, Instant.now())
                        : current);
        if (state != MirrorState.FAILED) {
            skipped.remove(plan.ref());
        }
    }

    /**
     * Records that PeerDB already has {@code plan}'s table in {@code plan.mirror()} (found by an inventory): a new
     * or {@link MirrorState#FAILED} entry becomes {@link MirrorState#ALREADY_EXISTED}; work in flight is left alone.
     */
    public synchronized void adopt(MirrorPlan plan) {
        ManagedMirror current = mirrors.get(plan.ref());
        if (current == null
                || current.state() == MirrorState.FAILED
                || (!current.mirror().equals(plan.mirror()) && current.state() != MirrorState.CREATING)) {
            Instant now = Instant.now();
            mirrors.put(plan.ref(), ManagedMirror.creating(plan, now).with(MirrorState.ALREADY_EXISTED, null, now));
        }
        skipped.remove(plan.ref());
    }

    /**
     * Claims {@code plan}'s table for retirement from {@code plan.mirror()}: the entry moves to
     * {@link MirrorState#RETIRING} (created if unknown). Refused while a creation of the same table is in flight.
     *
     * @return whether the caller now owns the retirement
     */
    public synchronized boolean beginRetire(MirrorPlan plan) {
        ManagedMirror current = mirrors.get(plan.ref());
        if (current != null
                && (current.state() == MirrorState.RETIRING
                        || (current.state() == MirrorState.CREATING
                                && current.mirror().equals(plan.mirror())))) {
            return false;
        }
        Instant now = Instant.now();
        ManagedMirror base =
                current != null && current.mirror().equals(plan.mirror()) ? current : ManagedMirror.creating(plan, now);
        mirrors.put(plan.ref(), base.with(MirrorState.RETIRING, null, now));
        return true;
    }

    /** The retirement of {@code plan} ended: its entry is forgotten if still {@link MirrorState#RETIRING} there. */
    public synchronized void retired(MirrorPlan plan) {
        mirrors.computeIfPresent(
                plan.ref(),
                (table, current) -> current.mirror().equals(plan.mirror()) && current.state() == MirrorState.RETIRING
                        ? null
                        : current);
    }

    /** The retirement of {@code plan} failed with {@code error}: its entry becomes {@link MirrorState#FAILED}. */
    public synchronized void retireFailed(MirrorPlan plan, String error) {
        mirrors.computeIfPresent(
                plan.ref(),
                (table, current) -> current.mirror().equals(plan.mirror()) && current.state() == MirrorState.RETIRING
                        ? current.with(MirrorState.FAILED, error, Instant.now())
                        : current);
    }

    /** Forgets {@code entry} if it is still the table's current entry. */
    public void forget(ManagedMirror entry) {
        mirrors.remove(entry.ref(), entry);
    }

    /** Records (or replaces) why a table is not mirrored. */
    public void skip(TableRef table, long oid, SkippedTable.DecidedBy decidedBy, String reason) {
        skipped.put(
                table,
                new SkippedTable(table.source(), table.schema(), table.table(), oid, decidedBy, reason, Instant.now()));
    }

    /** Forgets that {@code table} was skipped (it became eligible, or is gone). */
    public void unskip(TableRef table) {
        skipped.remove(table);
    }

    /** The entry of {@code table}, if this service keeps it in a mirror. */
    public Optional<ManagedMirror> of(TableRef table) {
        return Optional.ofNullable(mirrors.get(table));
    }

    /** The oldest entry for the mirror named {@code mirror}. */
    public Optional<ManagedMirror> mirror(String mirror) {
        return mirrors().stream().filter(entry -> entry.mirror().equals(mirror)).findFirst();
    }

    /** Every entry, oldest first (then by mirror name, schema and table). */
    public List<ManagedMirror> mirrors() {
        return mirrors.values().stream()
                .sorted(Comparator.comparing(ManagedMirror::createdAt)
                        .thenComparing(ManagedMirror::mirror)
                        .thenComparing(ManagedMirror::schema)
                        .thenComparing(ManagedMirror::table))
                .toList();
    }

    /** Every skipped table, oldest first (then by source, schema and table). */
    public List<SkippedTable> skippedTables() {
        return skipped.values().stream()
                .sorted(Comparator.comparing(SkippedTable::recordedAt)
                        .thenComparing(SkippedTable::source)
                        .thenComparing(SkippedTable::schema)
                        .thenComparing(SkippedTable::table))
                .toList();
    }

    /** Forgets everything (tests and operators starting over). */
    public synchronized void clear() {
        mirrors.clear();
        skipped.clear();
    }
}
