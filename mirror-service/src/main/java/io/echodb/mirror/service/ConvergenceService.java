package io.echodb.mirror.service;

import io.echodb.mirror.MirrorMetrics;
import io.echodb.mirror.config.MirrorConfig;
import io.echodb.mirror.domain.DeadLetter.Operation;
import io.echodb.mirror.domain.Inventory;
import io.echodb.mirror.domain.InventoryTable;
import io.echodb.mirror.domain.ManagedMirror;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.domain.SkippedTable.DecidedBy;
import io.echodb.mirror.domain.TableRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Converges PeerDB on an inventory (contracts.md §5): every eligible table in exactly one EchoDB-managed mirror,
 * missing ones created or queued, mirrors of gone or ineligible tables retired, non-managed mirrors never touched.
 * One convergence per source at a time, newer inventories coalesced (docs/architecture.md, "Convergence").
 */
@ApplicationScoped
public class ConvergenceService {

    private final MirrorConfig config;
    private final MirrorCatalog catalog;
    private final MirrorRegistry registry;
    private final EligibleTables tables;
    private final DeadLetters deadLetters;
    private final MirrorService events;
    private final PerTableMirrors perTable;
    private final SharedMirrors shared;
    private final SerialWork work;
    private final MeterRegistry meters;
    private final Map<String, Inventory> waiting = new ConcurrentHashMap<>();

    ConvergenceService(
            MirrorConfig config,
            MirrorCatalog catalog,
            MirrorRegistry registry,
            EligibleTables tables,
            DeadLetters deadLetters,
            MirrorService events,
            PerTableMirrors perTable,
            SharedMirrors shared,
            SerialWork work,
            MeterRegistry meters) {
        this.config = config;
        this.catalog = catalog;
        this.registry = registry;
        this.tables = tables;
        this.deadLetters = deadLetters;
        this.events = events;
        this.perTable = perTable;
        this.shared = shared;
        this.work = work;
        this.meters = meters;
    }

    /**
     * Takes an inventory and converges on it in the background, after any convergence of the same source still
     * running. Returns at once.
     *
     * @return the convergence, for callers that want to wait (subscribing to it is not needed)
     */
    public Uni<Void> accept(Inventory inventory) {
        String source = inventory.source();
        MirrorMetrics.registerSource(meters, source);
        MirrorMetrics.inventoriesReceived(meters, source).increment();
        waiting.merge(source, inventory, (older, newer) -> newer.takenAt().isBefore(older.takenAt()) ? older : newer);
        Uni<Void> convergence = work.submit("source:" + source, () -> convergeWaiting(source))
                .memoize()
                .indefinitely();
        convergence.subscribe().with(ignored -> {}, failure -> {});
        return convergence;
    }

