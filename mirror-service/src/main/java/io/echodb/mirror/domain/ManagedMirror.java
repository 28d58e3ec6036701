package io.echodb.mirror.domain;

import java.time.Instant;

/**
 * A table in a mirror EchoDB manages, as listed by {@code GET /api/v1/mirrors}: one entry per per-table mirror, one
 * per table of a shared mirror.
 *
 * @param mirror PeerDB mirror name
 * @param source PeerDB source peer name
 * @param schema source schema
 * @param table source table
 * @param destinationTable destination table in the destination peer
 * @param state where EchoDB stands with it
 * @param lastError why the last attempt failed (PeerDB's reason and message), or {@code null}
 * @param createdAt when EchoDB first planned this mirror
 * @param updatedAt when {@code state} last changed
 */
public record ManagedMirror(
        String mirror,
        String source,
        String schema,
        String table,
        String destinationTable,
        MirrorState state,
        String lastError,
        Instant createdAt,
        Instant updatedAt) {

    /** A new entry in state {@link MirrorState#CREATING}. */
    public static ManagedMirror creating(MirrorPlan plan, Instant now) {
        return new ManagedMirror(
                plan.mirror(),
                plan.source(),
                plan.schema(),
                plan.table(),
                plan.destinationTable(),
                MirrorState.CREATING,
                null,
                now,
                now);
    }

    /** This entry moved to {@code newState} at {@code now}. */
    public ManagedMirror with(MirrorState newState, String error, Instant now) {
        return new ManagedMirror(mirror, source, schema, table, destinationTable, newState, error, createdAt, now);
    }

    /** The table. */
    public TableRef ref() {
        return new TableRef(source, schema, table);
    }

    /** Whether this entry is for {@code plan}'s source table. */
    public boolean isFor(MirrorPlan plan) {
        return source.equals(plan.source()) && schema.equals(plan.schema()) && table.equals(plan.table());
    }
}
