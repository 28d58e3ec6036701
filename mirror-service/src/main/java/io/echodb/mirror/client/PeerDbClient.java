package io.echodb.mirror.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * PeerDB's flow API as EchoDB uses it. Translates answers into values ({@link PeerDbOutcome}: 409 → already
 * exists, validation refusals → refused; 404 → empty) and guards every mutating or polling call with retries
 * (exponential backoff with jitter, only for {@link RetryablePeerDbFailure retryable failures}) and a circuit
 * breaker per operation. Refusals and "already exists" are answers, not failures, so they neither retry nor
 * open a breaker. Timeouts for a whole operation belong to the caller ({@code @Timeout}).
 *
 * <p>Fault-tolerance parameters can be tuned per method with
 * {@code quarkus.fault-tolerance."io.echodb.mirror.client.PeerDbClient/<method>".<strategy>.<param>}; the
 * defaults in {@code application.properties} follow the replaced worker's {@code MAX_RETRIES} and
 * {@code RETRY_DELAY}. Every HTTP attempt is timed as {@value #REQUEST_TIMER} with tags {@code operation}
 * and {@code outcome}.
 */
@ApplicationScoped
public class PeerDbClient {

    /** Timer of each HTTP request to PeerDB. */
    public static final String REQUEST_TIMER = "echodb.peerdb.request";

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
        return timed("version", rest.version(), response -> "success").map(VersionResponse::version);
    }

    /**
     * Validates a mirror without creating it ({@code POST /v1/mirrors/cdc/validate}).
     *
     * @return {@link PeerDbOutcome.Accepted} (with a {@code null} workflow id) when valid,
     *     {@link PeerDbOutcome.AlreadyExists} on 409, {@link PeerDbOutcome.Refused} on a validation failure
     *     (400, e.g. reason {@code SOURCE_TABLE_MISSING}); fails on transport errors and other answers
     */
    @Retry(maxRetries = 4, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 250, maxDuration = 60,
            durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("peerdb-validate")
    public Uni<PeerDbOutcome> validateCdcMirror(CreateCdcFlowRequest request) {
        Uni<PeerDbOutcome> call = rest.validateCdcMirror(request)
                .map(nothing -> (PeerDbOutcome) new PeerDbOutcome.Accepted(null))
                .onFailure(PeerDbException.class).recoverWithUni(PeerDbClient::answerOrFailure);
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
    @Retry(maxRetries = 4, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 250, maxDuration = 60,
            durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("peerdb-create")
    public Uni<PeerDbOutcome> createCdcFlow(CreateCdcFlowRequest request) {
        Uni<PeerDbOutcome> call = rest.createCdcFlow(request)
                .map(response -> (PeerDbOutcome) new PeerDbOutcome.Accepted(workflowIdOf(response)))
                .onFailure(PeerDbException.class).recoverWithUni(PeerDbClient::answerOrFailure);
        return timed("create", call, PeerDbClient::outcomeTag);
    }

    /**
     * Every mirror in PeerDB's catalog ({@code GET /v1/mirrors/list}), CDC and QRep.
     *
     * @return the mirrors, empty when there are none; fails on transport errors and error answers
     */
    @Retry(maxRetries = 4, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 250, maxDuration = 60,
            durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("peerdb-list")
    public Uni<List<ListMirrorsResponse.Item>> listMirrors() {
        Uni<List<ListMirrorsResponse.Item>> call = rest.listMirrors()
                .map(response -> response == null || response.mirrors() == null ? List.of() : response.mirrors());
        return timed("list", call, mirrors -> "success");
    }

    /**
     * One mirror's state ({@code POST /v1/mirrors/status} with {@code excludeBatches}).
     *
     * @return the status, or empty when PeerDB does not know the mirror (404); fails on transport errors and
     *     other error answers
     */
    @Retry(maxRetries = 4, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 250, maxDuration = 60,
            durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    @RetryWhen(exception = RetryablePeerDbFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("peerdb-status")
    public Uni<Optional<MirrorStatusResponse>> mirrorStatus(String mirror) {
        Uni<Optional<MirrorStatusResponse>> call = rest.mirrorStatus(MirrorStatusRequest.stateOf(mirror))
                .map(Optional::ofNullable)
                .onFailure(failure -> failure instanceof PeerDbException answer && answer.httpStatus() == 404)
                .recoverWithItem(Optional.empty());
        return timed("status", call, status -> status.isPresent() ? "success" : "not_found");
    }

    private static String workflowIdOf(CreateCdcFlowResponse response) {
        if (response == null || response.workflowId() == null || response.workflowId().isBlank()) {
            throw new PeerDbException(200, PeerDbException.UNKNOWN_GRPC_CODE,
                    "create answered 200 without a workflowId", null);
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
            return call.onItemOrFailure().invoke((item, failure) -> sample.stop(meters.timer(REQUEST_TIMER,
                    "operation", operation, "outcome", failure == null ? outcome.apply(item) : "error")));
        });
    }
}
