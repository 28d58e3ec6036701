package io.echodb.testing.peerdb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echodb.testing.peerdb.PeerDbProtos.CdcFlowConfigUpdate;
import io.echodb.testing.peerdb.PeerDbProtos.CloneTableSummary;
import io.echodb.testing.peerdb.PeerDbProtos.FlowConnectionConfigs;
import io.echodb.testing.peerdb.PeerDbProtos.TableMapping;
import io.echodb.testing.peerdb.PeerDbState.CreatedObject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What PeerDB's Temporal workflows do after the API has answered (flow/workflows/cdc_flow.go, setup_flow.go,
 * snapshot_flow.go, drop_flow.go; peerdb-api.md §3.3, §5, §6, §7), reduced to the status transitions and the
 * side effects on the source database.
 *
 * <p>All steps run one after another on a single scheduler thread, so two steps never touch the same mirror at
 * once; a step scheduled for an older {@link Mirror#epoch} (the mirror was forced, terminated or forgotten
 * meanwhile) does nothing. Status changes wait {@code stepDelay} each; a setup that cannot proceed is retried
 * every {@code retryInterval}.
 */
final class MirrorWorkflows implements AutoCloseable {

    /** {@code shared.IsValidReplicationName}, checked in {@code SetupReplication}. */
    static final Pattern VALID_MIRROR_NAME = Pattern.compile("^[a-z_][a-z0-9_]*$");

