package io.echodb.mirror.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.echodb.mirror.MirrorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * PeerDB's flow API as EchoDB uses it: answers become values ({@link PeerDbOutcome}; 404 → empty), a 2xx without
 * the expected body an error ({@link PeerDbException#malformed}). Every call but {@link #version()} retries
 * {@link RetryablePeerDbFailure retryable failures} behind a circuit breaker and a bulkhead per operation, tuned in
 * configuration only (docs/configuration-mirror-service.md, "Fault tolerance"); each attempt is timed.
 */
@ApplicationScoped
public class PeerDbClient {

    /** Names of the circuit breakers, one per operation, as {@code GET /api/v1/status} lists them. */
    public static final List<String> CIRCUIT_BREAKERS = List.of(
            "peerdb-validate", "peerdb-create", "peerdb-list", "peerdb-status", "peerdb-config", "peerdb-state-change");

    private final PeerDbRestClient rest;
    private final MeterRegistry meters;

    PeerDbClient(@RestClient PeerDbRestClient rest, MeterRegistry meters) {
        this.rest = rest;
        this.meters = meters;
    }

    /**
     * PeerDB's version ({@code GET /v1/version}), for the readiness check: one attempt, no retry, no
     * breaker, so it reports PeerDB as it is right now.
     *
     * @return the version string (may be empty); fails when PeerDB cannot be reached or answers an error
     */
    public Uni<String> version() {
        return timed(
                "version",
                rest.version().map(response -> {
                    if (response == null) {
                        throw PeerDbException.malformed("version", "no body");
                    }
                    return response.version();
                }),
                version -> "success");
    }

    /**
     * Validates a mirror without creating it ({@code POST /v1/mirrors/cdc/validate}).
     *
     * @return {@link PeerDbOutcome.Accepted} (with a {@code null} workflow id) when valid,
     *     {@link PeerDbOutcome.AlreadyExists} on 409, {@link PeerDbOutcome.Refused} on a validation failure
     *     (400, e.g. reason {@code SOURCE_TABLE_MISSING}); fails on transport errors, other answers and a 200
     *     that is not {@code {}}
     */
    @Retry
    @CustomBackoff(PeerDbBackoffStrategy.class)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker
    @CircuitBreakerName("peerdb-validate")
    @Bulkhead
    public Uni<PeerDbOutcome> validateCdcMirror(CreateCdcFlowRequest request) {
        Uni<PeerDbOutcome> call = readable("validate", rest.validateCdcMirror(request))
                .map(body -> (PeerDbOutcome) new PeerDbOutcome.Accepted(null))
                .onFailure(PeerDbException.class)
                .recoverWithUni(PeerDbClient::answerOrFailure);
        return timed("validate", call, PeerDbClient::outcomeTag);
    }

    /**
     * Creates a CDC mirror ({@code POST /v1/flows/cdc/create}). PeerDB sets it up asynchronously afterwards.
     *
     * @return {@link PeerDbOutcome.Accepted} with the workflow id, {@link PeerDbOutcome.AlreadyExists} on 409,
     *     {@link PeerDbOutcome.Refused} when create reports a wrapped validation failure (500
     *     {@code invalid mirror: ...}, without typed details); fails on transport errors, other answers and a
     *     200 without {@code workflowId}
     */
    @Retry
    @CustomBackoff(PeerDbBackoffStrategy.class)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker
    @CircuitBreakerName("peerdb-create")
    @Bulkhead
    public Uni<PeerDbOutcome> createCdcFlow(CreateCdcFlowRequest request) {
        Uni<PeerDbOutcome> call = readable("create", rest.createCdcFlow(request))
                .map(response -> (PeerDbOutcome) new PeerDbOutcome.Accepted(workflowIdOf(response)))
                .onFailure(PeerDbException.class)
                .recoverWithUni(PeerDbClient::answerOrFailure);
        return timed("create", call, PeerDbClient::outcomeTag);
    }

    /**
     * Every mirror in PeerDB's catalog ({@code GET /v1/mirrors/list}), CDC and QRep.
     *
     * @return the mirrors, empty when there are none; fails on transport errors, error answers and a 200
     *     without a {@code mirrors} array (PeerDB always writes it, empty or not)
     */
    @Retry
    @CustomBackoff(PeerDbBackoffStrategy.class)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker
    @CircuitBreakerName("peerdb-list")
    @Bulkhead
    public Uni<List<ListMirrorsResponse.Item>> listMirrors() {
        Uni<List<ListMirrorsResponse.Item>> call = readable("list", rest.listMirrors())
                .map(response -> {
                    if (response == null || response.mirrors() == null) {
                        throw PeerDbException.malformed("list", "no \"mirrors\" array");
                    }
                    return response.mirrors();
                });
        return timed("list", call, mirrors -> "success");
    }

    /**
     * One mirror's state ({@code POST /v1/mirrors/status} without flow info).
     *
     * @return the status, or empty when PeerDB does not know the mirror (404); fails on transport errors, other
     *     error answers and a 200 without {@code currentFlowState}
     */
    @Retry
    @CustomBackoff(PeerDbBackoffStrategy.class)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker
    @CircuitBreakerName("peerdb-status")
    @Bulkhead
    public Uni<Optional<MirrorStatusResponse>> mirrorStatus(String mirror) {
        return status("status", MirrorStatusRequest.stateOf(mirror), false);
    }

    /**
     * One mirror's state and configuration ({@code POST /v1/mirrors/status} with {@code includeFlowInfo},
     * {@code excludeBatches} and {@code excludeSnapshotStatus}): what {@link MirrorStatusResponse#tableMappings()}
     * reads.
     *
     * @return the status with its table mappings, or empty on 404; fails on transport errors, other error answers
     *     and a 200 without {@code currentFlowState} or {@code cdcStatus.config.tableMappings}
     */
    @Retry
    @CustomBackoff(PeerDbBackoffStrategy.class)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker
    @CircuitBreakerName("peerdb-config")
    @Bulkhead
    public Uni<Optional<MirrorStatusResponse>> mirrorConfig(String mirror) {
        return status("config", MirrorStatusRequest.configOf(mirror), true);
    }

    /**
     * Changes a mirror's state ({@code POST /v1/mirrors/state_change}, peerdb-api.md §6): pause, resume, terminate,
     * or apply table additions and removals.
     *
     * @return {@code true} when PeerDB took the request (200 {@code {}}; it may still be a silent no-op, e.g. a
     *     pause outside RUNNING), {@code false} when it does not know the mirror (404); fails on transport errors,
     *     other error answers and a 200 that is not {@code {}}
     */
    @Retry
    @CustomBackoff(PeerDbBackoffStrategy.class)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker
    @CircuitBreakerName("peerdb-state-change")
    @Bulkhead
    public Uni<Boolean> stateChange(FlowStateChangeRequest request) {
        Uni<Boolean> call = readable("state_change", rest.stateChange(request))
                .map(body -> {
                    if (body == null) {
                        throw PeerDbException.malformed("state_change", "empty body");
                    }
                    return true;
                })
                .onFailure(PeerDbClient::isNotFound)
                .recoverWithItem(false);
        return timed("state_change", call, found -> found ? "success" : "not_found");
    }

    private Uni<Optional<MirrorStatusResponse>> status(
            String operation, MirrorStatusRequest request, boolean flowInfo) {
        Uni<Optional<MirrorStatusResponse>> call = readable(operation, rest.mirrorStatus(request))
                .map(status -> {
                    if (status == null || status.currentFlowState() == null) {
                        throw PeerDbException.malformed(operation, "no currentFlowState");
                    }
                    if (flowInfo && !status.hasFlowInfo()) {
                        throw PeerDbException.malformed(operation, "no cdcStatus.config.tableMappings");
                    }
                    return Optional.of(status);
                })
                .onFailure(PeerDbClient::isNotFound)
                .recoverWithItem(Optional.empty());
        return timed(operation, call, status -> status.isPresent() ? "success" : "not_found");
    }

    /** {@code call}, with an unreadable 2xx body (invalid JSON, wrong shape) turned into a malformed answer. */
    private static <T> Uni<T> readable(String operation, Uni<T> call) {
        return call.onFailure(PeerDbClient::isUnreadableBody)
                .transform(failure -> PeerDbException.malformed(operation, String.valueOf(failure.getMessage())));
    }

    private static boolean isUnreadableBody(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PeerDbException) {
                return false;
            }
            if (cause instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof PeerDbException answer && answer.httpStatus() == 404;
    }

    private static String workflowIdOf(CreateCdcFlowResponse response) {
        if (response == null
                || response.workflowId() == null
                || response.workflowId().isBlank()) {
            throw PeerDbException.malformed("create", "no workflowId");
        }
        return response.workflowId();
    }

    private static Uni<PeerDbOutcome> answerOrFailure(Throwable failure) {
        PeerDbException answer = (PeerDbException) failure;
        if (answer.isAlreadyExists()) {
            return Uni.createFrom().item(new PeerDbOutcome.AlreadyExists(answer.peerDbMessage()));
        }
        if (answer.isRefusal()) {
            return Uni.createFrom().item(new PeerDbOutcome.Refused(answer));
        }
        return Uni.createFrom().failure(answer);
    }

    private static String outcomeTag(PeerDbOutcome outcome) {
        return switch (outcome) {
            case PeerDbOutcome.Accepted accepted -> "success";
            case PeerDbOutcome.AlreadyExists exists -> "already_exists";
            case PeerDbOutcome.Refused refused -> "refused";
        };
    }

    /** {@code call}, subscribed lazily and timed from subscription to its item or failure. */
    private <T> Uni<T> timed(String operation, Uni<T> call, Function<T, String> outcome) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(meters);
            return call.onItemOrFailure()
                    .invoke((item, failure) -> sample.stop(MirrorMetrics.peerDbRequest(
                            meters, operation, failure == null ? outcome.apply(item) : "error")));
        });
    }
}
