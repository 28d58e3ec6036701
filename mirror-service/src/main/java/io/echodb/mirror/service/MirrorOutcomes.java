package io.echodb.mirror.service;

import io.echodb.mirror.MirrorMetrics;
import io.echodb.mirror.domain.DeadLetter.Operation;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.domain.SkippedTable.DecidedBy;
import io.echodb.mirror.domain.TableRef;
import io.echodb.mirror.naming.MirrorNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Records what became of a table's mirror work, for both strategies, in one place: the registry
 * ({@code /api/v1/mirrors}), the skipped and unmirrored tables, the dead letters a success makes obsolete, the
 * counters ({@link MirrorMetrics#MIRRORS_CREATED}, {@link MirrorMetrics#MIRRORS_RETIRED}) and the log.
 */
@ApplicationScoped
public class MirrorOutcomes {

    private final MirrorRegistry registry;
    private final EligibleTables tables;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    MirrorOutcomes(MirrorRegistry registry, EligibleTables tables, DeadLetters deadLetters, MeterRegistry meters) {
        this.registry = registry;
        this.tables = tables;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /** PeerDB accepted the creation of {@code plan}'s mirror, or took up the table's addition. */
    public void created(MirrorPlan plan, String detail) {
        registry.finish(plan, MirrorState.CREATED, null);
        mirrored(plan);
        count("created");
        Log.infof("Mirrored %s in %s (%s)", plan.ref(), plan.mirror(), detail);
    }

    /** PeerDB already has {@code plan}'s table in its mirror. */
    public void alreadyThere(MirrorPlan plan) {
        registry.finish(plan, MirrorState.ALREADY_EXISTED, null);
        mirrored(plan);
        count("already_exists");
        Log.infof("%s is already mirrored in %s", plan.ref(), plan.mirror());
    }

    /** PeerDB's validation refused {@code plan} for good ({@code reason}, e.g. {@code SOURCE_TABLE_MISSING: ...}). */
    public void refused(MirrorPlan plan, String reason) {
        registry.finish(plan, MirrorState.FAILED, reason);
        registry.skip(plan.ref(), tables.oidOf(plan.ref()), DecidedBy.PEERDB, reason);
        tables.unwanted(plan.ref());
        count("rejected");
        Log.warnf(
                "PeerDB refused to mirror %s in %s, not retrying until the next inventory: %s",
                plan.ref(), plan.mirror(), reason);
    }

    /** Mirroring {@code plan} failed (after retries; it became a dead letter unless a bug prevented even that). */
    public void failed(MirrorPlan plan, Throwable failure) {
        String error = Failures.describe(failure);
        registry.finish(plan, MirrorState.FAILED, error);
        tables.failed(plan.ref(), error);
        count("failed");
        Log.warnf("Could not mirror %s in %s: %s", plan.ref(), plan.mirror(), error);
    }

    /** {@code plan}'s table waits (e.g. for a busy shared mirror); shown as its {@code lastError}. */
    public void waiting(MirrorPlan plan, String why) {
        tables.failed(plan.ref(), why);
        Log.debugf("%s waits: %s", plan.ref(), why);
    }

    /** {@code plan}'s table left its mirror ({@code done}) or had already left it. */
    public void retired(MirrorPlan plan, RetireReason reason, boolean done) {
        registry.retired(plan);
        deadLetters.clear(plan.ref(), Operation.RETIRE_MIRROR, Operation.REMOVE_TABLE);
        if (done) {
            MirrorMetrics.mirrorsRetired(meters, reason.tag()).increment();
            Log.infof("Retired %s from %s (%s)", plan.ref(), plan.mirror(), reason.tag());
        } else {
            Log.debugf("%s was not in %s any more", plan.ref(), plan.mirror());
        }
    }

    /** Taking {@code plan}'s table out of its mirror failed. */
    public void retireFailed(MirrorPlan plan, Throwable failure) {
        String error = Failures.describe(failure);
        registry.retireFailed(plan, error);
        Log.warnf("Could not retire %s from %s: %s", plan.ref(), plan.mirror(), error);
    }

    /**
     * {@code plan} when present; when empty (PeerDB cannot address {@code table}), the table is recorded as
     * skipped with the reason.
     */
    public Optional<MirrorPlan> addressable(Optional<MirrorPlan> plan, TableRef table, long oid) {
        if (plan.isEmpty()) {
            skipped(
                    table,
                    oid,
                    DecidedBy.MIRROR_SERVICE,
                    MirrorNames.unaddressableReason(table.schema(), table.table())
                            .orElseThrow());
        }
        return plan;
    }

    /** {@code table} is not mirrored on purpose: {@code reason}, decided by {@code decidedBy}. */
    public void skipped(TableRef table, long oid, DecidedBy decidedBy, String reason) {
        registry.skip(table, oid, decidedBy, reason);
        tables.unwanted(table);
        Log.warnf("Not mirroring %s: %s", table, reason);
    }

    private void mirrored(MirrorPlan plan) {
        tables.mirrored(plan.ref());
        deadLetters.clear(plan.ref(), Operation.CREATE_MIRROR, Operation.ADD_TABLE);
    }

    private void count(String outcome) {
        MirrorMetrics.mirrorsCreated(meters, outcome).increment();
    }
}
