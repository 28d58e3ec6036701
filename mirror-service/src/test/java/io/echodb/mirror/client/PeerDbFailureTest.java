package io.echodb.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.junit.jupiter.api.Test;

/** Which PeerDB failures are retried, which are refusals (peerdb-api.md §2, §3.3). */
class PeerDbFailureTest {

    private final RetryablePeerDbFailure retryable = new RetryablePeerDbFailure();

    private static PeerDbException answer(int status, int grpcCode, String message) {
        return new PeerDbException(status, grpcCode, message, null);
    }

    @Test
    void unavailableAndInternalErrorsAreRetried() {
        assertThat(retryable.test(answer(503, 14, "maintenance mode"))).isTrue();
        assertThat(retryable.test(answer(500, 13, "failed to get peer"))).isTrue();
        assertThat(retryable.test(answer(502, PeerDbException.UNKNOWN_GRPC_CODE, "no google.rpc.Status body")))
                .isTrue();
    }

    @Test
    void wrappedValidationFailureIsARefusalNotRetried() {
        PeerDbException wrapped = answer(
                500, 13, "invalid mirror: rpc error: code = FailedPrecondition desc = table public.x does not exist");

        assertThat(wrapped.isRefusal()).isTrue();
        assertThat(retryable.test(wrapped)).isFalse();
    }

    @Test
    void clientErrorsAreNotRetried() {
        assertThat(retryable.test(answer(400, 9, "source table missing"))).isFalse();
        assertThat(retryable.test(answer(409, 6, "flow already exists: orders_mirror")))
                .isFalse();
        assertThat(retryable.test(answer(404, 5, "Not Found"))).isFalse();
        assertThat(retryable.test(answer(501, 12, "Method Not Allowed"))).isFalse();
        assertThat(retryable.test(answer(401, 16, "unauthenticated"))).isFalse();
    }

    @Test
    void connectionErrorsAndTimeoutsAreRetried() {
        assertThat(retryable.test(new ProcessingException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(retryable.test(new TimeoutException())).isTrue();
    }

    @Test
    void answersWithoutTheExpectedBodyAreRetried() {
        PeerDbException malformed = PeerDbException.malformed("create", "no workflowId");

        assertThat(malformed.isMalformed()).isTrue();
        assertThat(malformed.getMessage()).contains("HTTP 200", "create answered 200 without the expected body");
        assertThat(retryable.test(malformed)).isTrue();
    }

    @Test
    void fullBulkheadIsRetriedButProgrammingErrorsAreNot() {
        assertThat(retryable.test(new BulkheadException("full"))).isTrue();
        assertThat(retryable.test(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void summaryLeadsWithPeerDbsReason() {
        PeerDbException refused = new PeerDbException(400, 9, "table public.x does not exist", "SOURCE_TABLE_MISSING");

        assertThat(refused.summary()).isEqualTo("SOURCE_TABLE_MISSING: table public.x does not exist");
        assertThat(refused.getMessage()).contains("HTTP 400", "gRPC code 9", "SOURCE_TABLE_MISSING");
    }
}