    private Uni<Void> convergeWaiting(String source) {
        Inventory inventory = waiting.remove(source);
        if (inventory == null) {
            return Uni.createFrom().voidItem(); // coalesced into an earlier convergence
        }
        Timer.Sample sample = Timer.start(meters);
        if (!tables.startInventory(source, inventory.takenAt())) {
            Log.infof(
                    "Ignoring inventory of %s taken at %s: a newer one was applied already",
                    source, inventory.takenAt());
            sample.stop(timer(source, "stale"));
            return Uni.createFrom().voidItem();
        }
        Set<TableRef> listed =
                inventory.tables().stream().map(table -> table.ref(source)).collect(Collectors.toSet());
        return catalog.load(source, inventory.schemas(), listed)
                .invoke(snapshot -> apply(inventory, snapshot))
                .invoke(() -> sample.stop(timer(source, "success")))
                .onFailure()
                .invoke(failure -> {
                    sample.stop(timer(source, "error"));
                    unreadable(inventory, failure);
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private void apply(Inventory inventory, MirrorCatalog.Snapshot actual) {
        String source = inventory.source();
        Set<TableRef> listed =
                inventory.tables().stream().map(t -> t.ref(source)).collect(Collectors.toSet());
        int[] counts = new int[3]; // queued, retired, mirrored
        for (InventoryTable table : inventory.tables()) {
            TableRef ref = table.ref(source);
            if (tables.hasEventAfter(ref, inventory.takenAt())) {
                Log.debugf("%s: its latest event is newer than the inventory; not judged by it", ref);
                continue;
            }
            var placement = actual.placementOf(ref);
            if (table.eligible()) {
                deadLetters.clear(ref, Operation.RETIRE_MIRROR, Operation.REMOVE_TABLE);
                if (placement.isPresent() && !placement.get().terminating()) {
                    registry.adopt(placement.get().plan());
                    tables.mirrored(ref);
                    deadLetters.clear(ref, Operation.CREATE_MIRROR, Operation.ADD_TABLE);
                    counts[2]++;
                } else if (placement.isPresent()) {
                    tables.wanted(ref, table.oid());
                    tables.failed(
                            ref,
                            "waiting for PeerDB to finish terminating mirror "
                                    + placement.get().name());
                } else {
                    warnIfForeign(ref, actual);
                    forgetIfStale(ref, actual);
                    tables.wanted(ref, table.oid());
                    registry.unskip(ref);
                    events.place(ref, table.oid());
                    counts[0]++;
                }
            } else {
                deadLetters.clear(ref, Operation.CREATE_MIRROR, Operation.ADD_TABLE);
                registry.skip(ref, table.oid(), DecidedBy.LISTENER, reasonOf(table));
                tables.unwanted(ref);
                if (placement.isPresent() && !placement.get().terminating()) {
                    retire(placement.get(), table.partitionChild() ? RetireReason.PARTITION : RetireReason.INELIGIBLE);
                    counts[1]++;
                }
            }
        }
        for (MirrorCatalog.Placement placement : actual.placements().values()) {
            TableRef ref = placement.plan().ref();
            if (listed.contains(ref)
                    || !inventory.covers(ref.schema())
                    || placement.terminating()
                    || tables.hasEventAfter(ref, inventory.takenAt())) {
                continue;
            }
            tables.unwanted(ref);
            deadLetters.clear(ref, Operation.CREATE_MIRROR, Operation.ADD_TABLE);
            if (config.onDrop() == MirrorConfig.OnDrop.KEEP) {
                Log.debugf("%s is gone; its mirror %s is kept (echodb.mirror.on-drop=keep)", ref, placement.name());
                continue;
            }
            retire(placement, RetireReason.GONE);
            counts[1]++;
        }
        actual.sharedStates().keySet().stream().filter(shared::isPausedByEchoDb).forEach(shared::check);
        Log.infof(
                "Converged on inventory of %s taken at %s: %d table(s) listed, %d already mirrored, %d to mirror,"
                        + " %d to retire",
                source, inventory.takenAt(), inventory.tables().size(), counts[2], counts[0], counts[1]);
    }

    private void retire(MirrorCatalog.Placement placement, RetireReason reason) {
        if (placement.kind() == MirrorCatalog.Kind.SHARED) {
            shared.remove(placement.plan(), reason);
        } else {
            perTable.retire(placement.plan(), reason);
        }
    }

    /** A table EchoDB is about to mirror that an operator already put in a mirror of their own: worth a WARN. */
    private static void warnIfForeign(TableRef table, MirrorCatalog.Snapshot actual) {
        String mirror = actual.foreign().get(table);
        if (mirror != null) {
            Log.warnf(
                    "%s is also in mirror %s, which EchoDB does not manage (its name is not what the templates"
                            + " give); EchoDB mirrors the table in its own mirror and leaves %s alone",
                    table, mirror, mirror);
        }
    }

    /**
     * A registry entry that says the table is mirrored although PeerDB (read after the entry settled) does not
     * have it: the mirror was dropped behind EchoDB's back, or PeerDB ignored an addition. Forgotten, so that the
     * table is mirrored again.
     */
    private void forgetIfStale(TableRef table, MirrorCatalog.Snapshot actual) {
        registry.of(table)
                .filter(entry -> entry.state() == MirrorState.CREATED || entry.state() == MirrorState.ALREADY_EXISTED)
                .filter(entry -> entry.updatedAt().isBefore(actual.loadedAt()))
                .ifPresent(entry -> {
                    Log.infof("%s is not in PeerDB's mirror %s any more; mirroring it again", table, entry.mirror());
                    registry.forget(entry);
                });
    }

    /** PeerDB could not be read: the eligible tables not known to be mirrored are listed with the error. */
    private void unreadable(Inventory inventory, Throwable failure) {
        String error = "could not read PeerDB's mirrors: " + Failures.describe(failure);
        Log.warnf("Convergence of %s failed (retried with the next inventory): %s", inventory.source(), error);
        for (InventoryTable table : inventory.tables()) {
            TableRef ref = table.ref(inventory.source());
            boolean mirrored = registry.of(ref)
                    .map(ManagedMirror::state)
                    .filter(state -> state == MirrorState.CREATED || state == MirrorState.ALREADY_EXISTED)
                    .isPresent();
            if (table.eligible() && !mirrored && !tables.hasEventAfter(ref, inventory.takenAt())) {
                tables.wanted(ref, table.oid());
                tables.failed(ref, error);
            }
        }
    }

    private static String reasonOf(InventoryTable table) {
        if (table.reason() != null && !table.reason().isBlank()) {
            return table.reason();
        }
        return table.partitionChild() ? "partition of " + table.partitionOf() : "not eligible";
    }

    private Timer timer(String source, String outcome) {
        return MirrorMetrics.convergence(meters, source, outcome);
    }
}
