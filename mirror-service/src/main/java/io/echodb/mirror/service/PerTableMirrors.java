package io.echodb.mirror.service;

import io.echodb.mirror.client.PeerDbOutcome;
import io.echodb.mirror.config.MirrorConfig;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.SkippedTable.DecidedBy;
import io.echodb.mirror.domain.TableRef;
import io.echodb.mirror.naming.MirrorNames;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The per-table strategy: one mirror per table, named from {@code echodb.mirror.mirror-name-template}. Work for one
 * mirror name runs in order ({@link SerialWork}), and the {@link MirrorRegistry} claim makes duplicate events and
 * inventories (two listener replicas, replays) find the work already in flight or done: a table never gets a
 * second create request while its first is pending.
 */
@ApplicationScoped
public class PerTableMirrors {

    private final MirrorNames names;
    private final MirrorRegistry registry;
    private final MirrorOperations operations;
    private final MirrorOutcomes outcomes;
    private final SerialWork work;

    PerTableMirrors(
            MirrorNames names,
            MirrorRegistry registry,
            MirrorOperations operations,
            MirrorOutcomes outcomes,
            SerialWork work) {
        this.names = names;
        this.registry = registry;
        this.operations = operations;
        this.outcomes = outcomes;
        this.work = work;
    }

    /** The plan of {@code table}'s per-table mirror, or empty when PeerDB cannot address the table. */
    public Optional<MirrorPlan> plan(TableRef table) {
        return names.plan(table.source(), table.schema(), table.table());
    }

    /**
     * Makes sure {@code table} gets its mirror: validates and creates it in the background unless that is already
     * in flight or done. Tables PeerDB cannot address, and names taken by another table, are recorded as skipped.
     */
    public void ensure(TableRef table, long oid) {
        outcomes.addressable(plan(table), table, oid).ifPresent(plan -> claim(plan, table, oid));
    }

    private void claim(MirrorPlan plan, TableRef table, long oid) {
        switch (registry.beginCreate(plan)) {
            case BEGUN -> {
                Log.debugf("Creating mirror %s for %s", plan.mirror(), table);
                work.submit(key(plan), () -> operations.createMirror(plan, Attempt.start()))
                        .subscribe()
                        .with(outcome -> record(plan, outcome), failure -> outcomes.failed(plan, failure));
            }
            case IN_FLIGHT ->
                Log.debugf("Mirror %s is already being created; %s not requested again", plan.mirror(), table);
            case DONE -> Log.debugf("Mirror %s already exists; %s not requested again", plan.mirror(), table);
            case NAME_TAKEN ->
                outcomes.skipped(
                        table,
                        oid,
                        DecidedBy.MIRROR_SERVICE,
                        "mirror name " + plan.mirror()
                                + " is already used by another table; add {schema} or {source} to "
                                + MirrorConfig.MIRROR_NAME_TEMPLATE);
        }
    }

    /**
     * Terminates {@code plan}'s mirror in the background (after any work for it still in flight), if it is
     * EchoDB's; nothing happens while a creation for the same table is in flight.
     */
    public void retire(MirrorPlan plan, RetireReason reason) {
        if (!registry.beginRetire(plan)) {
            Log.debugf("Not retiring %s from %s now: work for it is in flight", plan.ref(), plan.mirror());
            return;
        }
        Log.debugf("Retiring mirror %s of %s (%s)", plan.mirror(), plan.ref(), reason.tag());
        work.submit(key(plan), () -> operations.retireMirror(plan, Attempt.start()))
                .subscribe()
                .with(
                        retirement ->
                                outcomes.retired(plan, reason, retirement == MirrorOperations.Retirement.TERMINATED),
                        failure -> outcomes.retireFailed(plan, failure));
    }

    private void record(MirrorPlan plan, PeerDbOutcome outcome) {
        switch (outcome) {
            case PeerDbOutcome.Accepted accepted -> outcomes.created(plan, "workflow " + accepted.workflowId());
            case PeerDbOutcome.AlreadyExists exists -> outcomes.alreadyThere(plan);
            case PeerDbOutcome.Refused refused ->
                outcomes.refused(plan, refused.error().summary());
        }
    }

    private static String key(MirrorPlan plan) {
        return "mirror:" + plan.mirror();
    }
}
