package io.echodb.mirror.service;

import io.echodb.common.peerdb.FlowStatus;
import io.echodb.mirror.MirrorMetrics;
import io.echodb.mirror.client.FlowStateChangeRequest;
import io.echodb.mirror.client.MirrorStatusResponse;
import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.client.PeerDbOutcome;
import io.echodb.mirror.domain.DeadLetter;
import io.echodb.mirror.domain.DeadLetter.Operation;
import io.echodb.mirror.domain.MirrorPlan;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * One change of a shared mirror: creates it for its first tables, or validates the additions, pauses it, waits for
 * {@code STATUS_PAUSED} and sends the table additions and removals with the resume (peerdb-api.md §6). A busy mirror
 * is not paused ({@link Result#busy(FlowStatus)}); a failed cycle parks its tables as dead letters and resumes what it
 * paused (docs/architecture.md, "Shared mirror cycle").
 */
@ApplicationScoped
public class SharedMirrorCycle {

    /**
     * The tables to add to and remove from one shared mirror.
     *
     * @param mirror the shared mirror's name
     * @param additions tables to add (the mirror is created with them when it does not exist)
     * @param removals tables to remove, with why
     */
    public record Batch(String mirror, List<MirrorPlan> additions, Map<MirrorPlan, RetireReason> removals) {

        /** Whether there is nothing to do. */
        public boolean isEmpty() {
            return additions.isEmpty() && removals.isEmpty();
        }
    }

    /**
     * What a cycle did.
     *
     * @param busyState the mirror's state when it was busy and nothing was done, else null
     * @param added tables PeerDB took up (created with the mirror, or added)
     * @param present tables the mirror already mapped
     * @param refused tables PeerDB's validation refused, with the reason
     * @param removed tables removed (or the mirror terminated because they were its last ones)
     * @param absent tables to remove that the mirror did not map
     */
    public record Result(
            FlowStatus busyState,
            List<MirrorPlan> added,
            List<MirrorPlan> present,
            Map<MirrorPlan, String> refused,
            List<MirrorPlan> removed,
            List<MirrorPlan> absent) {

        /** Nothing done: the mirror is in {@code state}, to be tried again later. */
        public static Result busy(FlowStatus state) {
            return new Result(state, List.of(), List.of(), Map.of(), List.of(), List.of());
        }
    }

    /** Where a pause cycle is. */
    public enum Step {
        /** The pause is requested; waiting for {@code STATUS_PAUSED}. */
        PAUSING,
        /** The table changes are sent with the resume; waiting for PeerDB to take them up. */
        APPLYING,
        /**
         * PeerDB took the additions up and snapshots them ({@code STATUS_SNAPSHOT}, peerdb-api.md §6): the mirror's
         * CDC is on hold and its slot retains WAL until the snapshot ends.
         */
        SNAPSHOT
    }

    /**
     * A pause cycle in flight, as {@code GET /api/v1/pause-cycles} shows it (contracts.md §6).
     *
     * @param mirror the shared mirror
     * @param source its PeerDB source peer
     * @param tablesAdded how many tables are being added
     * @param tablesAddedNames those tables, {@code schema.table}
     * @param tablesRemoved tables being removed, {@code schema.table}
     * @param step where the cycle is
     * @param since when EchoDB paused the mirror (or, for a mirror already paused, sent the changes)
     * @param stepSince when the current step began (for {@link Step#SNAPSHOT}: when the snapshot started)
     * @param expectedBy when the mirror is expected to run again: {@code since} plus the cycle's timeout
     *     ({@code quarkus.fault-tolerance."io.echodb.mirror.service.SharedMirrorCycle/run".timeout}), after which
     *     EchoDB gives up and resumes it; {@code null} in {@link Step#SNAPSHOT}, whose length depends on the
     *     tables' size
     */
    public record PauseCycle(
            String mirror,
            String source,
            int tablesAdded,
            List<String> tablesAddedNames,
            List<String> tablesRemoved,
            Step step,
            Instant since,
            Instant stepSince,
            Instant expectedBy) {

        public PauseCycle {
            tablesAddedNames = List.copyOf(tablesAddedNames);
            tablesRemoved = List.copyOf(tablesRemoved);
        }

        PauseCycle at(Step next, Instant now, Instant nextExpectedBy) {
            return new PauseCycle(
                    mirror, source, tablesAdded, tablesAddedNames, tablesRemoved, next, since, now, nextExpectedBy);
        }
    }

    private final PeerDbClient peerDb;
    private final FlowRequests requests;
    private final MirrorWaits waits;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final Set<String> pausedByEchoDb = ConcurrentHashMap.newKeySet();
    private final Map<String, PauseCycle> inFlight = new ConcurrentHashMap<>();
    private final Duration timeout;

    SharedMirrorCycle(
            PeerDbClient peerDb,
            FlowRequests requests,
            MirrorWaits waits,
            DeadLetters deadLetters,
            MeterRegistry meters,
            Config config) {
        this.timeout = timeout(config);
        this.peerDb = peerDb;
        this.requests = requests;
        this.waits = waits;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /**
     * Applies {@code batch} to its shared mirror (see the class comment).
     *
     * @return what was done; fails with {@link DeadLetteredException} when PeerDB could not be reached, answered
     *     unexpectedly, the mirror is failed or finished, or the timeout expired
     */
    @Timeout
    @Fallback(fallbackMethod = "runFailed")
    public Uni<Result> run(Batch batch, Attempt attempt) {
        return attempt(batch, true, attempt);
    }

    Uni<Result> runFailed(Batch batch, Attempt attempt, Throwable failure) {
        attempt.end();
        String error = Failures.describe(failure);
        List<DeadLetter> letters = Stream.concat(
                        batch.additions().stream()
                                .map(plan -> deadLetters.record(Operation.ADD_TABLE, plan.ref(), plan.mirror(), error)),
                        batch.removals().keySet().stream()
                                .map(plan ->
                                        deadLetters.record(Operation.REMOVE_TABLE, plan.ref(), plan.mirror(), error)))
                .toList();
        return resumeIfPausedByEchoDb(batch.mirror(), Attempt.start())
                .onItemOrFailure()
                .transformToUni((ignored, resumeFailure) -> {
                    if (!pausedByEchoDb.contains(batch.mirror())) {
                        inFlight.remove(batch.mirror()); // else it stays paused, past its expected end: shown so
                    }
                    return Uni.createFrom().failure(new DeadLetteredException(letters, failure));
                });
    }

    /** The pause cycles in flight (in this process), oldest first. */
    public List<PauseCycle> pauseCycles() {
        return inFlight.values().stream()
                .sorted(Comparator.comparing(PauseCycle::since).thenComparing(PauseCycle::mirror))
                .toList();
    }

    /** Whether PeerDB snapshots tables EchoDB added to {@code mirror}, as far as the last look at it showed. */
    public boolean isSnapshotting(String mirror) {
        PauseCycle cycle = inFlight.get(mirror);
        return cycle != null && cycle.step() == Step.SNAPSHOT;
    }

    /** Whether EchoDB paused {@code mirror} and has not resumed it yet (in this process). */
    public boolean isPausedByEchoDb(String mirror) {
        return pausedByEchoDb.contains(mirror);
    }

    private Uni<Result> attempt(Batch batch, boolean mayCreate, Attempt attempt) {
        return peerDb.mirrorConfig(batch.mirror())
                .invoke(status -> forgetEndedSnapshot(
                        batch.mirror(), status.map(MirrorStatusResponse::state).orElse(null)))
                .flatMap(status ->
                        status.isEmpty() ? create(batch, mayCreate, attempt) : change(batch, status.get(), attempt));
    }

    /** The mirror does not exist: create it with the tables to add that PeerDB accepts. */
    private Uni<Result> create(Batch batch, boolean mayCreate, Attempt attempt) {
        List<MirrorPlan> absent = List.copyOf(batch.removals().keySet());
        if (batch.additions().isEmpty()) {
            return Uni.createFrom().item(new Result(null, List.of(), List.of(), Map.of(), List.of(), absent));
        }
        return admit(batch.mirror(), batch.additions()).flatMap(admission -> {
            if (admission.exists() && mayCreate) {
                return attempt(batch, false, attempt); // created meanwhile (e.g. by a create whose answer was lost)
            }
            if (admission.accepted().isEmpty()) {
                return Uni.createFrom()
                        .item(new Result(null, List.of(), List.of(), admission.refused(), List.of(), absent));
            }
            return attempt.then(() -> peerDb.createCdcFlow(requests.create(batch.mirror(), admission.accepted())))
                    .flatMap(outcome -> switch (outcome) {
                        case PeerDbOutcome.Accepted accepted -> {
                            Log.infof(
                                    "Created shared mirror %s with %d table(s) (workflow %s)",
                                    batch.mirror(), admission.accepted().size(), accepted.workflowId());
                            yield Uni.createFrom()
                                    .item(new Result(
                                            null,
                                            admission.accepted(),
                                            List.of(),
                                            admission.refused(),
                                            List.of(),
                                            absent));
                        }
                        case PeerDbOutcome.AlreadyExists exists ->
                            mayCreate
                                    ? attempt(batch, false, attempt)
                                    : Uni.createFrom()
                                            .failure(new IllegalStateException("shared mirror " + batch.mirror()
                                                    + " exists but PeerDB does not report it"));
                        case PeerDbOutcome.Refused refused ->
                            Uni.createFrom()
                                    .item(new Result(
                                            null,
                                            List.of(),
                                            List.of(),
                                            refusedAll(
                                                    admission.accepted(),
                                                    refused.error().summary()),
                                            List.of(),
                                            absent));
                    });
        });
    }

    /** The mirror exists: add and remove what it does not map yet / still maps, pausing it if it runs. */
    private Uni<Result> change(Batch batch, MirrorStatusResponse status, Attempt attempt) {
        Set<String> mapped = Set.copyOf(status.sourceTables());
        List<MirrorPlan> present = batch.additions().stream()
                .filter(plan -> mapped.contains(plan.sourceTableIdentifier()))
                .toList();
        List<MirrorPlan> toAdd = batch.additions().stream()
                .filter(plan -> !mapped.contains(plan.sourceTableIdentifier()))
                .toList();
        List<MirrorPlan> toRemove = batch.removals().keySet().stream()
                .filter(plan -> mapped.contains(plan.sourceTableIdentifier()))
                .toList();
        List<MirrorPlan> absent = batch.removals().keySet().stream()
                .filter(plan -> !mapped.contains(plan.sourceTableIdentifier()))
                .toList();
        FlowStatus state = status.state();
        if (toAdd.isEmpty() && toRemove.isEmpty()) {
            Result nothingToDo = new Result(null, List.of(), present, Map.of(), List.of(), absent);
            return state == FlowStatus.STATUS_PAUSED
                    ? resumeIfPausedByEchoDb(batch.mirror(), attempt).replaceWith(nothingToDo)
                    : Uni.createFrom().item(nothingToDo);
        }
        if (state.isFinal()) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("shared mirror " + batch.mirror() + " is "
                            + state
                            + ": it takes no table changes (see PeerDB's mirror logs; an operator must repair or"
                            + " drop it)"));
        }
        if (state != FlowStatus.STATUS_RUNNING && state != FlowStatus.STATUS_PAUSED) {
            Log.debugf("Shared mirror %s is %s: waiting before changing its tables", batch.mirror(), state);
            return Uni.createFrom().item(Result.busy(state));
        }
        if (toAdd.isEmpty() && toRemove.size() == mapped.size()) {
            return terminateEmptied(batch.mirror(), present, toRemove, attempt);
        }
        Uni<Admission> admitted = toAdd.isEmpty()
                ? Uni.createFrom().item(new Admission(List.of(), Map.of(), false))
                : admit(probeName(), toAdd);
        return admitted.flatMap(admission -> {
            if (admission.accepted().isEmpty() && toRemove.isEmpty()) {
                return Uni.createFrom()
                        .item(new Result(null, List.of(), present, admission.refused(), List.of(), absent));
            }
            PauseCycle cycle = new PauseCycle(
                    batch.mirror(),
                    source(batch),
                    admission.accepted().size(),
                    admission.accepted().stream()
                            .map(MirrorPlan::sourceTableIdentifier)
                            .toList(),
                    toRemove.stream().map(MirrorPlan::sourceTableIdentifier).toList(),
                    Step.PAUSING,
                    Instant.now(),
                    Instant.now(),
                    null);
            return pausedMirror(cycle, state, attempt)
                    .flatMap(paused -> applyAndResume(cycle, admission.accepted(), toRemove, attempt))
                    .replaceWith(
                            new Result(null, admission.accepted(), present, admission.refused(), toRemove, absent));
        });
    }

    /** PeerDB cannot run a mirror without tables: removing its last tables terminates it. */
    private Uni<Result> terminateEmptied(
            String mirror, List<MirrorPlan> present, List<MirrorPlan> removed, Attempt attempt) {
        Log.infof("Terminating shared mirror %s: its last table(s) leave it", mirror);
        return attempt.then(() -> peerDb.stateChange(FlowStateChangeRequest.terminate(mirror)))
                .flatMap(found ->
                        found ? waits.gone(mirror, attempt) : Uni.createFrom().voidItem())
                .invoke(() -> {
                    pausedByEchoDb.remove(mirror);
                    inFlight.remove(mirror);
                })
                .replaceWith(new Result(null, List.of(), present, Map.of(), removed, List.of()));
    }

    /** Pauses a running mirror and waits for {@code STATUS_PAUSED}; a paused one is used as it is. */
    private Uni<FlowStatus> pausedMirror(PauseCycle cycle, FlowStatus state, Attempt attempt) {
        String mirror = cycle.mirror();
        if (state == FlowStatus.STATUS_PAUSED) {
            Log.infof("Shared mirror %s is already paused: applying the pending table changes resumes it", mirror);
            return Uni.createFrom().item(state);
        }
        Log.debugf("Pausing shared mirror %s", mirror);
        return attempt.then(() -> {
                    inFlight.put(
                            mirror,
                            cycle.at(Step.PAUSING, cycle.since(), cycle.since().plus(timeout)));
                    return peerDb.stateChange(FlowStateChangeRequest.pause(mirror));
                })
                .invoke(() -> pausedByEchoDb.add(mirror))
                .flatMap(found -> waits.state(mirror, current -> current == FlowStatus.STATUS_PAUSED, attempt));
    }

    /** Sends the update with {@code STATUS_RUNNING} and waits until PeerDB has taken it up (no longer paused). */
    private Uni<Void> applyAndResume(
            PauseCycle cycle, List<MirrorPlan> additions, List<MirrorPlan> removals, Attempt attempt) {
        String mirror = cycle.mirror();
        Log.debugf("Applying to shared mirror %s: +%d -%d table(s)", mirror, additions.size(), removals.size());
        return attempt.then(() -> {
                    Instant now = Instant.now();
                    inFlight.compute(mirror, (name, current) -> {
                        PauseCycle base = current == null ? cycle : current;
                        return base.at(Step.APPLYING, now, base.since().plus(timeout));
                    });
                    return peerDb.stateChange(FlowStateChangeRequest.applyAndResume(
                            mirror, FlowRequests.mappings(additions), FlowRequests.mappings(removals)));
                })
                .invoke(() -> MirrorMetrics.sharedPauseCycles(meters, mirror).increment())
                .flatMap(found -> waits.state(
                        mirror,
                        current -> current != FlowStatus.STATUS_PAUSED && current != FlowStatus.STATUS_PAUSING,
                        attempt))
                .invoke(() -> pausedByEchoDb.remove(mirror))
                .invoke(state -> {
                    if (state == FlowStatus.STATUS_SNAPSHOT && !additions.isEmpty()) {
                        inFlight.computeIfPresent(
                                mirror, (name, current) -> current.at(Step.SNAPSHOT, Instant.now(), null));
                    } else {
                        inFlight.remove(mirror);
                    }
                })
                .invoke(state -> Log.infof(
                        "Shared mirror %s took up +%d -%d table(s), now %s",
                        mirror, additions.size(), removals.size(), state))
                .replaceWithVoid();
    }

    private Uni<Void> resumeIfPausedByEchoDb(String mirror, Attempt attempt) {
        if (!pausedByEchoDb.contains(mirror)) {
            return Uni.createFrom().voidItem();
        }
        Log.infof("Resuming shared mirror %s, which EchoDB paused", mirror);
        return attempt.then(() -> peerDb.stateChange(FlowStateChangeRequest.resume(mirror)))
                .invoke(() -> {
                    pausedByEchoDb.remove(mirror);
                    inFlight.remove(mirror);
                })
                .replaceWithVoid();
    }

    /** A snapshot of added tables is over once PeerDB no longer reports the mirror in {@code STATUS_SNAPSHOT}. */
    private void forgetEndedSnapshot(String mirror, FlowStatus state) {
        if (state != FlowStatus.STATUS_SNAPSHOT && isSnapshotting(mirror)) {
            inFlight.remove(mirror);
            Log.infof(
                    "Shared mirror %s has snapshotted the added table(s) (now %s)",
                    mirror, state == null ? "gone" : state);
        }
    }

    private static String source(Batch batch) {
        return Stream.concat(batch.additions().stream(), batch.removals().keySet().stream())
                .map(MirrorPlan::source)
                .findFirst()
                .orElse(null);
    }

    /**
     * The cycle's {@code @Timeout}: {@code quarkus.fault-tolerance."<this class>/run".timeout.value} and
     * {@code .unit} (MicroProfile Fault Tolerance's default: 1000 ms).
     */
    private static Duration timeout(Config config) {
        String key = "quarkus.fault-tolerance.\"" + SharedMirrorCycle.class.getName() + "/run\".timeout.";
        long value = config.getOptionalValue(key + "value", Long.class).orElse(1000L);
        ChronoUnit unit = config.getOptionalValue(key + "unit", String.class)
                .map(name -> ChronoUnit.valueOf(name.toUpperCase(Locale.ROOT)))
                .orElse(ChronoUnit.MILLIS);
        return Duration.of(value, unit);
    }

    /**
     * Which of {@code tables} PeerDB accepts: validated together under {@code name}; when refused, one by one to
     * find the culprits.
     */
    private Uni<Admission> admit(String name, List<MirrorPlan> tables) {
        return peerDb.validateCdcMirror(requests.create(name, tables)).flatMap(outcome -> switch (outcome) {
            case PeerDbOutcome.Accepted accepted -> Uni.createFrom().item(new Admission(tables, Map.of(), false));
            case PeerDbOutcome.AlreadyExists exists -> Uni.createFrom().item(new Admission(List.of(), Map.of(), true));
            case PeerDbOutcome.Refused refused ->
                tables.size() == 1
                        ? Uni.createFrom()
                                .item(new Admission(
                                        List.of(),
                                        refusedAll(tables, refused.error().summary()),
                                        false))
                        : admitOneByOne(tables);
        });
    }

    private Uni<Admission> admitOneByOne(List<MirrorPlan> tables) {
        return Multi.createFrom()
                .iterable(tables)
                .onItem()
                .transformToUni(plan -> peerDb.validateCdcMirror(requests.create(probeName(), List.of(plan)))
                        .map(outcome -> Map.entry(plan, outcome)))
                .merge(4)
                .collect()
                .asList()
                .map(outcomes -> {
                    List<MirrorPlan> accepted = new ArrayList<>();
                    Map<MirrorPlan, String> refused = new LinkedHashMap<>();
                    for (MirrorPlan plan : tables) {
                        outcomes.stream()
                                .filter(entry -> entry.getKey().equals(plan))
                                .findFirst()
                                .ifPresent(entry -> {
                                    if (entry.getValue() instanceof PeerDbOutcome.Refused no) {
                                        refused.put(plan, no.error().summary());
                                    } else {
                                        accepted.add(plan);
                                    }
                                });
                    }
                    return new Admission(accepted, refused, false);
                });
    }

    private static Map<MirrorPlan, String> refusedAll(List<MirrorPlan> tables, String reason) {
        Map<MirrorPlan, String> refused = new LinkedHashMap<>();
        tables.forEach(plan -> refused.put(plan, reason));
        return refused;
    }

    /** A mirror name nobody uses, for validating additions (validate refuses an existing name with 409). */
    private static String probeName() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return "echodb_validate_" + HexFormat.of().formatHex(random);
    }

    /**
     * Which tables PeerDB's validation accepted.
     *
     * @param accepted tables that may be added
     * @param refused tables refused, with the reason
     * @param exists the validated name is taken (validate answered 409)
     */
    private record Admission(List<MirrorPlan> accepted, Map<MirrorPlan, String> refused, boolean exists) {}
}
