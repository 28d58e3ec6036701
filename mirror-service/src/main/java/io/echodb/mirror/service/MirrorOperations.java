package io.echodb.mirror.service;

import io.echodb.mirror.client.CreateCdcFlowRequest;
import io.echodb.mirror.client.FlowStateChangeRequest;
import io.echodb.mirror.client.MirrorStatusResponse;
import io.echodb.mirror.client.PeerDbClient;
import io.echodb.mirror.client.PeerDbOutcome;
import io.echodb.mirror.domain.DeadLetter;
import io.echodb.mirror.domain.DeadLetter.Operation;
import io.echodb.mirror.domain.MirrorPlan;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The per-table strategy's PeerDB operations, each bounded by a {@code @Timeout} (retries and waiting for a
 * bulkhead slot included) and parked as a {@link DeadLetter} by its {@code @Fallback} when it fails for good; the
 * {@link Attempt} passed in stops the operation's remaining steps once the fallback ran. Tune
 * with {@code quarkus.fault-tolerance."io.echodb.mirror.service.MirrorOperations/<method>".timeout.value} (ms).
 */
@ApplicationScoped
public class MirrorOperations {

    /** What {@link #retireMirror(MirrorPlan)} found. */
    public enum Retirement {
        /** The mirror was terminated and is gone. */
        TERMINATED,
        /** PeerDB had no such mirror (any more). */
        GONE,
        /** A mirror of that name exists but maps other tables: not EchoDB's, left alone. */
        NOT_MANAGED
    }

    private final PeerDbClient peerDb;
    private final FlowRequests requests;
    private final MirrorWaits waits;
    private final DeadLetters deadLetters;

    MirrorOperations(PeerDbClient peerDb, FlowRequests requests, MirrorWaits waits, DeadLetters deadLetters) {
        this.peerDb = peerDb;
        this.requests = requests;
        this.waits = waits;
        this.deadLetters = deadLetters;
    }

    /**
     * Validates {@code plan}'s per-table mirror with PeerDB and, when valid, creates it.
     *
     * @return the validation outcome when PeerDB refused it or knows the name already, else the create outcome;
     *     fails with {@link DeadLetteredException} when PeerDB could not be reached, answered unexpectedly or the
     *     timeout (120 s) expired
     */
    @Timeout
    @Fallback(fallbackMethod = "createMirrorFailed")
    public Uni<PeerDbOutcome> createMirror(MirrorPlan plan, Attempt attempt) {
        CreateCdcFlowRequest request = requests.create(plan.mirror(), List.of(plan));
        return peerDb.validateCdcMirror(request)
                .flatMap(validation -> validation instanceof PeerDbOutcome.Accepted
                        ? attempt.then(() -> peerDb.createCdcFlow(request))
                        : Uni.createFrom().item(validation));
    }

    Uni<PeerDbOutcome> createMirrorFailed(MirrorPlan plan, Attempt attempt, Throwable failure) {
        attempt.end();
        return park(Operation.CREATE_MIRROR, plan, failure);
    }

    /**
     * Terminates {@code plan}'s per-table mirror if it is EchoDB's (it maps exactly {@code plan}'s table from
     * {@code plan}'s source) and waits until PeerDB has dropped it, so that a mirror of the same name can be created
     * again right after.
     *
     * @return what was found; fails with {@link DeadLetteredException} when PeerDB could not be reached, answered
     *     unexpectedly or the timeout (120 s) expired
     */
    @Timeout
    @Fallback(fallbackMethod = "retireMirrorFailed")
    public Uni<Retirement> retireMirror(MirrorPlan plan, Attempt attempt) {
        return peerDb.mirrorConfig(plan.mirror()).flatMap(status -> {
            if (status.isEmpty()) {
                return Uni.createFrom().item(Retirement.GONE);
            }
            if (!isOnlyTableOf(plan, status.get())) {
                return Uni.createFrom().item(Retirement.NOT_MANAGED);
            }
            return attempt.then(() -> peerDb.stateChange(FlowStateChangeRequest.terminate(plan.mirror())))
                    .flatMap(found -> found
                            ? waits.gone(plan.mirror(), attempt)
                            : Uni.createFrom().voidItem())
                    .replaceWith(Retirement.TERMINATED);
        });
    }

    Uni<Retirement> retireMirrorFailed(MirrorPlan plan, Attempt attempt, Throwable failure) {
        attempt.end();
        return park(Operation.RETIRE_MIRROR, plan, failure);
    }

    private static boolean isOnlyTableOf(MirrorPlan plan, MirrorStatusResponse status) {
        String source = status.cdcStatus().config().sourceName();
        return (source == null || source.equals(plan.source()))
                && status.sourceTables().equals(List.of(plan.sourceTableIdentifier()));
    }

    private <T> Uni<T> park(Operation operation, MirrorPlan plan, Throwable failure) {
        DeadLetter letter = deadLetters.record(operation, plan.ref(), plan.mirror(), Failures.describe(failure));
        return Uni.createFrom().failure(new DeadLetteredException(List.of(letter), failure));
    }
}
