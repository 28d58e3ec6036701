package io.echodb.mirror.service;

import io.echodb.mirror.client.CreateCdcFlowRequest;
import io.echodb.mirror.client.FlowConnectionConfigs;
import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.client.PeerDbOutcome;
import io.echodb.mirror.client.TableMapping;
import io.echodb.mirror.config.MirrorConfig;
import io.echodb.mirror.domain.EventType;
import io.echodb.mirror.domain.MirrorPlan;
import io.echodb.mirror.domain.MirrorState;
import io.echodb.mirror.domain.SkippedTable.DecidedBy;
import io.echodb.mirror.domain.TableEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Turns table events into PeerDB mirrors, one mirror per table (the {@code per-table} strategy).
 *
 * <p>An eligible {@code CREATED} event gets a mirror named from {@code echodb.mirror.mirror-name-template}
 * ({@link MirrorNames}); the mirror is validated, then created, in the background. "Already exists" counts as
 * success; a validation refusal is recorded and not retried. Ineligible events and tables PeerDB cannot
 * address are recorded as skipped; {@code DROPPED} events are only counted and logged for now.
 *
 * <p>Metrics: {@value #EVENTS_RECEIVED} (tags {@code type}, {@code eligible}) and {@value #MIRRORS_CREATED}
 * (tag {@code outcome}: {@code created}, {@code already_exists}, {@code failed}, {@code rejected}).
 *
 * <p>Started eagerly so invalid templates stop the service at startup, naming the setting.
 */
@Startup
@ApplicationScoped
public class MirrorService {

    /** Counter of accepted table events. */
    public static final String EVENTS_RECEIVED = "echodb.table.events.received";

    /** Counter of finished mirror creations, by outcome. */
    public static final String MIRRORS_CREATED = "echodb.mirrors.created";

    private final MirrorConfig config;
    private final MirrorNames names;
    private final PeerDbClient peerDb;
    private final MirrorRegistry registry;
    private final MeterRegistry meters;

    MirrorService(MirrorConfig config, PeerDbClient peerDb, MirrorRegistry registry, MeterRegistry meters) {
        this.config = config;
        this.peerDb = peerDb;
        this.registry = registry;
        this.meters = meters;
        try {
            this.names = new MirrorNames(
                    NameTemplate.parse(MirrorConfig.MIRROR_NAME_TEMPLATE, config.mirrorNameTemplate()),
                    NameTemplate.parse(MirrorConfig.DESTINATION_TABLE_TEMPLATE, config.destinationTableTemplate()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        if (config.syncInterval().toSeconds() < 1) {
            throw new ConfigurationException("Invalid " + MirrorConfig.SYNC_INTERVAL + " '" + config.syncInterval()
                    + "': must be at least 1s (PeerDB takes whole seconds)");
        }
    }

    /**
     * Takes one table event: counts it, records why a table is not mirrored, and for an eligible
     * {@code CREATED} event starts validating and creating its mirror in the background. Returns at once;
     * the outcome appears in {@link MirrorRegistry}. A second event for a mirror already being created, or
     * already created, does not call PeerDB again.
     */
    public void accept(TableEvent event) {
        meters.counter(EVENTS_RECEIVED, "type", event.type().name().toLowerCase(Locale.ROOT),
                "eligible", event.eligible().toString()).increment();
        if (event.type() == EventType.DROPPED) {
            Log.debugf("Table %s.%s of %s dropped: not handled yet (removing mirrors of dropped tables is a later issue)",
                    event.schema(), event.table(), event.source());
            return;
        }
        if (!event.eligible()) {
            String reason = event.reason() == null || event.reason().isBlank() ? "not eligible" : event.reason();
            skip(event, DecidedBy.LISTENER, reason);
            return;
        }
        Optional<MirrorPlan> plan = names.plan(event.source(), event.schema(), event.table());
        if (plan.isEmpty()) {
            skip(event, DecidedBy.MIRROR_SERVICE,
                    MirrorNames.unaddressableReason(event.schema(), event.table()).orElseThrow());
            return;
        }
        start(event, plan.get());
    }

    private void start(TableEvent event, MirrorPlan plan) {
        switch (registry.begin(plan)) {
            case BEGUN -> {
                Log.debugf("Creating mirror %s for %s.%s", plan.mirror(), plan.source(), plan.sourceTableIdentifier());
                createMirror(plan).subscribe().with(
                        outcome -> record(event, plan, outcome),
                        failure -> recordFailure(plan, failure));
            }
            case IN_FLIGHT -> Log.debugf("Mirror %s is already being created; duplicate event for %s.%s ignored",
                    plan.mirror(), plan.source(), plan.sourceTableIdentifier());
            case DONE -> Log.debugf("Mirror %s already exists; event for %s.%s ignored",
                    plan.mirror(), plan.source(), plan.sourceTableIdentifier());
            case NAME_TAKEN -> skip(event, DecidedBy.MIRROR_SERVICE, "mirror name " + plan.mirror()
                    + " is already used by another table; add {schema} or {source} to "
                    + MirrorConfig.MIRROR_NAME_TEMPLATE);
        }
    }

    /**
     * Validates the planned mirror with PeerDB and, when valid, creates it. The whole exchange, retries
     * included, is bounded by {@code @Timeout} (tunable with
     * {@code quarkus.fault-tolerance."io.echodb.mirror.service.MirrorService/createMirror".timeout.value}).
     *
     * @return the validation outcome when PeerDB refused it or knows the name already, else the create outcome;
     *     fails when PeerDB cannot be reached, answers unexpectedly or the timeout expires
     */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    public Uni<PeerDbOutcome> createMirror(MirrorPlan plan) {
        CreateCdcFlowRequest request = request(plan);
        return peerDb.validateCdcMirror(request)
                .flatMap(validation -> validation instanceof PeerDbOutcome.Accepted
                        ? peerDb.createCdcFlow(request)
                        : Uni.createFrom().item(validation));
    }

    private CreateCdcFlowRequest request(MirrorPlan plan) {
        FlowConnectionConfigs mirror = new FlowConnectionConfigs(plan.mirror(), plan.source(), config.destinationPeer(),
                List.of(new TableMapping(plan.sourceTableIdentifier(), plan.destinationTable())),
                config.initialSnapshot(), config.syncInterval().toSeconds(), FlowConnectionConfigs.SYSTEM_Q);
        return new CreateCdcFlowRequest(mirror, false);
    }

    private void record(TableEvent event, MirrorPlan plan, PeerDbOutcome outcome) {
        switch (outcome) {
            case PeerDbOutcome.Accepted accepted -> {
                registry.finish(plan, MirrorState.CREATED, null);
                countCreated("created");
                Log.infof("Created mirror %s: %s.%s -> %s.%s (workflow %s)", plan.mirror(), plan.source(),
                        plan.sourceTableIdentifier(), config.destinationPeer(), plan.destinationTable(),
                        accepted.workflowId());
            }
            case PeerDbOutcome.AlreadyExists exists -> {
                registry.finish(plan, MirrorState.ALREADY_EXISTED, null);
                countCreated("already_exists");
                Log.infof("Mirror %s already exists in PeerDB: %s.%s is already mirrored", plan.mirror(),
                        plan.source(), plan.sourceTableIdentifier());
            }
            case PeerDbOutcome.Refused refused -> {
                String error = refused.error().summary();
                registry.finish(plan, MirrorState.FAILED, error);
                registry.skip(event.source(), event.schema(), event.table(), event.oid(), DecidedBy.PEERDB, error);
                countCreated("rejected");
                Log.warnf("PeerDB refused mirror %s for %s.%s, not retrying: %s", plan.mirror(), plan.source(),
                        plan.sourceTableIdentifier(), error);
            }
        }
    }

    private void recordFailure(MirrorPlan plan, Throwable failure) {
        String error = describe(failure);
        registry.finish(plan, MirrorState.FAILED, error);
        countCreated("failed");
        Log.warnf("Could not create mirror %s for %s.%s: %s", plan.mirror(), plan.source(),
                plan.sourceTableIdentifier(), error);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "PeerDB did not finish validating and creating the mirror in time";
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "not calling PeerDB for now: too many recent failures (circuit breaker open)";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private void skip(TableEvent event, DecidedBy decidedBy, String reason) {
        registry.skip(event.source(), event.schema(), event.table(), event.oid(), decidedBy, reason);
        Log.warnf("Not mirroring %s.%s.%s: %s", event.source(), event.schema(), event.table(), reason);
    }

    private void countCreated(String outcome) {
        meters.counter(MIRRORS_CREATED, "outcome", outcome).increment();
    }
}
