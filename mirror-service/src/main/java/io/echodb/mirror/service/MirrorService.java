package io.echodb.mirror.service;

import io.echodb.mirror.MirrorMetrics;
import io.echodb.mirror.config.MirrorConfig;
import io.echodb.mirror.domain.DeadLetter;
import io.echodb.mirror.domain.DeadLetter.Operation;
import io.echodb.mirror.domain.EventType;
import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.SkippedTable.DecidedBy;
import io.echodb.mirror.domain.TableEvent;
import io.echodb.mirror.domain.TableRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns table events into mirror work (contracts.md §2): an eligible {@code CREATED} goes into a mirror by the
 * configured strategy ({@link PerTableMirrors}, {@link SharedMirrors}), an ineligible one is recorded as skipped, a
 * {@code DROPPED} retires the table's mirror unless {@code echodb.mirror.on-drop=keep}. Each event's
 * {@code observedAt} is remembered so that an older inventory never undoes it.
 */
@ApplicationScoped
public class MirrorService {

    private final MirrorConfig config;
    private final MirrorRegistry registry;
    private final EligibleTables tables;
    private final DeadLetters deadLetters;
    private final PerTableMirrors perTable;
    private final SharedMirrors shared;
    private final MirrorOutcomes outcomes;
    private final MeterRegistry meters;

    MirrorService(
            MirrorConfig config,
            MirrorRegistry registry,
            EligibleTables tables,
            DeadLetters deadLetters,
            PerTableMirrors perTable,
            SharedMirrors shared,
            MirrorOutcomes outcomes,
            MeterRegistry meters) {
        this.config = config;
        this.registry = registry;
        this.tables = tables;
        this.deadLetters = deadLetters;
        this.perTable = perTable;
        this.shared = shared;
        this.outcomes = outcomes;
        this.meters = meters;
    }

    /**
     * Takes one table event: counts it, remembers when it was observed, and starts the PeerDB work it calls for in
     * the background. Returns at once; outcomes appear in {@link MirrorRegistry}, {@link EligibleTables} and
     * {@link DeadLetters}. Duplicate events find their work in flight or done and do not call PeerDB again.
     */
    public void accept(TableEvent event) {
        MirrorMetrics.eventsReceived(meters, event.type().name().toLowerCase(Locale.ROOT), event.eligible())
                .increment();
        TableRef table = event.ref();
        tables.eventObserved(table, event.observedAt() == null ? Instant.now() : event.observedAt());
        if (event.type() == EventType.DROPPED) {
            dropped(table);
        } else if (!event.judgedEligible()) {
            String reason = event.reason() == null || event.reason().isBlank() ? "not eligible" : event.reason();
            outcomes.skipped(table, event.oid(), DecidedBy.LISTENER, reason);
        } else {
            tables.wanted(table, event.oid());
            registry.unskip(table);
            place(table, event.oid());
        }
    }

    /**
     * Retries a dead letter now (it stays listed until the retry succeeds): a creation or addition puts the table
     * into a mirror again, a retirement or removal takes it out again.
     */
    public void replay(DeadLetter letter) {
        TableRef table = letter.ref();
        Log.infof("Replaying dead letter %s: %s of %s", letter.id(), letter.operation(), table);
        switch (letter.operation()) {
            case CREATE_MIRROR -> perTable.ensure(table, tables.oidOf(table));
            case ADD_TABLE -> shared.add(table, tables.oidOf(table));
            case RETIRE_MIRROR -> perTable.plan(table).ifPresent(plan -> perTable.retire(plan, RetireReason.REPLAYED));
            case REMOVE_TABLE -> shared.plan(table).ifPresent(plan -> shared.remove(plan, RetireReason.REPLAYED));
        }
    }

    /** Puts an eligible table into a mirror with the configured strategy (in the background). */
    public void place(TableRef table, long oid) {
        if (config.strategy() == MirrorConfig.Strategy.SHARED) {
            shared.add(table, oid);
        } else {
            perTable.ensure(table, oid);
        }
    }

    /**
     * The table is gone: it is neither unmirrored nor skipped any more, and work waiting to create its mirror is
     * obsolete. If it is in a mirror this service knows (created, added or found by an inventory or at startup), it
     * is taken out (per-table mirror terminated, or removed from its shared mirror) unless {@code on-drop=keep}.
     * listener-service reports drops of every table, mirrored or not (contracts.md §2): unknown ones cost nothing;
     * a mirror this service did not know of is retired by the next inventory, where the table is missing.
     */
    private void dropped(TableRef table) {
        tables.unwanted(table);
        registry.unskip(table);
        deadLetters.clear(table, Operation.CREATE_MIRROR, Operation.ADD_TABLE);
        Optional<ManagedMirror> known = registry.of(table);
        if (known.isEmpty()) {
            Log.debugf("%s was dropped; it is in no mirror this service knows of", table);
            return;
        }
        if (config.onDrop() == MirrorConfig.OnDrop.KEEP) {
            Log.infof(
                    "%s was dropped; its mirror %s is kept (echodb.mirror.on-drop=keep)",
                    table, known.get().mirror());
            return;
        }
        Optional<MirrorPlan> sharedPlan = shared.plan(table)
                .filter(plan -> plan.mirror().equals(known.get().mirror()));
        if (sharedPlan.isPresent()) {
            shared.remove(sharedPlan.get(), RetireReason.DROPPED);
        } else {
            perTable.plan(table)
                    .filter(plan -> plan.mirror().equals(known.get().mirror()))
                    .ifPresent(plan -> perTable.retire(plan, RetireReason.DROPPED));
        }
    }
}