    private static final Logger LOG = Logger.getLogger(MirrorWorkflows.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    /** One step of a workflow; {@code epoch} is the mirror epoch it was scheduled for. */
    @FunctionalInterface
    private interface Step {
        void run(Mirror mirror, int epoch) throws SQLException;
    }

    private final PeerDbState state;
    private final Duration stepDelay;
    private final Duration retryInterval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "peerdb-emulator-workflows");
        thread.setDaemon(true);
        return thread;
    });

    MirrorWorkflows(PeerDbState state, Duration stepDelay, Duration retryInterval) {
        this.state = state;
        this.stepDelay = stepDelay;
        this.retryInterval = retryInterval;
    }

    /** Starts the CDC workflow of a mirror just inserted in {@code STATUS_SETUP}. */
    void start(Mirror mirror) {
        schedule(mirror, stepDelay, this::setup);
    }

    /** The pause signal: RUNNING → PAUSING now, PAUSED after one step. */
    void pause(Mirror mirror) {
        synchronized (state) {
            mirror.status = FlowStatus.STATUS_PAUSING;
        }
        schedule(mirror, stepDelay, this::paused);
    }

    /** The resume signal on a PAUSED mirror: applies pending config updates, then RUNNING. */
    void resume(Mirror mirror) {
        schedule(mirror, stepDelay, this::applyUpdatesAndResume);
    }

    /**
     * The config-update signal. Ignored for finished mirrors; stored otherwise and applied the next time the
     * mirror is paused (at once when it is paused now), which always resumes it (peerdb-api.md §6).
     */
    void signalUpdate(Mirror mirror, CdcFlowConfigUpdate update) {
        boolean pausedNow;
        synchronized (state) {
            if (Set.of(
                            FlowStatus.STATUS_TERMINATED,
                            FlowStatus.STATUS_TERMINATING,
                            FlowStatus.STATUS_FAILED,
                            FlowStatus.STATUS_COMPLETED)
                    .contains(mirror.status)) {
                return;
            }
            mirror.pendingUpdates.add(update);
            pausedNow = mirror.status == FlowStatus.STATUS_PAUSED;
        }
        if (pausedNow) {
            schedule(mirror, stepDelay, this::applyUpdatesAndResume);
        }
    }

    /** The terminate signal: TERMINATING now; slot and publication dropped and the row deleted after one step. */
    void terminate(Mirror mirror) {
        synchronized (state) {
            mirror.epoch++;
            mirror.status = FlowStatus.STATUS_TERMINATING;
        }
        schedule(mirror, stepDelay, (target, epoch) -> drop(target));
    }

    /** Terminate of a FAILED or COMPLETED mirror: the drop runs before the API answers. */
    void terminateNow(Mirror mirror) {
        synchronized (state) {
            mirror.epoch++;
        }
        awaitOnScheduler(() -> {
            drop(mirror);
            return null;
        });
    }

    /** Forgets everything and drops the slots and publications the emulator created, on the scheduler thread. */
    void reset() {
        awaitOnScheduler(() -> {
            Map<String, SourceDatabase> databases = new HashMap<>();
            state.peers().forEach(peer -> peer.database().ifPresent(db -> databases.put(peer.name(), db)));
            for (CreatedObject object : state.clear()) {
                SourceDatabase database = databases.get(object.peer());
                if (database != null) {
                    dropQuietly(database, object);
                }
            }
            return null;
        });
    }

    private static void dropQuietly(SourceDatabase database, CreatedObject object) {
        try {
            if (object.kind() == CreatedObject.Kind.SLOT) {
                database.dropSlot(object.name());
            } else {
                database.dropPublication(object.name());
            }
        } catch (SQLException e) {
            LOG.warnf(
                    "PeerDB emulator: cannot drop %s %s on peer %s during reset: %s",
                    object.kind(), object.name(), object.peer(), e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void setup(Mirror mirror, int epoch) throws SQLException {
        FlowConnectionConfigs config = config(mirror);
        Optional<SourceDatabase> source = sourceDatabase(config);
        if (source.isEmpty()) {
            fail(mirror, epoch, "source peer " + config.sourceName() + " is not a reachable Postgres peer");
            return;
        }
        List<QualifiedTable> tables;
        try {
            tables = tables(config.tableMappings());
        } catch (IllegalArgumentException e) {
            fail(mirror, epoch, e.getMessage());
            return;
        }
        if (!config.initialSnapshotOnly()) {
            Optional<String> notPullable = pullabilityProblem(source.get(), tables);
            if (notPullable.isPresent()) {
                state.log(mirror.name, "error", notPullable.get());
                schedule(mirror, retryInterval, this::setup);
                return;
            }
        }
        if (!config.noCdc() && !setupReplication(mirror, epoch, config, source.get(), tables)) {
            return;
        }
        if (config.doInitialSnapshot()) {
            if (transition(mirror, epoch, FlowStatus.STATUS_SNAPSHOT)) {
                schedule(mirror, stepDelay, this::snapshot);
            }
        } else {
            transition(mirror, epoch, FlowStatus.STATUS_RUNNING);
        }
    }

    /** {@code EnsurePullability}: a primary key, REPLICA IDENTITY FULL, or a replica-identity index. */
    private static Optional<String> pullabilityProblem(SourceDatabase source, List<QualifiedTable> tables)
            throws SQLException {
        for (QualifiedTable table : tables) {
            Optional<SourceDatabase.ReplicaIdentity> identity = source.replicaIdentity(table);
            if (identity.isEmpty()) {
                return Optional.of("table " + table + " does not exist");
            }
            if (identity.get().kind() == 'n') {
                return Optional.of("table " + table + " has replica identity 'n'/NOTHING");
            }
            if (!identity.get().pullable()) {
                return Optional.of("table " + table + " has no primary keys and does not have REPLICA IDENTITY FULL");
            }
        }
        return Optional.empty();
    }

    /** {@code SetupReplication}: name check, publication, slot. Returns false when the mirror failed. */
    private boolean setupReplication(
            Mirror mirror, int epoch, FlowConnectionConfigs config, SourceDatabase source, List<QualifiedTable> tables)
            throws SQLException {
        if (!VALID_MIRROR_NAME.matcher(mirror.name).matches()) {
            fail(mirror, epoch, "invalid flow job name: `" + mirror.name + "`, it should be ^[a-z_][a-z0-9_]*$");
            return false;
        }
        String publication = mirror.publication();
        if (mirror.managedPublication()) {
            if (!source.publicationExists(publication)) {
                source.createPublication(publication, tables);
                state.created(new CreatedObject(config.sourceName(), CreatedObject.Kind.PUBLICATION, publication));
            }
        } else if (!source.publicationExists(publication)) {
            fail(mirror, epoch, "publication does not exist: " + publication);
            return false;
        }
        String slot = mirror.slot();
        if (source.slotExists(slot)) {
            if (config.doInitialSnapshot()) {
                fail(mirror, epoch, "slot already exists");
                return false;
            }
        } else {
            source.createSlot(slot);
            state.created(new CreatedObject(config.sourceName(), CreatedObject.Kind.SLOT, slot));
        }
        return true;
    }

    private void snapshot(Mirror mirror, int epoch) throws SQLException {
        FlowConnectionConfigs config = config(mirror);
        SourceDatabase source = sourceDatabase(config).orElseThrow();
        List<CloneTableSummary> clones = new ArrayList<>();
        Instant started = Instant.now();
        for (TableMapping mapping : config.tableMappings()) {
            long rows = source.countRows(QualifiedTable.parse(mapping.sourceTableIdentifier()));
            clones.add(new CloneTableSummary(
                    mapping.destinationTableIdentifier(),
                    started,
                    1,
                    1,
                    rows,
                    stepDelay.toMillis(),
                    "clone_" + mirror.name + "_" + mapping.destinationTableIdentifier(),
                    mapping.sourceTableIdentifier(),
                    true,
                    true,
                    mirror.name));
        }
        synchronized (state) {
            if (mirror.epoch == epoch) {
                mirror.clones = List.copyOf(clones);
            }
        }
        transition(mirror, epoch, config.noCdc() ? FlowStatus.STATUS_COMPLETED : FlowStatus.STATUS_RUNNING);
    }

    private void paused(Mirror mirror, int epoch) {
        boolean updatesWaiting;
        synchronized (state) {
            updatesWaiting = !mirror.pendingUpdates.isEmpty();
        }
        if (transition(mirror, epoch, FlowStatus.STATUS_PAUSED) && updatesWaiting) {
            schedule(mirror, stepDelay, this::applyUpdatesAndResume);
        }
    }

    /**
     * {@code processCDCFlowConfigUpdate} in the paused loop: settings, then table additions (STATUS_SNAPSHOT,
     * publication altered or checked), then removals (STATUS_MODIFYING), then RUNNING.
     */
    private void applyUpdatesAndResume(Mirror mirror, int epoch) throws SQLException {
        List<CdcFlowConfigUpdate> updates;
        FlowConnectionConfigs config;
        synchronized (state) {
            if (mirror.status != FlowStatus.STATUS_PAUSED) {
                return;
            }
            updates = List.copyOf(mirror.pendingUpdates);
            mirror.pendingUpdates.clear();
            mirror.config = applySettings(mirror.config, updates);
            config = mirror.config;
        }
        List<TableMapping> additions = additions(config, updates);
        List<TableMapping> removals =
                updates.stream().flatMap(u -> u.removedTables().stream()).toList();
        if (additions.isEmpty()) {
            removeTables(mirror, epoch, removals);
            return;
        }
        SourceDatabase source = sourceDatabase(config).orElseThrow();
        List<QualifiedTable> added = tables(additions);
        if (mirror.managedPublication()) {
            source.addToPublication(mirror.publication(), added);
        } else {
            List<QualifiedTable> absent = source.tablesNotInPublication(mirror.publication(), added);
            if (!absent.isEmpty()) {
                fail(
                        mirror,
                        epoch,
                        "tables not in publication \"" + mirror.publication() + "\": "
                                + absent.stream().map(QualifiedTable::dotted).collect(Collectors.joining(", ")));
                return;
            }
        }
        synchronized (state) {
            List<TableMapping> mappings = new ArrayList<>(mirror.config.tableMappings());
            mappings.addAll(additions);
            mirror.config = ProtoJson.with(mirror.config, tree -> tree.set("tableMappings", ProtoJson.tree(mappings)));
        }
        if (transition(mirror, epoch, FlowStatus.STATUS_SNAPSHOT)) {
            schedule(mirror, stepDelay, (target, current) -> removeTables(target, current, removals));
        }
    }

    private void removeTables(Mirror mirror, int epoch, List<TableMapping> removals) throws SQLException {
        if (removals.isEmpty()) {
            transition(mirror, epoch, FlowStatus.STATUS_RUNNING);
            return;
        }
        FlowConnectionConfigs config = config(mirror);
        if (mirror.managedPublication()) {
            sourceDatabase(config).orElseThrow().dropFromPublication(mirror.publication(), tables(removals));
        }
        Set<String> removed =
                removals.stream().map(TableMapping::sourceTableIdentifier).collect(Collectors.toSet());
        synchronized (state) {
            List<TableMapping> kept = mirror.config.tableMappings().stream()
                    .filter(mapping -> !removed.contains(mapping.sourceTableIdentifier()))
                    .toList();
            mirror.config = ProtoJson.with(mirror.config, tree -> tree.set("tableMappings", ProtoJson.tree(kept)));
        }
        if (transition(mirror, epoch, FlowStatus.STATUS_MODIFYING)) {
            schedule(mirror, stepDelay, (target, current) -> transition(target, current, FlowStatus.STATUS_RUNNING));
        }
    }

    /** Table additions; all of them are ignored when one repeats a mapped source or destination table. */
    private static List<TableMapping> additions(FlowConnectionConfigs config, List<CdcFlowConfigUpdate> updates) {
        List<TableMapping> additions =
                updates.stream().flatMap(u -> u.additionalTables().stream()).toList();
        Set<String> sources = config.tableMappings().stream()
                .map(TableMapping::sourceTableIdentifier)
                .collect(Collectors.toSet());
        Set<String> destinations = config.tableMappings().stream()
                .map(TableMapping::destinationTableIdentifier)
                .collect(Collectors.toSet());
        boolean duplicate = additions.stream()
                .anyMatch(mapping -> sources.contains(mapping.sourceTableIdentifier())
                        || destinations.contains(mapping.destinationTableIdentifier()));
        return duplicate ? List.of() : additions;
    }

    /** Applies the non-zero settings of the updates (batch size, idle timeout, env, snapshot tuning). */
    private static FlowConnectionConfigs applySettings(
            FlowConnectionConfigs config, List<CdcFlowConfigUpdate> updates) {
        return ProtoJson.with(config, tree -> {
            Map<String, String> env = new TreeMap<>(config.env());
            for (CdcFlowConfigUpdate update : updates) {
                putIfSet(tree, "maxBatchSize", update.batchSize());
                putIfSet(tree, "idleTimeoutSeconds", update.idleTimeout());
                putIfSet(tree, "snapshotNumRowsPerPartition", update.snapshotNumRowsPerPartition());
                putIfSet(tree, "snapshotNumPartitionsOverride", update.snapshotNumPartitionsOverride());
                putIfSet(tree, "snapshotMaxParallelWorkers", update.snapshotMaxParallelWorkers());
                putIfSet(tree, "snapshotNumTablesInParallel", update.snapshotNumTablesInParallel());
                env.putAll(update.updatedEnv());
            }
            tree.set("env", ProtoJson.tree(env));
        });
    }

    private static void putIfSet(ObjectNode tree, String field, long value) {
        if (value != 0) {
            tree.put(field, value);
        }
    }

    /** {@code SyncFlowCleanup}: drops the default-named slot and publication only, then deletes the row. */
    private void drop(Mirror mirror) {
        FlowConnectionConfigs config = config(mirror);
        sourceDatabase(config).ifPresent(source -> {
            try {
                source.dropSlot(mirror.defaultSlot());
                source.dropPublication(mirror.defaultPublication());
            } catch (SQLException e) {
                LOG.warnf(
                        "PeerDB emulator: dropping slot/publication of mirror %s failed: %s",
                        mirror.name, e.getMessage());
            }
        });
        state.dropped(new CreatedObject(config.sourceName(), CreatedObject.Kind.SLOT, mirror.defaultSlot()));
        state.dropped(
                new CreatedObject(config.sourceName(), CreatedObject.Kind.PUBLICATION, mirror.defaultPublication()));
        state.removeMirror(mirror);
        LOG.infof("PeerDB emulator: mirror %s dropped", mirror.name);
    }

    private boolean transition(Mirror mirror, int epoch, FlowStatus status) {
        synchronized (state) {
            if (!state.isCurrent(mirror) || mirror.epoch != epoch) {
                return false;
            }
            mirror.status = status;
        }
        LOG.debugf("PeerDB emulator: mirror %s is %s", mirror.name, status);
        return true;
    }

    private void fail(Mirror mirror, int epoch, String error) {
        if (transition(mirror, epoch, FlowStatus.STATUS_FAILED)) {
            state.log(mirror.name, "error", error);
            LOG.infof("PeerDB emulator: mirror %s failed: %s", mirror.name, error);
        }
    }

    private FlowConnectionConfigs config(Mirror mirror) {
        synchronized (state) {
            return mirror.config;
        }
    }

    private Optional<SourceDatabase> sourceDatabase(FlowConnectionConfigs config) {
        return state.peer(config.sourceName()).flatMap(PeerDbEmulator.Peer::database);
    }

    private static List<QualifiedTable> tables(List<TableMapping> mappings) {
        return mappings.stream()
                .map(mapping -> QualifiedTable.parse(mapping.sourceTableIdentifier()))
                .toList();
    }

    private void schedule(Mirror mirror, Duration delay, Step step) {
        int epoch;
        synchronized (state) {
            epoch = mirror.epoch;
        }
        scheduler.schedule(() -> run(mirror, epoch, step), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(Mirror mirror, int epoch, Step step) {
        synchronized (state) {
            if (!state.isCurrent(mirror) || mirror.epoch != epoch) {
                return;
            }
        }
        try {
            step.run(mirror, epoch);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "PeerDB emulator: workflow step of mirror %s failed", mirror.name);
            fail(mirror, epoch, e.getMessage());
        }
    }

    private <T> T awaitOnScheduler(Callable<T> task) {
        try {
            return scheduler.submit(task).get(SYNC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("PeerDB emulator workflow thread busy for " + SYNC_TIMEOUT, e);
        }
    }
}
