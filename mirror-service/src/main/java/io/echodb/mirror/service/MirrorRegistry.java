package io.echodb.mirror.service;

import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.domain.SkippedTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory record of the mirrors this service manages (keyed by mirror name) and of the tables it does not
 * mirror (keyed by source, schema and table). Thread-safe; lost on restart (the next inventory rebuilds it).
 */
@ApplicationScoped
public class MirrorRegistry {

    /** What {@link #begin(MirrorPlan)} decided. */
    public enum Claim {
        /** The caller now owns the plan and must call PeerDB, then {@link #finish}. */
        BEGUN,
        /** Requests for this mirror are already in flight; nothing to do. */
        IN_FLIGHT,
        /** The mirror was already created or found; nothing to do. */
        DONE,
        /** The mirror name belongs to another table (the name template maps two tables to one name). */
        NAME_TAKEN
    }

    private final Map<String, ManagedMirror> mirrors = new ConcurrentHashMap<>();
    private final Map<List<String>, SkippedTable> skipped = new ConcurrentHashMap<>();
    /**
     * Atomically claims {@code plan} for creation: a new or {@link MirrorState#FAILED} entry moves to
     * {@link MirrorState#CREATING}; anything else is left alone.
     */
    public Claim begin(MirrorPlan plan) {
        Claim[] claim = {Claim.BEGUN};
        mirrors.compute(plan.mirror(), (name, current) -> {
            if (current == null) {
                return ManagedMirror.creating(plan, Instant.now());
            }
            if (!current.isFor(plan)) {
                claim[0] = Claim.NAME_TAKEN;
                return current;
            }
            claim[0] = switch (current.state()) {
                case CREATING -> Claim.IN_FLIGHT;
                case CREATED, ALREADY_EXISTED -> Claim.DONE;
                case FAILED -> Claim.BEGUN;
            };
            return claim[0] == Claim.BEGUN ? current.with(MirrorState.CREATING, null, Instant.now()) : current;
        });
        return claim[0];
    }

    /** Records the end of a claimed creation: {@code state} with {@code error} (null unless FAILED). */
    public void finish(MirrorPlan plan, MirrorState state, String error) {
        mirrors.computeIfPresent(plan.mirror(), (name, current) -> current.with(state, error, Instant.now()));
        if (state != MirrorState.FAILED) {
            skipped.remove(key(plan.source(), plan.schema(), plan.table()));
        }
    }

    /** Records (or replaces) why a table is not mirrored. */
    public void skip(String source, String schema, String table, long oid, SkippedTable.DecidedBy decidedBy,
            String reason) {
        skipped.put(key(source, schema, table),
                new SkippedTable(source, schema, table, oid, decidedBy, reason, Instant.now()));
    }

    /** The entry of {@code mirror}, if this service manages it. */
    public Optional<ManagedMirror> mirror(String mirror) {
        return Optional.ofNullable(mirrors.get(mirror));
    }

    /** Every managed mirror, by name. */
    public List<ManagedMirror> mirrors() {
        return mirrors.values().stream().sorted(Comparator.comparing(ManagedMirror::mirror)).toList();
    }

    /** Every skipped table, by source, schema and table. */
    public List<SkippedTable> skippedTables() {
        return skipped.values().stream()
                .sorted(Comparator.comparing(SkippedTable::source)
                        .thenComparing(SkippedTable::schema)
                        .thenComparing(SkippedTable::table))
                .toList();
    }

    /** Forgets everything (tests and operators starting over). */
    public void clear() {
        mirrors.clear();
        skipped.clear();
    }

    private static List<String> key(String source, String schema, String table) {
        return List.of(source, schema, table);
    }
}
