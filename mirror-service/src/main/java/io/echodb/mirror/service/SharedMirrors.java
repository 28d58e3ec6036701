package io.echodb.mirror.service;

import io.echodb.mirror.config.MirrorConfig;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.TableRef;
import io.echodb.mirror.naming.MirrorNames;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared strategy: one mirror per source and schema. Additions and removals are collected per mirror for
 * {@code echodb.mirror.shared.coalesce-window} and sent in one {@link SharedMirrorCycle}, cycles of one mirror one at
 * a time; a busy mirror is looked at again after {@code busy-recheck-interval} (docs/architecture.md, "Shared
 * strategy").
 */
@ApplicationScoped
public class SharedMirrors {

    /** The tables waiting for one mirror's next cycle. */
    private static final class Pending {
        final Map<TableRef, MirrorPlan> additions = new LinkedHashMap<>();
        final Map<TableRef, Map.Entry<MirrorPlan, RetireReason>> removals = new LinkedHashMap<>();
        boolean scheduled;
    }

    private final MirrorNames names;
    private final MirrorRegistry registry;
    private final SharedMirrorCycle cycle;
    private final MirrorOutcomes outcomes;
    private final SerialWork work;
    private final MirrorConfig.Shared config;
    private final Map<String, Pending> pending = new HashMap<>();

    SharedMirrors(
            MirrorNames names,
            MirrorRegistry registry,
            SharedMirrorCycle cycle,
            MirrorOutcomes outcomes,
            SerialWork work,
            MirrorConfig config) {
        this.names = names;
        this.registry = registry;
        this.cycle = cycle;
        this.outcomes = outcomes;
        this.work = work;
        this.config = config.shared();
    }

    /** The plan of putting {@code table} into its schema's shared mirror, or empty when PeerDB cannot address it. */
    public Optional<MirrorPlan> plan(TableRef table) {
        return names.sharedPlan(table.source(), table.schema(), table.table());
    }

    /**
     * Queues {@code table} for its schema's shared mirror (created with it when it is the first), unless it is
     * already queued or in it. Tables PeerDB cannot address are recorded as skipped.
     */
    public void add(TableRef table, long oid) {
        outcomes.addressable(plan(table), table, oid).ifPresent(plan -> {
            switch (registry.beginAdd(plan)) {
                case BEGUN -> enqueue(plan, null, config.coalesceWindow());
                case IN_FLIGHT -> Log.debugf("%s is already queued for %s", table, plan.mirror());
                case DONE -> Log.debugf("%s is already in %s", table, plan.mirror());
                case NAME_TAKEN -> throw new IllegalStateException("shared mirrors take many tables");
            }
        });
    }

    /** Queues {@code plan}'s table for removal from its shared mirror; nothing happens while its addition is in flight. */
    public void remove(MirrorPlan plan, RetireReason reason) {
        if (!registry.beginRetire(plan)) {
            Log.debugf("Not removing %s from %s now: work for it is in flight", plan.ref(), plan.mirror());
            return;
        }
        enqueue(plan, reason, config.coalesceWindow());
    }

    /** Whether EchoDB paused {@code mirror} and has not resumed it yet (in this process). */
    public boolean isPausedByEchoDb(String mirror) {
        return cycle.isPausedByEchoDb(mirror);
    }

    /** The pause cycles in flight (in this process), oldest first: what EchoDB pauses, adds and snapshots now. */
    public List<SharedMirrorCycle.PauseCycle> pauseCycles() {
        return cycle.pauseCycles();
    }

    /** Runs a cycle for {@code mirror} soon even with nothing queued, e.g. to resume it if EchoDB paused it. */
    public void check(String mirror) {
        schedule(mirror, Duration.ZERO);
    }

    /** Forgets every queued table (tests); cycles in flight finish. */
    public synchronized void clear() {
        pending.clear();
    }

    private void enqueue(MirrorPlan plan, RetireReason removal, Duration delay) {
        synchronized (this) {
            Pending queue = pending.computeIfAbsent(plan.mirror(), mirror -> new Pending());
            if (removal == null) {
                queue.removals.remove(plan.ref());
                queue.additions.put(plan.ref(), plan);
            } else {
                queue.additions.remove(plan.ref());
                queue.removals.put(plan.ref(), Map.entry(plan, removal));
            }
        }
        schedule(plan.mirror(), delay);
    }

    private void schedule(String mirror, Duration delay) {
        synchronized (this) {
            Pending queue = pending.computeIfAbsent(mirror, name -> new Pending());
            if (queue.scheduled) {
                return;
            }
            queue.scheduled = true;
        }
        Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(delay)
                .flatMap(ignored -> work.submit("mirror:" + mirror, () -> runCycle(mirror)))
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.errorf(failure, "Cycle of shared mirror %s failed unexpectedly", mirror));
    }

    private Uni<Void> runCycle(String mirror) {
        SharedMirrorCycle.Batch batch = drain(mirror);
        if (batch.isEmpty() && !cycle.isPausedByEchoDb(mirror) && !cycle.isSnapshotting(mirror)) {
            return Uni.createFrom().voidItem();
        }
        return cycle.run(batch, Attempt.start())
                .invoke(result -> record(batch, result))
                .onFailure()
                .invoke(failure -> recordFailure(batch, failure))
                .onFailure()
                .recoverWithNull()
                .invoke(() -> {
                    if (cycle.isSnapshotting(mirror)) { // looked at again until the snapshot of its additions ends
                        schedule(mirror, config.busyRecheckInterval());
                    }
                })
                .replaceWithVoid();
    }

    private synchronized SharedMirrorCycle.Batch drain(String mirror) {
        Pending queue = pending.remove(mirror);
        if (queue == null) {
            return new SharedMirrorCycle.Batch(mirror, List.of(), Map.of());
        }
        Map<MirrorPlan, RetireReason> removals = new LinkedHashMap<>();
        queue.removals.values().forEach(entry -> removals.put(entry.getKey(), entry.getValue()));
        return new SharedMirrorCycle.Batch(mirror, new ArrayList<>(queue.additions.values()), removals);
    }

    private void record(SharedMirrorCycle.Batch batch, SharedMirrorCycle.Result result) {
        if (result.busyState() != null) {
            String why = "waiting for shared mirror " + batch.mirror() + " to leave " + result.busyState()
                    + " (it is not paused while busy)";
            batch.additions().forEach(plan -> {
                outcomes.waiting(plan, why);
                enqueue(plan, null, config.busyRecheckInterval());
            });
            batch.removals().forEach((plan, reason) -> enqueue(plan, reason, config.busyRecheckInterval()));
            return;
        }
        result.added().forEach(plan -> outcomes.created(plan, "shared mirror took it up"));
        result.present().forEach(outcomes::alreadyThere);
        result.refused().forEach(outcomes::refused);
        result.removed().forEach(plan -> outcomes.retired(plan, batch.removals().get(plan), true));
        result.absent().forEach(plan -> outcomes.retired(plan, batch.removals().get(plan), false));
    }

    private void recordFailure(SharedMirrorCycle.Batch batch, Throwable failure) {
        batch.additions().forEach(plan -> outcomes.failed(plan, failure));
        batch.removals().keySet().forEach(plan -> outcomes.retireFailed(plan, failure));
    }
}
